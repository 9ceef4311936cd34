// Hover: what the node under the caret is, in the flow language's words. Step types, keys
// and values show the catalog's docs; references show their definition; cron strings their
// next runs; durations their length; locals where they are bound and what they hold; core
// functions their signature. Pure: (analysis, offset) -> markdown and the range it is about.

import type { Node } from '../../../engine/edn/nodes';
import { symbolText, unwrapMeta } from '../../../engine/edn/nodes';
import { mapGet } from '../../../engine/edn/navigate';
import { declarationOf, localAt, type DocumentAnalysis, type Location, type NodeContext } from '../../../engine/language/analysis/index';
import { callableByName, prohibitedByName, stepTypeByName } from '../../../engine/language/catalog/index';
import { callableDocs, fieldDocs, stepDocs, valueDocs } from '../docs';
import { cronHover, durationHover, localHover, referenceHover } from './describe';

export interface HoverResult {
  markdown: string;
  /** Source offsets of the node the hover is about. */
  start: number;
  end: number;
}

function refIdOf(node: Node): string | null {
  if (node.kind === 'keyword') return node.ns === null ? node.name : node.ns + '/' + node.name;
  if (node.kind === 'string') return node.value;
  return null;
}

function symbolHover(analysis: DocumentAnalysis, loc: Location, node: Node & { kind: 'symbol' }, mode: 'body' | 'function'): string | null {
  const toSource = loc.region?.toSource ?? ((o: number) => o);
  const local = declarationOf(loc.path, node) ?? localAt(loc.path, node);
  if (local) return localHover(analysis, local, toSource);
  const text = symbolText(node);
  const spec = callableByName.get(text);
  const prohibited = prohibitedByName.get(text);
  if (prohibited && mode === 'body') return `${spec ? callableDocs(spec) + '\n\n' : ''}**Not allowed in the flow body:** ${prohibited.fix}.`;
  if (spec) return callableDocs(spec);
  return null;
}

/** The cron of a schedule map: a `:schedules` entry's own `:cron`, or a `:type :schedule` trigger's `:config`. */
function scheduleCron(map: Node | undefined): { cron: string; zone: string | null } | null {
  if (map?.kind !== 'map') return null;
  const type = unwrapMeta(mapGet(map, 'type') ?? null);
  const holder = type?.kind === 'keyword' && type.name === 'schedule' ? mapGet(map, 'config') : map;
  const cron = unwrapMeta(mapGet(holder, 'cron') ?? null);
  if (cron?.kind !== 'string') return null;
  const zone = unwrapMeta(mapGet(holder, 'timezone') ?? null);
  return { cron: cron.value, zone: zone?.kind === 'string' ? zone.value : null };
}

function contextHover(analysis: DocumentAnalysis, loc: Location, node: Node, ctx: NodeContext, parent: Node | undefined): string | null {
  switch (ctx.kind) {
    case 'step-type': {
      if (node.kind !== 'keyword') return null;
      if (node.ns !== null) {
        const p = analysis.decls.packaged.get(node.ns + '/' + node.name);
        return p ? `**packaged step :${p.id}**\n\n\`\`\`clojure\n${analysis.text.slice(p.entry.start, p.entry.end)}\n\`\`\`` : null;
      }
      const spec = stepTypeByName(node.name);
      return spec ? stepDocs(spec) : null;
    }
    case 'key':
      return ctx.field ? fieldDocs(ctx.field, ctx.schema.where) : null;
    case 'value': {
      const field = ctx.field;
      if (field.ref !== undefined) {
        const id = refIdOf(node);
        if (id !== null && !(node.kind === 'string' && (field.ref === 'connection' || field.ref === 'secret'))) return referenceHover(analysis, field.ref, id);
      }
      if (field.cron && node.kind === 'string') {
        const zone = parent ? unwrapMeta(mapGet(parent, 'timezone') ?? null) : null;
        return cronHover(node.value, zone?.kind === 'string' ? zone.value : null);
      }
      if (field.duration && (node.kind === 'string' || node.kind === 'number')) {
        return durationHover(node.kind === 'string' ? node.value : node.value, field.duration.unit, field.key) ?? fieldDocs(field, ctx.owner.where);
      }
      if (field.values && node.kind === 'keyword' && field.values.includes(node.name)) return valueDocs(field, node.name, ctx.owner.role);
      const schedule = field.key === 'id' || field.key === 'label' ? scheduleCron(parent) : null;
      if (schedule !== null) return `${fieldDocs(field, ctx.owner.where)}\n\n${cronHover(schedule.cron, schedule.zone)}`;
      if (node.kind === 'keyword' || node.kind === 'string' || node.kind === 'number' || node.kind === 'boolean') return fieldDocs(field, ctx.owner.where);
      return null;
    }
    case 'step-id':
      return node.kind === 'keyword' ? `**step ${':' + node.name}** — its id in runs, retries, replays and mocks.` : null;
    case 'code':
      return node.kind === 'symbol' ? symbolHover(analysis, loc, node, ctx.mode) : null;
    default:
      return null;
  }
}

export function hover(analysis: DocumentAnalysis, offset: number): HoverResult | null {
  const loc = analysis.locate(offset);
  const { path, contexts } = loc;
  const node = path[path.length - 1];
  const ctx = contexts[contexts.length - 1];
  if (node === undefined || ctx === undefined) return null;
  // Only atoms carry hovers; a caret in the whitespace of a form shows nothing.
  if (node.kind !== 'keyword' && node.kind !== 'symbol' && node.kind !== 'string' && node.kind !== 'number' && node.kind !== 'boolean') return null;
  const markdown = contextHover(analysis, loc, node, ctx, path[path.length - 2]);
  if (markdown === null) return null;
  const toSource = loc.region?.toSource ?? ((o: number) => o);
  return { markdown, start: toSource(node.start), end: toSource(node.end) };
}
