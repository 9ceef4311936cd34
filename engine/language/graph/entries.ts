// Entry nodes of the flow graph: what starts a run. Legacy `:triggers` (manual, schedule,
// event/webhook), and the current dialect's `:interfaces` (per category) and `:schedules`.

import type { CollNode, Node } from '../../edn/nodes';
import { unwrapMeta } from '../../edn/nodes';
import { mapEntries, mapGet } from '../../edn/navigate';
import { factText, nameOf } from './facts';
import type { GraphFact, GraphNode } from './types';

/** An entry point before it gets its node id. */
export type EntryDraft = Omit<GraphNode, 'id'>;

function entryMaps(value: Node | undefined): CollNode[] {
  const v = unwrapMeta(value ?? null);
  return v?.kind === 'vector' ? v.children.map((c) => unwrapMeta(c)).filter((c): c is CollNode => c?.kind === 'map') : [];
}

function facts(map: CollNode | null, keys: string[]): GraphFact[] {
  const out: GraphFact[] = [];
  if (map === null) return out;
  for (const key of keys) {
    const text = factText(mapGet(map, key));
    if (text !== null) out.push({ name: key, value: text });
  }
  return out;
}

function draft(entry: CollNode, type: string, titleKeys: string[], factMap: CollNode | null, factKeys: string[]): EntryDraft {
  let titleNode: Node | undefined;
  for (const k of titleKeys) if ((titleNode = mapGet(entry, k)) !== undefined && nameOf(titleNode) !== null) break;
  const title = nameOf(titleNode) ?? type;
  const at = titleNode ?? entry;
  return { kind: 'entry', type, title, facts: facts(factMap, factKeys), range: { start: entry.start, end: entry.end }, selection: { start: at.start, end: at.end } };
}

/** Every entry point the flow map declares, in source order. */
export function entryDrafts(flow: CollNode): EntryDraft[] {
  const out: EntryDraft[] = [];
  for (const { key, value } of mapEntries(flow)) {
    if (key.kind !== 'keyword' || key.ns !== null) continue;
    if (key.name === 'triggers') {
      for (const t of entryMaps(value)) {
        const type = nameOf(mapGet(t, 'type')) ?? 'trigger';
        const config = unwrapMeta(mapGet(t, 'config') ?? null);
        const cfg = config?.kind === 'map' ? config : null;
        const source = nameOf(mapGet(cfg, 'source'));
        out.push(draft(t, source === 'webhook' ? 'webhook' : type, ['label', 'id'], cfg, ['cron', 'event-name', 'path']));
      }
    } else if (key.name === 'interfaces') {
      const v = unwrapMeta(value);
      if (v?.kind !== 'map') continue;
      for (const { key: category, value: list } of mapEntries(v)) {
        const type = nameOf(category) ?? 'interface';
        for (const i of entryMaps(list)) out.push(draft(i, type, ['label', 'id', 'tool-name'], i, ['event-name', 'path', 'invocation']));
      }
    } else if (key.name === 'schedules') {
      for (const s of entryMaps(value)) out.push(draft(s, 'schedule', ['label', 'id'], s, ['cron', 'timezone']));
    }
  }
  return out;
}
