// Named things of a flow file and every place they are written: templates, functions,
// connection slots, secrets and invocations (their declaration and their references), and
// locals (binding and reads). Definition, references, rename and highlights read this.

import type { KeywordNode, Node, Span, StringNode, SymbolNode } from '../../edn/nodes';
import { pathAt } from '../../edn/navigate';
import type { DocumentAnalysis } from './index';
import type { LocalBinding } from './locals';
import type { CodeRegion } from './regions';

export type EntityKind = 'template' | 'function' | 'slot' | 'secret' | 'invocation';

export interface Occurrence {
  /** The id as written (a keyword, or a string reference). */
  node: KeywordNode | StringNode;
  declaration: boolean;
}

export interface Entity {
  kind: EntityKind;
  id: string;
  /** The declaration first (when there is one), then references in source order. */
  occurrences: Occurrence[];
}

export interface LocalEntity {
  region: CodeRegion;
  binding: LocalBinding;
  /** Source spans of the binding symbol and each use. */
  declaration: Span;
  uses: Span[];
}

/** What a secret reference resolves to: a slot's own `:secret-ref`, else a slot id. */
function secretTarget(analysis: DocumentAnalysis, id: string): { kind: EntityKind; id: string } {
  for (const s of analysis.decls.slots.values()) if (s.secretRef === id) return { kind: 'secret', id };
  if (analysis.decls.slots.has(id)) return { kind: 'slot', id };
  return { kind: 'secret', id };
}

/** The entity a reference or declaration node names. */
function entityOfNode(analysis: DocumentAnalysis, node: Node): { kind: EntityKind; id: string } | null {
  const d = analysis.decls;
  for (const [kind, map] of [['template', d.templates], ['function', d.functions], ['slot', d.slots], ['invocation', d.invocations]] as const) {
    for (const decl of map.values()) if (decl.node === node) return { kind, id: decl.id };
  }
  for (const s of analysis.index.secrets) if (s.node === node) return { kind: 'secret', id: s.id };
  for (const r of analysis.index.refs) {
    if (r.node !== node) continue;
    switch (r.kind) {
      case 'template':
      case 'function':
      case 'invocation':
        return { kind: r.kind, id: r.id };
      case 'connection':
        return { kind: 'slot', id: r.id };
      case 'secret':
        return secretTarget(analysis, r.id);
      default:
        return null;
    }
  }
  return null;
}

/** Every occurrence of an entity, declaration first. */
export function occurrencesOf(analysis: DocumentAnalysis, kind: EntityKind, id: string): Occurrence[] {
  const d = analysis.decls;
  const out: Occurrence[] = [];
  const declared = (node: Node | undefined) => {
    if (node && (node.kind === 'keyword' || node.kind === 'string')) out.push({ node, declaration: true });
  };
  switch (kind) {
    case 'template':
      declared(d.templates.get(id)?.node);
      break;
    case 'function':
      declared(d.functions.get(id)?.node);
      break;
    case 'slot':
      declared(d.slots.get(id)?.node);
      break;
    case 'invocation':
      declared(d.invocations.get(id)?.node);
      break;
    case 'secret':
      for (const s of analysis.index.secrets) if (s.id === id) out.push({ node: s.node, declaration: true });
      break;
  }
  for (const r of analysis.index.refs) {
    if (r.id !== id) continue;
    const target = r.kind === 'connection' ? { kind: 'slot', id } : r.kind === 'secret' ? secretTarget(analysis, id) : { kind: r.kind, id };
    if (target.kind === kind) out.push({ node: r.node, declaration: false });
  }
  return out;
}

/** The declared or referenced thing at a source offset. */
export function entityAt(analysis: DocumentAnalysis, offset: number): Entity | null {
  const path = pathAt(analysis.parsed.forms, offset);
  const node = path[path.length - 1];
  if (node === undefined || (node.kind !== 'keyword' && node.kind !== 'string')) return null;
  const e = entityOfNode(analysis, node);
  if (e === null) return null;
  return { ...e, occurrences: occurrencesOf(analysis, e.kind, e.id) };
}

/** The local at a source offset (its binding symbol or a use), in the body or function code. */
export function localEntityAt(analysis: DocumentAnalysis, offset: number): LocalEntity | null {
  const region = analysis.regionAt(offset);
  if (region === undefined) return null;
  const inner = region.fromSource(offset);
  if (inner === null) return null;
  const path = pathAt(region.forms, inner);
  const node = path[path.length - 1];
  if (node?.kind !== 'symbol') return null;
  const binding = region.locals().bindingOf.get(node as SymbolNode);
  if (binding === undefined) return null;
  const span = (s: Span): Span => ({ start: region.toSource(s.start), end: region.toSource(s.end) });
  return { region, binding, declaration: span(binding.node), uses: binding.uses.map(span) };
}
