// Walks code (the `:flow` body or function code) with lexical scope: resolves every symbol
// against the bindings in scope and the catalog's allowlist for that place, checks arities
// of known calls, and flags forms the body may not use. `flow/step` calls and branch
// metadata are handed to hooks so that step checks live in their own module.

import type { CollNode, MetaNode, Node, SymbolNode } from '../../edn/nodes';
import { childrenOf, symbolText, unwrapMeta } from '../../edn/nodes';
import type { CallableSpec } from '../catalog/types';
import { callableByName, prohibitedByName } from '../catalog/index';
import { suggest } from '../suggest';
import type { CheckContext } from './check-context';
import { msg } from './messages';
import { bindForm, Scope, type Binding, type BindingKind } from './scope';

export type CodeMode = 'body' | 'function';

export interface AnalyzerHooks {
  /** A `(flow/step ...)` call; `inLoop` when inside a `for`/`doseq`/`loop`. */
  onStep?(call: CollNode, scope: Scope, inLoop: boolean): void;
  /** A `(flow/poll opts step)` call, before its arguments are analysed. */
  onPoll?(call: CollNode): void;
  /** A binding was made (for outlines, hover and result-shape checks). */
  onBinding?(name: SymbolNode, init: Node | null, scope: Scope): void;
  /** A local symbol was read; `binding` is the one it resolves to in `scope`. */
  onLocalUse?(sym: SymbolNode, scope: Scope, binding: Binding): void;
  /** The `let` whose binding inits and body forms are analysed one unit at a time through
   *  `visit` (which may replay a unit's earlier analysis instead: check/body-units.ts). */
  units?: { root: Node; visit(unit: Node, analyze: () => void): void };
}

/** Java classes function code may use (spec §7.2), by simple and full name. */
const javaClasses = new Set([
  'Instant', 'LocalDate', 'LocalDateTime', 'LocalTime', 'ZonedDateTime', 'OffsetDateTime', 'ZoneId', 'ZoneOffset', 'Duration', 'Period',
  'DayOfWeek', 'Month', 'Year', 'YearMonth', 'DateTimeFormatter', 'ChronoUnit', 'TemporalAdjusters', 'UUID', 'Base64', 'BigInteger', 'BigDecimal',
]);
const javaPackages = ['java.time.', 'java.time.format.', 'java.time.temporal.', 'java.util.UUID', 'java.util.Base64', 'java.math.BigInteger', 'java.math.BigDecimal'];

function isJavaInterop(sym: SymbolNode): boolean {
  const text = symbolText(sym);
  if (text.startsWith('.') && text.length > 1) return true; // (.toString x)
  const cls = sym.ns ?? (text.endsWith('.') ? text.slice(0, -1) : text);
  if (javaClasses.has(cls)) return true;
  if (cls === 'java.math.RoundingMode') return false;
  return javaPackages.some((p) => cls.startsWith(p));
}

/** The names a `#(...)` literal binds. */
const implicitArgs = ['%', '%&', '%1', '%2', '%3', '%4', '%5', '%6', '%7', '%8', '%9'];
/** `clojure.core/quote` is `quote`: what clojure.core names is the same form by its short name. */
function coreName(sym: SymbolNode): string {
  if (sym.ns === null) return sym.name;
  if (sym.ns === 'clojure.core' && (specialNames.has(sym.name) || callableByName.has(sym.name) || prohibitedByName.has(sym.name))) return sym.name;
  return qualifiedText(sym.ns, sym.name);
}

/** `ns/name`, one string per spelling (not a new string, hashed again, for every `flow/step`
 *  read). Spellings are few; a file of thousands of distinct ones only restarts the cache. */
const qualifiedTexts = new Map<string, Map<string, string>>();
let qualifiedCount = 0;
function qualifiedText(ns: string, name: string): string {
  let names = qualifiedTexts.get(ns);
  if (names === undefined) qualifiedTexts.set(ns, (names = new Map()));
  let text = names.get(name);
  if (text === undefined) {
    if (++qualifiedCount > 4096) {
      qualifiedTexts.clear();
      qualifiedCount = 1;
      qualifiedTexts.set(ns, names);
      names.clear();
    }
    names.set(name, (text = ns + '/' + name));
  }
  return text;
}

const loopForms = new Set(['for', 'doseq', 'loop', 'dotimes']);
/** Heads the analyser treats specially; every other call resolves its head and arguments. */
const specialNames = new Set([
  'quote', 'comment', 'let', 'loop', 'for', 'doseq', 'dotimes', 'if-let', 'when-let', 'if-some', 'when-some', 'when-first', 'fn', 'fn*', 'letfn', 'case',
  'try', '->', '->>', 'some->', 'some->>', 'doto', 'cond->', 'cond->>', 'as->', 'if', 'flow/slot-bound?', 'flow/step', 'flow/poll', '.',
]);

export class Analyzer {
  private loopDepth = 0;

  constructor(
    private readonly ctx: CheckContext,
    readonly mode: CodeMode,
    private readonly hooks: AnalyzerHooks = {},
  ) {}

  analyze(node: Node, scope: Scope): void {
    switch (node.kind) {
      case 'symbol':
        this.resolve(node, scope, false);
        return;
      case 'list':
        this.call(node, scope);
        return;
      case 'vector':
      case 'set':
      case 'map':
      case 'reader-cond':
        this.analyzeFrom(node.children, 0, scope);
        return;
      case 'fn':
        this.fnLiteral(node, scope);
        return;
      case 'meta':
        this.meta(node, scope, false);
        return;
      case 'var':
        if (node.form?.kind === 'symbol') this.resolve(node.form, scope, false);
        return;
      case 'deref':
      case 'unquote':
      case 'unquote-splicing':
        if (node.form) this.analyze(node.form, scope);
        return;
      case 'syntax-quote':
        if (node.form) this.unquoted(node.form, scope, 1);
        return;
      case 'tagged':
        return; // data (`#env`, `#inst`)
      default:
        return; // atoms, quoted forms
    }
  }

  /** Inside a syntax-quote only what `~` / `~@` unquote back to depth 0 runs as code. */
  private unquoted(root: Node, scope: Scope, depth: number): void {
    const stack: [Node, number][] = [[root, depth]];
    while (stack.length > 0) {
      const [node, d] = stack.pop()!;
      if (node.kind === 'unquote' || node.kind === 'unquote-splicing') {
        if (node.form === null) continue;
        if (d === 1) this.analyze(node.form, scope);
        else stack.push([node.form, d - 1]);
        continue;
      }
      const next = node.kind === 'syntax-quote' ? d + 1 : d;
      for (const c of childrenOf(node)) stack.push([c, next]);
    }
  }

  private meta(node: MetaNode, scope: Scope, testPosition: boolean): void {
    checkBranchMetadata(this.ctx, node, testPosition);
    if (node.form) this.analyze(node.form, scope);
  }

  /** Resolves a symbol read as a value (`asHead` when it is the called function). */
  private resolve(sym: SymbolNode, scope: Scope, asHead: boolean): CallableSpec | undefined {
    if (sym.ns === null) {
      const local = scope.lookup(sym.name);
      if (local !== undefined) {
        this.hooks.onLocalUse?.(sym, scope, local);
        return undefined;
      }
    }
    return this.resolveGlobal(sym, coreName(sym), scope, asHead);
  }

  /** Resolves a symbol that is not a local (`text` is its `coreName`) against the catalog. */
  private resolveGlobal(sym: SymbolNode, text: string, scope: Scope, asHead: boolean): CallableSpec | undefined {
    if (!asHead && text === 'flow/step') this.ctx.stepUsageUnknowable = true;
    const prohibited = prohibitedByName.get(text);
    if (this.mode === 'body' && prohibited !== undefined) {
      this.ctx.report(prohibited.code, 'error', sym, prohibited.code === 'prohibited-transform' ? msg.prohibitedTransform(text, prohibited.fix) : msg.unsupportedForm(text, prohibited.fix), { name: text });
      return callableByName.get(text);
    }
    const spec = callableByName.get(text);
    if (spec !== undefined) {
      const allowed = this.mode === 'body' ? spec.inBody : spec.inFunctions;
      if (!allowed) {
        this.ctx.report('unknown-symbol', 'error', sym, this.mode === 'body' ? msg.functionOnlyInBody(text) : msg.bodyOnlyInFunction(text), { name: text });
      }
      return spec;
    }
    if (this.mode === 'function' && isJavaInterop(sym)) return undefined;
    const candidates = [...scope.visible().keys(), ...[...callableByName.values()].filter((c) => (this.mode === 'body' ? c.inBody : c.inFunctions)).map((c) => c.name)];
    const suggestions = suggest(text, candidates);
    this.ctx.report('unknown-symbol', 'error', sym, msg.unknownSymbol(text, this.mode, suggestions, sym.ns !== null && this.mode === 'body'), { name: text, suggestions });
    return undefined;
  }

  private analyzeFrom(nodes: Node[], from: number, scope: Scope): void {
    for (let i = from; i < nodes.length; i++) {
      const n = nodes[i]!;
      // Keywords, strings and numbers (most leaves) are data: no call to learn that.
      if (n.kind !== 'keyword' && n.kind !== 'string' && n.kind !== 'number') this.analyze(n, scope);
    }
  }

  private call(list: CollNode, scope: Scope, threaded = 0): void {
    const c = list.children;
    const head = c[0];
    if (head === undefined) return;
    const argc = c.length - 1;
    if (head.kind === 'keyword') {
      if (argc + threaded < 1 || argc + threaded > 2) this.ctx.report('wrong-arity', 'warning', list, msg.keywordArity(this.ctx.source(head), argc) + ' The call fails when it runs.');
      this.analyzeFrom(c, 1, scope);
      return;
    }
    if (head.kind !== 'symbol' || (head.ns === null && scope.lookup(head.name) !== undefined)) {
      this.analyze(head, scope);
      this.analyzeFrom(c, 1, scope);
      return;
    }
    const name = coreName(head);
    // The arguments are walked in place: `c[1]` is the first (no argument array per call).
    if (specialNames.has(name)) switch (name) {
      case 'quote':
      case 'comment':
        this.checkArity(list, head, callableByName.get(name));
        return;
      case 'let':
      case 'loop':
      case 'for':
      case 'doseq':
      case 'dotimes':
      case 'if-let':
      case 'when-let':
      case 'if-some':
      case 'when-some':
      case 'when-first':
        this.bindingForm(list, head, name, scope);
        return;
      case 'fn':
      case 'fn*':
        this.fn(list, scope);
        return;
      case 'letfn':
        this.letfn(list, scope);
        return;
      case 'case':
        this.checkArity(list, head, callableByName.get(name));
        if (c[1]) this.analyze(c[1], scope);
        // Argument i is c[i + 1]: the result expressions (even i) and a trailing default.
        for (let i = 1; i < argc; i++) if (i % 2 === 0 || i === argc - 1) this.analyze(c[i + 1]!, scope);
        return;
      case 'try':
        this.tryForm(list, scope);
        return;
      case '->':
      case '->>':
      case 'some->':
      case 'some->>':
      case 'doto':
      case 'cond->':
      case 'cond->>': {
        // Threading macros: each threaded form gets one more argument than it shows.
        this.resolveGlobal(head, name, scope, true);
        if (c[1]) this.analyze(c[1], scope);
        const conditional = name.startsWith('cond');
        for (let i = 0; i + 2 < c.length; i++) {
          const form = c[i + 2]!;
          if (conditional && i % 2 === 0) this.analyze(form, scope);
          else if (form.kind === 'list') this.call(form, scope, 1);
          else if (form.kind === 'symbol') this.resolve(form, scope, true);
          else this.analyze(form, scope);
        }
        return;
      }
      case 'as->':
        this.resolveGlobal(head, name, scope, true);
        if (c[1]) this.analyze(c[1], scope);
        if (c[2]) {
          const inner = scope.child();
          bindForm(inner, c[2], 'let', null, (n) => this.analyze(n, scope), this.onBad);
          this.analyzeFrom(c, 3, inner);
        }
        return;
      case 'if':
        this.checkArity(list, head, callableByName.get(name));
        if (c[1]?.kind === 'meta') this.meta(c[1], scope, true);
        else if (c[1]) this.analyze(c[1], scope);
        this.analyzeFrom(c, 2, scope);
        return;
      case 'flow/slot-bound?':
        if (c[1]?.kind === 'keyword') this.ctx.used.connection.add(c[1].name);
        break;
      case 'flow/poll':
        this.hooks.onPoll?.(list);
        break;
      case 'flow/step':
        // Shape and arity are the step checker's (it says more than an arity count can).
        this.hooks.onStep?.(list, scope, this.loopDepth > 0);
        this.analyzeFrom(c, 1, scope);
        return;
      case '.':
        if (this.mode === 'function') {
          if (c[1]) this.analyze(c[1], scope);
          this.analyzeFrom(c, 3, scope);
          return;
        }
    }
    const spec = this.resolveGlobal(head, name, scope, true);
    if (spec !== undefined) this.checkArity(list, head, spec, threaded);
    if (name === 'range' && argc === 0) this.ctx.report('unbounded-range', 'warning', list, msg.unboundedRange());
    this.analyzeFrom(c, 1, scope);
  }

  private checkArity(list: CollNode, head: SymbolNode, spec: CallableSpec | undefined, threaded = 0): void {
    if (spec === undefined) return;
    const n = list.children.length - 1 + threaded;
    if (spec.arities.includes(n)) return;
    if (spec.variadicFrom !== undefined && n >= spec.variadicFrom) return;
    // A special form or `flow/*` form with a wrong count is refused when the flow is read;
    // a function called so fails only when the call runs.
    const atPush = spec.special === true || spec.name.startsWith('flow/');
    this.ctx.report('wrong-arity', atPush ? 'error' : 'warning', head, atPush ? msg.wrongArity(spec, n) : msg.wrongArity(spec, n) + ' The call fails when it runs.', { name: spec.name });
  }

  private badBinding(node: Node, why: string): void {
    this.ctx.report('invalid-type', 'error', node, msg.badBinding(why));
  }

  /** `badBinding` as the callback destructuring takes (one closure per analyser). */
  private readonly onBad = (node: Node, why: string): void => this.badBinding(node, why);

  /** `let`, `loop`, `for`, `doseq`, `dotimes`, `if-let`, ...: a binding vector then a body. */
  private bindingForm(list: CollNode, head: SymbolNode, name: string, scope: Scope): void {
    this.checkArity(list, head, callableByName.get(name));
    // The binding vector is c[1], the body c[2...].
    const c = list.children;
    const vec = c[1];
    if (vec === undefined) return;
    if (vec.kind !== 'vector') {
      this.ctx.report('invalid-type', 'error', vec, msg.bindingVector(name));
      this.analyzeFrom(c, 1, scope);
      return;
    }
    const units = this.hooks.units;
    const asUnits = units !== undefined && name === 'let' && list === units.root;
    const kind: BindingKind = name === 'for' || name === 'doseq' || name === 'dotimes' ? 'for' : name === 'loop' ? 'loop' : 'let';
    const b = vec.children;
    if (b.length % 2 === 1) this.ctx.report('wrong-arity', 'error', vec, msg.oddBindings(name));
    // One scope for the whole binding vector: each name is added after its init is
    // analysed, which gives `let`'s sequential semantics without a scope per binding.
    const inner = scope.child();
    const isLoop = loopForms.has(name);
    const conditional = name === 'if-let' || name === 'when-let' || name === 'if-some' || name === 'when-some' || name === 'when-first';
    for (let i = 0; i + 1 < b.length; i += 2) {
      const target = b[i]!;
      const init = b[i + 1]!;
      if ((name === 'for' || name === 'doseq') && target.kind === 'keyword') {
        // Modifiers: `:when test`, `:while test`, `:let [bindings]`.
        if (target.name === 'let' && init.kind === 'vector') {
          for (let j = 0; j + 1 < init.children.length; j += 2) {
            this.analyze(init.children[j + 1]!, inner);
            this.bind(inner, init.children[j]!, 'let', init.children[j + 1]!);
          }
        } else if (target.name === 'when' || target.name === 'while') {
          this.analyze(init, inner);
        } else {
          this.ctx.report('invalid-value', 'error', target, msg.forModifier(this.ctx.source(target)));
        }
        continue;
      }
      if (asUnits) units.visit(init, () => this.analyze(init, inner));
      else this.analyze(init, conditional ? scope : inner);
      this.bind(inner, target, kind, init);
    }
    if (isLoop) this.loopDepth++;
    if (name === 'if-let' || name === 'if-some') {
      // The else branch does not see the binding.
      if (c[2]) this.analyze(c[2], inner);
      this.analyzeFrom(c, 3, scope);
    } else if (asUnits) {
      for (let i = 2; i < c.length; i++) {
        const form = c[i]!;
        units.visit(form, () => this.analyze(form, inner));
      }
    } else {
      this.analyzeFrom(c, 2, inner);
    }
    if (isLoop) this.loopDepth--;
  }

  private bind(scope: Scope, target: Node, kind: BindingKind, init: Node | null): void {
    if (target.kind === 'symbol' && target.ns === null) {
      // A plain name (nearly every binding): what bindForm would do, without its callbacks.
      scope.add({ name: target.name, kind, node: target, init });
      this.hooks.onBinding?.(target, init, scope);
      return;
    }
    bindForm(scope, target, kind, init, (n) => this.analyze(n, scope), this.onBad);
    const t = unwrapMeta(target);
    if (t?.kind === 'symbol') this.hooks.onBinding?.(t, init, scope);
  }

  /** `(fn name? [params] body...)` or `(fn name? ([params] body...) ...)`. */
  private fn(list: CollNode, scope: Scope): void {
    let args = list.children.slice(1);
    const fnScope = scope.child();
    if (args[0]?.kind === 'symbol') {
      fnScope.add({ name: args[0].name, kind: 'fn-name', node: args[0], init: null });
      args = args.slice(1);
    }
    if (args[0]?.kind === 'vector') {
      this.fnArity(args[0], args, 1, fnScope);
      return;
    }
    if (args.length === 0) {
      this.ctx.report('wrong-arity', 'error', list, msg.fnNoParams());
      return;
    }
    for (const arity of args) {
      if (arity.kind === 'list' && arity.children[0]?.kind === 'vector') this.fnArity(arity.children[0], arity.children, 1, fnScope);
      else this.ctx.report('invalid-type', 'error', arity, msg.fnNoParams());
    }
  }

  /** One arity: its parameter vector and its body, `forms[from...]`. */
  private fnArity(params: CollNode, forms: Node[], from: number, scope: Scope): void {
    const inner = scope.child();
    const p = params.children;
    for (let i = 0; i < p.length; i++) {
      if (p[i]!.kind === 'symbol' && (p[i] as SymbolNode).name === '&') continue;
      this.bind(inner, p[i]!, 'param', null);
    }
    const saved = this.loopDepth;
    this.loopDepth = 0;
    this.analyzeFrom(forms, from, inner);
    this.loopDepth = saved;
  }

  private fnLiteral(node: CollNode, scope: Scope): void {
    const inner = scope.child();
    for (let i = 0; i < implicitArgs.length; i++) inner.add({ name: implicitArgs[i]!, kind: 'implicit', node: null, init: null });
    this.call({ ...node, kind: 'list' }, inner);
  }

  private letfn(list: CollNode, scope: Scope): void {
    const vec = list.children[1];
    const inner = scope.child();
    if (vec?.kind !== 'vector') {
      if (vec) this.ctx.report('invalid-type', 'error', vec, msg.bindingVector('letfn'));
      return;
    }
    for (const f of vec.children) {
      const fname = f.kind === 'list' ? f.children[0] : undefined;
      if (fname?.kind === 'symbol') inner.add({ name: fname.name, kind: 'letfn', node: fname, init: f });
    }
    for (const f of vec.children) if (f.kind === 'list') this.fn({ ...f, children: [f.children[0]!, ...f.children] } as CollNode, inner);
    this.analyzeFrom(list.children, 2, inner);
  }

  private tryForm(list: CollNode, scope: Scope): void {
    for (const part of list.children.slice(1)) {
      if (part.kind === 'list' && part.children[0]?.kind === 'symbol' && part.children[0].ns === null) {
        const head = part.children[0].name;
        if (head === 'catch') {
          const inner = scope.child();
          const binding = part.children[2];
          if (binding) this.bind(inner, binding, 'catch', null);
          this.analyzeFrom(part.children, 3, inner);
          continue;
        }
        if (head === 'finally') {
          this.analyzeFrom(part.children, 1, scope);
          continue;
        }
      }
      this.analyze(part, scope);
    }
  }
}

/** `^{:label .. :yes .. :no ..}` belongs on an `if` (or its test); labels are strings. */
export function checkBranchMetadata(ctx: CheckContext, node: MetaNode, testPosition: boolean): void {
  const meta = node.meta;
  if (meta.kind !== 'map') return;
  let branchKeys = false;
  for (let i = 0; i + 1 < meta.children.length; i += 2) {
    const k = meta.children[i]!;
    const v = meta.children[i + 1]!;
    if (k.kind === 'keyword' && k.ns === null && (k.name === 'label' || k.name === 'yes' || k.name === 'no')) {
      branchKeys = true;
      if (v.kind !== 'string') ctx.report('invalid-branch-metadata', 'error', v, msg.branchLabelNotString(k.name, ctx.source(v)));
    }
  }
  if (!branchKeys || testPosition) return;
  const form = unwrapMeta(node.form);
  const isIf = form?.kind === 'list' && form.children[0]?.kind === 'symbol' && form.children[0].ns === null && form.children[0].name === 'if';
  if (!isIf) ctx.report('invalid-branch-metadata', 'error', meta, msg.branchNotOnIf(form ? ctx.source(form, 30) : 'nothing'));
}
