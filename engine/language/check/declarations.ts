// Pass one over the top-level map: collects what the file declares (templates, functions,
// connection slots, invocations, packaged steps, concurrency facts) so that every reference
// in the later passes resolves across the whole file; reports duplicate ids.

import type { CollNode, Node } from '../../edn/nodes';
import { unwrapMeta } from '../../edn/nodes';
import { mapGet } from '../../edn/navigate';
import type { CheckContext, Declaration } from './check-context';
import { msg } from './messages';
import { refId } from './refs';

function keywordName(node: Node | undefined): string | null {
  const v = unwrapMeta(node ?? null);
  if (v?.kind === 'keyword') return v.ns === null ? v.name : v.ns + '/' + v.name;
  return null;
}

/** Map entries of a vector-valued section, skipping non-maps (reported by the section checks). */
export function sectionEntries(section: Node | undefined): CollNode[] {
  const v = unwrapMeta(section ?? null);
  if (v?.kind !== 'vector') return [];
  return v.children.map((c) => unwrapMeta(c)).filter((c): c is CollNode => c?.kind === 'map');
}

function collect<T extends Declaration>(ctx: CheckContext, into: Map<string, T>, kind: string, idNode: Node | undefined, make: (id: string, node: Node) => T): void {
  if (idNode === undefined) return;
  const ref = refId(idNode);
  if (ref === null) return;
  const existing = into.get(ref.id);
  if (existing !== undefined) {
    ctx.report('duplicate-id', 'error', idNode, msg.duplicateId(kind, ref.id, ctx.text, existing.node.start));
    return;
  }
  into.set(ref.id, make(ref.id, idNode));
}

export function collectDeclarations(ctx: CheckContext, top: CollNode): void {
  const d = ctx.decls;
  const requires = mapGet(top, 'requires');
  d.hasRequires = requires !== undefined;
  for (const entry of sectionEntries(requires)) {
    const kind = keywordName(mapGet(entry, 'kind'));
    if (kind !== null && kind !== 'connection') continue;
    collect(ctx, d.slots, 'slot', mapGet(entry, 'slot'), (id, node) => ({ id, node, entry, type: keywordName(mapGet(entry, 'type')), secretRef: keywordName(mapGet(entry, 'secret-ref')) }));
  }
  for (const entry of sectionEntries(mapGet(top, 'templates'))) {
    collect(ctx, d.templates, 'template', mapGet(entry, 'id'), (id, node) => ({ id, node, entry, type: keywordName(mapGet(entry, 'type')) }));
  }
  for (const entry of sectionEntries(mapGet(top, 'functions'))) {
    collect(ctx, d.functions, 'function', mapGet(entry, 'id'), (id, node) => ({ id, node, entry }));
  }
  for (const section of ['steps', 'agents']) {
    for (const entry of sectionEntries(mapGet(top, section))) {
      collect(ctx, d.packaged, section === 'steps' ? 'packaged step' : 'agent', mapGet(entry, 'id'), (id, node) => {
        const decl = { id, node, entry };
        if (section === 'steps') d.steps.push(decl);
        return decl;
      });
    }
  }
  const invocations = unwrapMeta(mapGet(top, 'invocations') ?? null);
  if (invocations?.kind === 'map') {
    for (let i = 0; i + 1 < invocations.children.length; i += 2) {
      const k = invocations.children[i]!;
      collect(ctx, d.invocations, 'invocation', k, (id, node) => ({ id, node, entry: invocations.children[i + 1]! }));
    }
  }
  const concurrency = mapGet(top, 'concurrency');
  d.keyed = keywordName(mapGet(concurrency, 'type')) === 'keyed';
  d.keyField = mapGet(concurrency, 'key-field') ?? null;
  checkInterfaceIds(ctx, top);
}

/** Interface ids (and MCP tool names) are unique across all categories; schedule ids too. */
function checkInterfaceIds(ctx: CheckContext, top: CollNode): void {
  const seen = new Map<string, Node>();
  const interfaces = unwrapMeta(mapGet(top, 'interfaces') ?? null);
  if (interfaces?.kind === 'map') {
    for (let i = 0; i + 1 < interfaces.children.length; i += 2) {
      for (const entry of sectionEntries(interfaces.children[i + 1])) {
        const idNode = mapGet(entry, 'id') ?? mapGet(entry, 'tool-name');
        const ref = idNode ? refId(idNode) : null;
        if (!idNode || !ref) continue;
        const prev = seen.get(ref.id);
        if (prev) ctx.report('duplicate-id', 'error', idNode, msg.duplicateId('interface', ref.id, ctx.text, prev.start));
        else seen.set(ref.id, idNode);
      }
    }
  }
  const schedules = new Map<string, Node>();
  for (const entry of sectionEntries(mapGet(top, 'schedules'))) {
    const idNode = mapGet(entry, 'id');
    const ref = idNode ? refId(idNode) : null;
    if (!idNode || !ref) continue;
    const prev = schedules.get(ref.id);
    if (prev) ctx.report('duplicate-id', 'error', idNode, msg.duplicateId('schedule', ref.id, ctx.text, prev.start));
    else schedules.set(ref.id, idNode);
  }
}
