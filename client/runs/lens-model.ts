// Where the run-side code lenses of a flow file go (design §8.3), from its syntax alone: Run /
// Debug / the scenarios above `:flow`, Simulate Webhook above each webhook trigger or
// interface, Fire Now above each schedule, and the `:wait` steps (their pending count comes
// from the store, in lenses.ts). Plain data with offsets; names as the run service takes them.

import { readEdn } from '../../engine/edn/reader';
import { mapEntries, mapGet } from '../../engine/edn/navigate';
import { unwrapMeta, type CollNode, type Node } from '../../engine/edn/nodes';
import { DocumentAnalysis } from '../../engine/language/analysis/index';
import { slugify } from '../../engine/runtime/entry-points';

export interface LensSite {
  start: number;
  end: number;
}

/** A webhook or schedule entry: `name` is what `sendWebhook`'s `trigger` / `fireSchedule`'s `schedule` take. */
export interface EntrySite extends LensSite {
  name: string;
  kind: 'trigger' | 'interface' | 'schedule';
}

export interface WaitSite extends LensSite {
  stepId: string;
}

export interface FlowLensSites {
  /** The flow's `:slug`. */
  slug: string | null;
  /** The `:flow` key: Run, Debug and the scenarios go above it. */
  flow: LensSite | null;
  webhooks: EntrySite[];
  schedules: EntrySite[];
  waits: WaitSite[];
}

function text(node: Node | undefined): string | null {
  const v = unwrapMeta(node ?? null);
  return v?.kind === 'string' ? v.value : v?.kind === 'keyword' ? (v.ns === null ? v.name : `${v.ns}/${v.name}`) : null;
}

function maps(node: Node | undefined): CollNode[] {
  const v = unwrapMeta(node ?? null);
  if (v?.kind !== 'vector' && v?.kind !== 'list') return [];
  return v.children.map((c) => unwrapMeta(c)).filter((c): c is CollNode => c?.kind === 'map');
}

function disabled(m: CollNode): boolean {
  const v = unwrapMeta(mapGet(m, 'enabled') ?? null);
  return v?.kind === 'boolean' && !v.value;
}

const site = (m: CollNode) => ({ start: m.start, end: m.start + 1 });

export function flowLensSites(source: string): FlowLensSites {
  const analysis = new DocumentAnalysis(readEdn(source));
  const flow = analysis.flow;
  const out: FlowLensSites = { slug: null, flow: null, webhooks: [], schedules: [], waits: [] };
  if (flow === null) return out;
  out.slug = text(mapGet(flow, 'slug'));
  const key = mapEntries(flow).find((e) => e.key.kind === 'keyword' && e.key.ns === null && e.key.name === 'flow')?.key;
  if (key !== undefined) out.flow = { start: key.start, end: key.end };

  // Legacy triggers, named as engine/runtime/entry-points.ts names them.
  maps(mapGet(flow, 'triggers')).forEach((t, i) => {
    if (disabled(t)) return;
    const type = text(mapGet(t, 'type'));
    const config = mapGet(t, 'config');
    const label = text(mapGet(t, 'label'));
    if (type === 'schedule') {
      out.schedules.push({ ...site(t), name: label ?? `schedule-${i + 1}`, kind: 'schedule' });
    } else if (type === 'webhook' || (type === 'event' && text(mapGet(config, 'source')) === 'webhook')) {
      out.webhooks.push({ ...site(t), name: label ?? text(mapGet(config, 'event-name')) ?? slugify(`webhook-${i + 1}`), kind: 'trigger' });
    }
  });
  for (const w of maps(mapGet(mapGet(flow, 'interfaces'), 'webhook'))) {
    const id = text(mapGet(w, 'id'));
    if (id !== null && !disabled(w)) out.webhooks.push({ ...site(w), name: id, kind: 'interface' });
  }
  for (const s of maps(mapGet(flow, 'schedules'))) {
    const id = text(mapGet(s, 'id'));
    if (id !== null && !disabled(s)) out.schedules.push({ ...site(s), name: id, kind: 'schedule' });
  }
  for (const step of analysis.index.steps) {
    if ((step.spec?.aliasOf ?? step.type) === 'wait' && step.id !== null) out.waits.push({ start: step.call.start, end: step.call.end, stepId: step.id });
  }
  return out;
}
