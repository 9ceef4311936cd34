// Locals of one piece of code (the `:flow` body or a function's code): every binding with
// where it is bound and where it is read, resolved by the checker's own analyser (same
// scoping rules, same destructuring), through a scope that logs what is added to it; the
// index is built from that log when first asked.

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
 * What an analyser's walk met, in order: each local as it was bound and each read of one with
 * its scope. The index is built from it when first asked: most checks never ask, and a log
 * of flat arrays costs the walk far less than the index's maps and arrays per local.
 */
class LocalLog {
  /** The binding symbol (a bind) or the read symbol (a read). */
  private readonly syms: SymbolNode[] = [];
  private readonly locals: LocalBinding[] = [];
  /** Null for a bind; the scope of the read for a read. */
  private readonly scopes: (Scope | null)[] = [];
  private built: LocalIndex | undefined;

  bound(local: LocalBinding): void {
    this.syms.push(local.node);
    this.locals.push(local);
    this.scopes.push(null);
  }

  read(sym: SymbolNode, local: LocalBinding, scope: Scope): void {
    this.syms.push(sym);
    this.locals.push(local);
    this.scopes.push(scope);
  }

  /** The index, replaying the log in the walk's order (so it is what indexing on the way made). */
  index(): LocalIndex {
    if (this.built !== undefined) return this.built;
    const index: LocalIndex = { bindings: [], bindingOf: new Map() };
    for (let i = 0; i < this.syms.length; i++) {
      const local = this.locals[i]!;
      const scope = this.scopes[i]!;
      if (scope === null) {
        local.uses = [];
        local.useScopes = [];
        index.bindings.push(local);
      } else {
        local.uses.push(this.syms[i]!);
        local.useScopes.push(scope);
      }
      index.bindingOf.set(this.syms[i]!, local);
    }
    return (this.built = index);
  }
}

/** Uses of a local not yet indexed (replaced by its own arrays when the index is built). */
const notIndexed: never[] = [];

/**
 * A scope that logs every name added to it, so bindings can be listed with their nodes.
 * It holds the local itself as the binding (a local is a binding with its uses), so a read
 * resolves straight to the local that records it.
 */
class TrackingScope extends Scope {
  constructor(
    parent: Scope | null,
    private readonly log: LocalLog,
  ) {
    super(parent);
  }

  override add(binding: Binding): void {
    if (binding.node === null) {
      super.add(binding);
      return;
    }
    const local: LocalBinding = { name: binding.name, kind: binding.kind, node: binding.node, init: binding.init, uses: notIndexed, scope: this, useScopes: notIndexed };
    super.add(local);
    this.log.bound(local);
  }

  override child(): Scope {
    return new TrackingScope(this, this.log);
  }
}

/** The local a binding of a tracking scope is (implicit `%` arguments are not locals). */
function asLocal(binding: Binding): LocalBinding | undefined {
  return (binding as Partial<LocalBinding>).uses === undefined ? undefined : (binding as LocalBinding);
}

/**
 * The parts that index locals while an analyser walks: the root scope to analyse in, the
 * `onLocalUse` hook and the index (built from the walk's log when first asked). The
 * checker's own walk of the body uses them (check/flow-body.ts), so the body is analysed
 * once and result-shape reads the index it left, when it needs one.
 */
export function localIndexer(): { index: () => LocalIndex; root: Scope; onLocalUse: (sym: SymbolNode, scope: Scope, binding: Binding) => void } {
  const log = new LocalLog();
  return {
    index: () => log.index(),
    root: new TrackingScope(null, log),
    onLocalUse(sym, scope, binding) {
      const local = asLocal(binding);
      if (local !== undefined) log.read(sym, local, scope);
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
  return indexer.index();
}

/** True when `span` contains `offset` (end inclusive, so a caret right after a name counts). */
export function spanHas(span: Span, offset: number): boolean {
  return span.start <= offset && offset <= span.end;
}
