// The locals visible at an offset, read off the forms enclosing it (`let`, `fn`, `for`,
// `loop`, `letfn`, `catch`, `#(...)`, ...). Cheap (it looks only at the path, not the whole
// body) and tolerant of half-typed code, so completion and hover can use it on every request.

import type { CollNode, Node, SymbolNode } from '../../edn/nodes';
import { unwrapMeta } from '../../edn/nodes';
import { bindForm, Scope, type Binding, type BindingKind } from '../check/scope';

export interface VisibleLocal {
  name: string;
  kind: BindingKind;
  /** The binding symbol, or null for names without one (`%`, `:keys` written as keywords). */
  node: SymbolNode | null;
  /** The expression bound, when the name binds it whole. */
  init: Node | null;
  /** The form that introduces it (`(let ...)`, `(fn ...)`, ...). */
  form: CollNode;
}

const letLike = new Set(['let', 'loop', 'if-let', 'when-let', 'if-some', 'when-some', 'dotimes', 'binding', 'with-open']);
const forLike = new Set(['for', 'doseq']);
const noop = (): void => undefined;

function headName(list: CollNode): string | null {
  const head = list.children[0];
  return head?.kind === 'symbol' ? (head.ns === null ? head.name : head.ns + '/' + head.name) : null;
}

/** A scope that only collects what is added to it (one instance, reused). */
class Collector extends Scope {
  out: Binding[] = [];
  override add(b: Binding): void {
    this.out.push(b);
  }
}
const collector = new Collector(null);

/** Names bound by one binding target (destructuring included). */
function bindingsOf(target: Node, kind: BindingKind, init: Node | null): Binding[] {
  if (target.kind === 'symbol' && target.ns === null) return [{ name: target.name, kind, node: target, init }];
  const out: Binding[] = [];
  collector.out = out;
  bindForm(collector, target, kind, init, noop, noop);
  collector.out = [];
  return out;
}

/** Bindings of a `[name init ...]` vector that are visible at `offset`. */
function vectorBindings(vec: CollNode, offset: number, kind: BindingKind, isFor: boolean): Binding[] {
  const out: Binding[] = [];
  const inside = offset > vec.start && offset < vec.end;
  const c = vec.children;
  for (let i = 0; i + 1 < c.length; i += 2) {
    const target = c[i]!;
    const init = c[i + 1]!;
    // Inside the vector a pair's names are visible only after its init.
    if (inside && offset <= init.end) break;
    if (isFor && target.kind === 'keyword') {
      if (target.name === 'let' && init.kind === 'vector') out.push(...vectorBindings(init, offset, 'let', false));
      continue;
    }
    out.push(...bindingsOf(target, kind, init));
  }
  return out;
}

function fnParams(params: CollNode, offset: number): Binding[] {
  if (offset <= params.end && offset > params.start) return [];
  const out: Binding[] = [];
  for (const p of params.children) if (!(p.kind === 'symbol' && p.name === '&')) out.push(...bindingsOf(p, 'param', null));
  return out;
}

/** Bindings a form introduces that are visible at `offset` inside it. */
function formBindings(form: CollNode, parent: Node | undefined, offset: number): Binding[] {
  if (form.kind === 'fn') return ['%', '%1', '%2', '%3', '%&'].map((name) => ({ name, kind: 'implicit' as const, node: null, init: null }));
  if (form.kind !== 'list') return [];
  // A multi-arity fn's arity: `([a b] body)` inside `(fn ...)`.
  if (form.children[0]?.kind === 'vector' && parent?.kind === 'list' && (headName(parent) === 'fn' || headName(parent) === 'fn*' || headName(parent) === 'letfn')) {
    return fnParams(form.children[0], offset);
  }
  const name = headName(form);
  if (name === null) return [];
  const c = form.children;
  if (letLike.has(name) || forLike.has(name)) {
    const vec = c[1];
    if (vec?.kind !== 'vector' || offset <= vec.start) return [];
    const kind: BindingKind = forLike.has(name) || name === 'dotimes' ? 'for' : name === 'loop' ? 'loop' : 'let';
    // `if-let`: the else branch does not see the binding.
    if ((name === 'if-let' || name === 'if-some') && c[3] !== undefined && offset >= c[3].start) return [];
    return vectorBindings(vec, offset, kind, forLike.has(name));
  }
  if (name === 'fn' || name === 'fn*') {
    const out: Binding[] = [];
    let i = 1;
    if (c[1]?.kind === 'symbol') {
      out.push({ name: c[1].name, kind: 'fn-name', node: c[1], init: null });
      i = 2;
    }
    if (c[i]?.kind === 'vector') out.push(...fnParams(c[i] as CollNode, offset));
    return out;
  }
  if (name === 'letfn') {
    const out: Binding[] = [];
    const vec = c[1];
    if (vec?.kind === 'vector') {
      for (const f of vec.children) {
        const fname = f.kind === 'list' ? f.children[0] : undefined;
        if (fname?.kind === 'symbol') out.push({ name: fname.name, kind: 'letfn', node: fname, init: f });
        // Inside one of the letfn functions: its params.
        if (f.kind === 'list' && offset > f.start && offset < f.end && f.children[1]?.kind === 'vector') out.push(...fnParams(f.children[1], offset));
      }
    }
    return out;
  }
  if (name === 'catch') {
    const b = c[2];
    return b !== undefined && offset > b.end ? bindingsOf(b, 'catch', null) : [];
  }
  if (name === 'as->') {
    const b = c[2];
    return b !== undefined && offset > b.end ? bindingsOf(b, 'let', c[1] ?? null) : [];
  }
  return [];
}

/**
 * Locals visible at `offset`, innermost first, each name once (inner shadows outer).
 * `path` is `pathAt(forms, offset)` over the code's forms.
 */
export function visibleLocals(path: Node[], offset: number): VisibleLocal[] {
  const out: VisibleLocal[] = [];
  const seen = new Set<string>();
  for (let i = path.length - 1; i >= 0; i--) {
    const node = path[i]!;
    if (node.kind !== 'list' && node.kind !== 'fn') continue;
    // A caret on the form's own delimiters is outside its scope.
    if (offset <= node.start || (node.closed && offset >= node.end)) continue;
    for (const b of formBindings(node, path[i - 1], offset)) {
      if (seen.has(b.name)) continue;
      seen.add(b.name);
      out.push({ name: b.name, kind: b.kind, node: b.node, init: b.init, form: node });
    }
  }
  return out;
}

/** The local a symbol at `offset` names, if it is bound by an enclosing form. */
export function localAt(path: Node[], sym: SymbolNode): VisibleLocal | undefined {
  if (sym.ns !== null) return undefined;
  return visibleLocals(path, sym.start).find((l) => l.name === sym.name);
}

/** True when a node is the binding symbol of `local`. */
export function isBindingSymbol(local: VisibleLocal, node: Node): boolean {
  return local.node === unwrapMeta(node);
}

/** The local whose binding symbol is `sym` (a name where it is bound), if any. */
export function declarationOf(path: Node[], sym: SymbolNode): VisibleLocal | undefined {
  for (let i = path.length - 1; i >= 0; i--) {
    const node = path[i]!;
    if (node.kind !== 'list' || node.end <= node.start + 1) continue;
    const inner = node.closed ? node.end - 1 : node.end;
    for (const b of formBindings(node, path[i - 1], inner)) {
      if (b.node === sym) return { name: b.name, kind: b.kind, node: b.node, init: b.init, form: node };
    }
  }
  return undefined;
}
