// Lexical scope for the flow body and function code: bindings introduced by `let`, `fn`,
// `for`, `loop`, `letfn`, `catch` and destructuring. Kept as a chain of small maps.

import type { Node, SymbolNode } from '../../edn/nodes';
import { unwrapMeta } from '../../edn/nodes';

export type BindingKind = 'let' | 'param' | 'for' | 'loop' | 'letfn' | 'catch' | 'fn-name' | 'implicit';

export interface Binding {
  name: string;
  kind: BindingKind;
  /** The binding symbol in the source (null for implicit `%` args). */
  node: SymbolNode | null;
  /** The expression bound (for `let`/`for`/`loop`), when the symbol binds it whole. */
  init: Node | null;
}

export class Scope {
  private readonly names = new Map<string, Binding>();
  constructor(readonly parent: Scope | null) {}

  add(binding: Binding): void {
    this.names.set(binding.name, binding);
  }

  lookup(name: string): Binding | undefined {
    for (let s: Scope | null = this; s !== null; s = s.parent) {
      const b = s.names.get(name);
      if (b !== undefined) return b;
    }
    return undefined;
  }

  /** Every visible name (inner shadows outer), for suggestions and completion. */
  visible(): Map<string, Binding> {
    const out = new Map<string, Binding>();
    for (let s: Scope | null = this; s !== null; s = s.parent) for (const [k, v] of s.names) if (!out.has(k)) out.set(k, v);
    return out;
  }

  child(): Scope {
    return new Scope(this);
  }
}

/**
 * Binds the names of a destructuring form. `analyzeExpr` is called for the expressions
 * inside it (`:or` defaults), in the scope as it is before these bindings.
 */
export function bindForm(scope: Scope, form: Node, kind: BindingKind, init: Node | null, analyzeExpr: (n: Node) => void, onBad: (n: Node, why: string) => void): void {
  const f = unwrapMeta(form);
  if (f === null) return;
  switch (f.kind) {
    case 'symbol':
      if (f.ns !== null) onBad(f, `cannot bind the qualified symbol \`${f.ns}/${f.name}\``);
      else scope.add({ name: f.name, kind, node: f, init });
      return;
    case 'vector': {
      const c = f.children;
      for (let i = 0; i < c.length; i++) {
        const item = c[i]!;
        if (item.kind === 'symbol' && item.ns === null && item.name === '&') continue;
        if (item.kind === 'keyword' && item.name === 'as' && item.ns === null) {
          const as = c[i + 1];
          if (as !== undefined) bindForm(scope, as, kind, init, analyzeExpr, onBad);
          i++;
          continue;
        }
        bindForm(scope, item, kind, null, analyzeExpr, onBad);
      }
      return;
    }
    case 'map': {
      const c = f.children;
      for (let i = 0; i + 1 < c.length; i += 2) {
        const k = c[i]!;
        const v = c[i + 1]!;
        if (k.kind === 'keyword' && (k.name === 'keys' || k.name === 'strs' || k.name === 'syms')) {
          if (v.kind !== 'vector') {
            onBad(v, `\`:${k.name}\` takes a vector of names`);
            continue;
          }
          for (const name of v.children) {
            if (name.kind === 'symbol' || name.kind === 'keyword') scope.add({ name: name.name, kind, node: name.kind === 'symbol' ? name : null, init: null });
            else onBad(name, `\`:${k.name}\` names must be symbols`);
          }
        } else if (k.kind === 'keyword' && k.name === 'as') {
          bindForm(scope, v, kind, init, analyzeExpr, onBad);
        } else if (k.kind === 'keyword' && k.name === 'or') {
          if (v.kind === 'map') for (let j = 1; j < v.children.length; j += 2) analyzeExpr(v.children[j]!);
        } else {
          // `{local :key}` and nested forms: the key side is the binding form.
          bindForm(scope, k, kind, null, analyzeExpr, onBad);
        }
      }
      return;
    }
    default:
      onBad(f, 'a binding must be a symbol, a vector or a map');
  }
}
