// The `:kv :get` envelope: a `:get` answers `{:success :value :exists?}`, not the value. Where
// that whole envelope flows into a `:value` (stored as is, or extended with `conj`/`assoc`/
// `into`/`merge` first, as the platform's KV example does), warn and offer `(:value x)`.

import type { CollNode, Node } from '../../edn/nodes';
import { unwrapMeta } from '../../edn/nodes';
import { mapGet } from '../../edn/navigate';
import type { LocalBinding } from '../analysis/locals';
import { bodyLocals } from './flow-body';
import type { CheckContext } from './check-context';
import { msg } from './messages';

const extenders = new Set(['conj', 'assoc', 'into', 'merge', 'concat', 'cons', 'update', 'assoc-in', 'update-in']);

/** The step id of a `(flow/step :kv :id {:operation :get ...})` call, or null. */
export function kvGetStep(init: Node | null): string | null {
  const call = unwrapMeta(init);
  if (call?.kind !== 'list') return null;
  const c = call.children;
  const head = c[0];
  const type = c[1];
  const id = c[2];
  const config = c[3];
  if (head?.kind !== 'symbol' || head.ns !== 'flow' || head.name !== 'step') return null;
  if (type?.kind !== 'keyword' || type.name !== 'kv') return null;
  const cfg = unwrapMeta(config ?? null);
  if (cfg?.kind !== 'map' || mapGet(cfg, 'persist') !== undefined) return null;
  const op = unwrapMeta(mapGet(cfg, 'operation') ?? null);
  if (op?.kind !== 'keyword' || op.name !== 'get') return null;
  return id?.kind === 'keyword' ? id.name : '?';
}

/** Warns where a `:kv :get` envelope reaches a `:value`, directly or extended first. */
export function checkKvEnvelopes(ctx: CheckContext, body: Node): void {
  if (!ctx.text.includes(':kv') || !ctx.text.includes(':get') || !ctx.kvGetPossible) return;
  const locals = bodyLocals(ctx, body);
  const envelopes = new Map<LocalBinding, string>();
  for (const b of locals.bindings) {
    if (b.kind !== 'let') continue;
    const step = kvGetStep(b.init);
    if (step !== null) envelopes.set(b, step);
  }
  if (envelopes.size === 0) return;
  const envelopeOf = (n: Node | undefined): [LocalBinding, string] | undefined => {
    const s = unwrapMeta(n ?? null);
    if (s?.kind !== 'symbol') return undefined;
    const b = locals.bindingOf.get(s);
    const step = b !== undefined && b.node !== s ? envelopes.get(b) : undefined;
    return step !== undefined ? [b!, step] : undefined;
  };
  /** A local bound to an extension of an envelope: `updated (conj history ...)`. */
  const extended = new Map<LocalBinding, { name: string; step: string; at: Node }>();
  const extensionOf = (n: Node | undefined): { name: string; step: string; at: Node } | undefined => {
    const e = unwrapMeta(n ?? null);
    if (e?.kind === 'symbol') {
      const b = locals.bindingOf.get(e);
      return b !== undefined && b.node !== e ? extended.get(b) : undefined;
    }
    if (e?.kind !== 'list') return undefined;
    const head = e.children[0];
    if (head?.kind !== 'symbol' || head.ns !== null || !extenders.has(head.name)) return undefined;
    const hit = envelopeOf(e.children[1]);
    return hit ? { name: hit[0].name, step: hit[1], at: e.children[1]! } : undefined;
  };
  for (const b of locals.bindings) {
    if (b.kind !== 'let') continue;
    const ext = extensionOf(b.init ?? undefined);
    if (ext) extended.set(b, ext);
  }
  const reported = new Set<Node>();
  const visit = (node: Node): void => {
    if (node.kind === 'quote') return;
    if (node.kind === 'map') check(node);
    const kids = node.kind === 'meta' ? (node.form ? [node.form] : []) : 'children' in node ? node.children : [];
    for (const kid of kids) visit(kid);
  };
  const check = (map: CollNode): void => {
    const value = mapGet(map, 'value');
    if (value === undefined) return;
    const direct = envelopeOf(value);
    const hit = direct ? { name: direct[0].name, step: direct[1], at: unwrapMeta(value)! } : extensionOf(value);
    if (hit === undefined || reported.has(hit.at)) return;
    reported.add(hit.at);
    const fix = { title: `Use the stored value: (:value ${hit.name})`, edits: [{ start: hit.at.start, end: hit.at.end, newText: `(:value ${hit.name})` }] };
    ctx.report('result-shape', 'warning', hit.at, msg.kvEnvelope(hit.name, hit.step), { name: hit.name, fixes: [fix] });
  };
  visit(body);
}
