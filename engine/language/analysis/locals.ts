// Locals of one piece of code (the `:flow` body or a function's code): every binding with
// where it is bound and where it is read, resolved by the checker's own analyser (same
// scoping rules, same destructuring), through a scope that records what is added to it.

import type { Node, Span, SymbolNode } from '../../edn/nodes';
import { Analyzer, type CodeMode } from '../check/analyzer';
import { CheckContext } from '../check/check-context';
import { Scope, type Binding, type BindingKind } from '../check/scope';

export interface LocalBinding {
  name: string;
  kind: BindingKind;
  /** The binding symbol (offsets in the code's own text; see `CodeRegion.toSource`). */
  node: SymbolNode;
  /** The bound expression, when the symbol binds it whole (`let`, `for`, `loop`). */
  init: Node | null;
  /** Every read of the local, in source order. */
  uses: SymbolNode[];
  /** The scope the binding was added to (for clash checks when renaming). */
  scope: Scope;
  /** Scopes at each use, in the order of `uses`. */
  useScopes: Scope[];
}

export interface LocalIndex {
  bindings: LocalBinding[];
  /** The binding of a binding symbol or of a use. */
  bindingOf: Map<SymbolNode, LocalBinding>;
}

/**
 * A scope that reports every name added to it, so bindings can be listed with their nodes.
 * It holds the local itself as the binding (a local is a binding with its uses), so a read
 * resolves straight to the local that records it.
 */
class TrackingScope extends Scope {
  constructor(
    parent: Scope | null,
    private readonly index: LocalIndex,
  ) {
    super(parent);
  }

  override add(binding: Binding): void {
    if (binding.node === null) {
      super.add(binding);
      return;
    }
    const local: LocalBinding = { name: binding.name, kind: binding.kind, node: binding.node, init: binding.init, uses: [], scope: this, useScopes: [] };
    super.add(local);
    this.index.bindings.push(local);
    this.index.bindingOf.set(binding.node, local);
  }

  override child(): Scope {
    return new TrackingScope(this, this.index);
  }
}

/** The local a binding of a tracking scope is (implicit `%` arguments are not locals). */
function asLocal(binding: Binding): LocalBinding | undefined {
  return (binding as Partial<LocalBinding>).uses === undefined ? undefined : (binding as LocalBinding);
}

/**
 * The parts that index locals while an analyser walks: the root scope to analyse in and the
 * `onLocalUse` hook. The checker's own walk of the body uses them (check/flow-body.ts), so
 * the body is analysed once and result-shape reads the index it left.
 */
export function localIndexer(): { index: LocalIndex; root: Scope; onLocalUse: (sym: SymbolNode, scope: Scope, binding: Binding) => void } {
  const index: LocalIndex = { bindings: [], bindingOf: new Map() };
  return {
    index,
    root: new TrackingScope(null, index),
    onLocalUse(sym, scope, binding) {
      const local = asLocal(binding);
      if (local === undefined) return;
      if (local.uses.length === 0) {
        // Most locals are read once or twice: the first read makes arrays of one.
        local.uses = [sym];
        local.useScopes = [scope];
      } else {
        local.uses.push(sym);
        local.useScopes.push(scope);
      }
      index.bindingOf.set(sym, local);
    },
  };
}

/**
 * Indexes the locals of `code` (offsets relative to `text`). Findings of the analysis go to
 * a scratch context: the checker reports them; here only the scoping matters.
 */
export function indexLocals(code: Node, mode: CodeMode, text: string, onStep?: (call: Node, scope: Scope) => void): LocalIndex {
  const indexer = localIndexer();
  const analyzer = new Analyzer(new CheckContext(text), mode, {
    onLocalUse: indexer.onLocalUse,
    ...(onStep ? { onStep: (call: Node, scope: Scope) => onStep(call, scope) } : {}),
  });
  analyzer.analyze(code, indexer.root);
  return indexer.index;
}

/** True when `span` contains `offset` (end inclusive, so a caret right after a name counts). */
export function spanHas(span: Span, offset: number): boolean {
  return span.start <= offset && offset <= span.end;
}
