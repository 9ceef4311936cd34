// The interpreter's public contract: compile a form once (analysis: every symbol resolved
// against lexical scope and the allowlist of the mode, located errors), then run it many
// times against a host (the run engine replays the body from the start after each step).
//
// Numbers are JS doubles: ratios become doubles, and integers and doubles of the same value
// are equal (`(= 1 1.0)` is true, unlike Clojure); integers beyond 2^53 stay bigints only as
// literals and data. Evaluation is eager (`for`, `map`... return realised seqs). The core
// library is the catalog's (`engine/language/catalog`): `implementedNames()` lists it.
// More in README.md beside this file.

import type { CollNode, MetaNode, Node } from '../edn/nodes';
import { readEdn } from '../edn/reader';
import { printValue } from '../edn/printer';
import type { Value } from '../edn/values';
import { compileError, InterpError, locate } from './errors';
import { DEFAULT_FUEL, invoke1, R, withRun, type Code, type Frame } from './runtime';
import { Compiler } from './compile/compiler';
import { FnScope, Scope } from './compile/scope';
import type { Cx } from './compile/context';
import { frameCode, P, PointTable } from './probe';
import './compile/forms-basic';
import './compile/forms-bind';
import './compile/forms-fn';
import './compile/forms-seq';
import './compile/forms-thread';
import './compile/forms-try';
import './compile/forms-flow';
import './compile/interop';

export { HostSignal, InterpError, Interrupted, ThrownValue } from './errors';
export { fuelUsed, interruptible } from './runtime';
export { markKeyLenient } from './runtime';
export { ExceptionValue, Instant, Duration, Bytes } from './values';
export { jsonToValue, valueToJsonData } from './json';
export { strOf, printValue } from './print';
export { implementedNames } from './names';
export { installProbe, localsAt, withoutProbe, PointTable, type Point, type Probe, type StackEntry } from './probe';

export type CodeMode = 'body' | 'function';

/** One `(flow/step ...)` call as the host receives it. */
export interface StepCall {
  /** The step type without colon: `http`, `wait`; a packaged step's qualified id `tools/fetch`. */
  type: string;
  /** The step id without colon (`fetch-order`), or null when the call gives none. */
  id: string | null;
  /** The evaluated config map. */
  config: Value;
  /** The `(flow/step ...)` list, for locations. For a `flow/poll` sleep, the poll form. */
  node: CollNode;
  /** The locals in scope at the call (name -> value, innermost binding of each name); read on demand. */
  locals?: () => ReadonlyMap<string, Value>;
}

/** An `if` annotated with branch metadata: `^{:label "Q?" :yes "..." :no "..."}`. */
export interface BranchSite {
  /** The `^{...}` node (on the `if` form or on its test). */
  node: MetaNode;
  label: string | null;
  yes: string | null;
  no: string | null;
}

/** What the body asks of the run engine. */
export interface Host {
  /** Runs (or replays) one step and returns its result. May throw a `HostSignal` (passes through
   *  flow code's try/catch untouched, `finally` not run) or a `ThrownValue` (flow code may catch
   *  it, e.g. a failed step as an `ex-info`); any other error propagates uncaught. */
  step(call: StepCall): Value;
  /** `(flow/input)`. */
  input(): Value;
  /** `(flow/now-ms)`: the run clock. */
  nowMs(): number;
  /** `(flow/slot-bound? :slot)`; false when absent. */
  slotBound?(slot: string): boolean;
  /** An `if` with branch metadata picked a branch (`taken`: the test was truthy). */
  branch?(site: BranchSite, taken: boolean): void;
}

export interface CompileOptions {
  mode: CodeMode;
  /** Most evaluation steps (calls, loop iterations, items produced) one run may take.
   *  @default 10_000_000 */
  fuel?: number;
  /** The text the node was read from, for messages. */
  source?: string;
  /** Names bound around the form, given values by `run(host, locals)`. @example ['input'] */
  locals?: readonly string[];
}

export interface Compiled {
  /** Evaluates the form. Errors: `InterpError` (located), `ThrownValue` (uncaught `throw`),
   *  `HostSignal` and host errors as the host threw them. */
  run(host: Host, locals?: Record<string, Value>): Value;
}

const EMPTY_CAPTURES: Value[] = [];

class CompiledForm implements Compiled {
  /** The same code compiled with evaluation points, made on first use under a probe. */
  private probed: CompiledForm | null = null;

  constructor(
    private readonly code: Code,
    private readonly root: FnScope,
    private readonly locals: readonly { name: string; slot: number }[],
    private readonly fuel: number,
    private readonly node: Node,
    private readonly options: CompileOptions,
    private readonly rootNode: Node | null,
    readonly points: PointTable | null,
  ) {}

  /** This code, or its variant with points while a probe is installed (one check per run). */
  variant(): CompiledForm {
    if (P.probe === null || this.points !== null) return this;
    return this.withPoints();
  }

  /** The variant compiled with evaluation points. */
  withPoints(): CompiledForm {
    if (this.points !== null) return this;
    return (this.probed ??= compileInternal(this.node, this.options, new PointTable(this.rootNode)));
  }

  run(host: Host, locals?: Record<string, Value>): Value {
    const self = this.variant();
    return withRun(host, this.fuel, () => self.evaluate(locals));
  }

  /** Evaluates a function form and calls the function with `input`, in the current run. */
  call(input: Value): Value {
    try {
      return invoke1(this.evaluate(), input);
    } catch (e) {
      throw locate(e, this.node.start, this.node.end);
    }
  }

  /** Evaluates in the current run (no new host or fuel). */
  evaluate(locals?: Record<string, Value>): Value {
    const frame: Frame = new Array(this.root.slotCount);
    frame[0] = EMPTY_CAPTURES;
    for (const l of this.locals) frame[l.slot] = locals?.[l.name] ?? null;
    try {
      return this.code(frame);
    } catch (e) {
      throw locate(e, this.node.start, this.node.end);
    }
  }
}

/** The evaluation points of compiled code (compiling its variant with points once). */
export function pointsOf(compiled: Compiled): PointTable {
  return (compiled as CompiledForm).withPoints().points!;
}

/** Compiles a form (the `:flow` body, or any code in `mode`). Throws a located `InterpError`
 *  for unknown symbols, forms the mode does not allow and malformed special forms. */
export function compileForm(node: Node, options: CompileOptions): Compiled {
  return compileInternal(node, options);
}

function compileInternal(node: Node, options: CompileOptions, points: PointTable | null = null): CompiledForm {
  const compiler = new Compiler(options.mode, options.source, points);
  const root = new FnScope(null);
  const scope = new Scope(null, root);
  const locals = (options.locals ?? []).map((name) => ({ name, slot: scope.bind(name).slot }));
  const cx: Cx = { scope, recur: null, tail: false };
  let code = compiler.compile(node, cx);
  if (points !== null && options.mode === 'body') code = frameCode('flow body', code);
  return new CompiledForm(code, root, locals, options.fuel ?? DEFAULT_FUEL, node, options, options.mode === 'function' ? node : null, points);
}

const noHost: Host = {
  step: () => {
    throw new InterpError('flow/step is not available in function code');
  },
  input: () => null,
  nowMs: () => {
    throw new InterpError('There is no clock in function code');
  },
};

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && 'kind' in v && 'start' in v && 'end' in v;
}

/** Reads code text that must hold exactly one form. */
function readOne(text: string): Node {
  const parsed = readEdn(text);
  const error = parsed.findings.find((f) => f.severity === 'error');
  if (error !== undefined) throw compileError(error.message, error);
  if (parsed.forms.length === 0) throw compileError('Function code is empty: expected one (fn [input] ...) form', { start: 0, end: text.length });
  if (parsed.forms.length > 1) throw compileError('Function code must hold exactly one (fn [input] ...) form', { start: parsed.forms[1]!.start, end: parsed.forms[parsed.forms.length - 1]!.end });
  return parsed.forms[0]!;
}

function unquote(node: Node): Node {
  let n: Node = node;
  for (;;) {
    if (n.kind === 'meta' && n.form) n = n.form;
    else if (n.kind === 'quote' && n.form) n = n.form;
    else if (n.kind === 'list' && n.children.length === 2 && n.children[0]!.kind === 'symbol' && n.children[0]!.ns === null && n.children[0]!.name === 'quote') n = n.children[1]!;
    else return n;
  }
}

/** Compiled function code by text (bounded, oldest out first) and by node. */
const functionCache = new Map<string, CompiledForm>();
const nodeCache = new WeakMap<Node, Map<number, CompiledForm>>();
const CACHE_LIMIT = 500;

/**
 * Compiles `:functions` code or an inline `:code`: a string holding one `(fn [input] ...)`
 * form, the form's node (quoted or not), or the quoted form as a value (what a `:code '(fn
 * ...)` evaluates to in the body). Mode 'function'. Error offsets are relative to the node's
 * source for a node, to the string's value for a string, and to the printed form for a value.
 * The result calls the function with one argument in a fresh run (its own fuel, no host).
 */
export function compileFunction(code: Node | Value, options: { fuel?: number } = {}): (input: Value) => Value {
  let compiled: CompiledForm;
  const fuel = options.fuel ?? DEFAULT_FUEL;
  if (isNode(code)) {
    const byFuel = nodeCache.get(code);
    const cached = byFuel?.get(fuel);
    if (cached !== undefined) compiled = cached;
    else {
      compiled = compileFnNode(code, undefined, fuel);
      if (byFuel !== undefined) byFuel.set(fuel, compiled);
      else nodeCache.set(code, new Map([[fuel, compiled]]));
    }
  } else {
    const text = typeof code === 'string' ? code : printValue(code);
    const key = `${fuel}:${text}`;
    const cached = functionCache.get(key);
    if (cached !== undefined) compiled = cached;
    else {
      compiled = compileFnNode(readOne(text), text, fuel);
      if (functionCache.size >= CACHE_LIMIT) functionCache.delete(functionCache.keys().next().value!);
      functionCache.set(key, compiled);
    }
  }
  const run = (input: Value): Value => withRun(noHost, fuel, () => compiled.variant().call(input));
  return Object.assign(run, { compiled });
}

/** The evaluation points of function code, as `compileFunction` takes it (same cache). */
export function functionPoints(code: Node | Value, options: { fuel?: number } = {}): PointTable {
  const f = compileFunction(code, options) as unknown as { compiled: CompiledForm };
  return f.compiled.withPoints().points!;
}

function compileFnNode(node: Node, source: string | undefined, fuel: number): CompiledForm {
  const form = unquote(node);
  const head = form.kind === 'list' ? form.children[0] : undefined;
  if (form.kind !== 'list' || head?.kind !== 'symbol' || head.ns !== null || (head.name !== 'fn' && head.name !== 'fn*'))
    throw compileError('Function code must be one (fn [input] ...) form', form);
  const params = form.children.find((c, i) => i > 0 && c.kind === 'vector');
  if (params !== undefined && params.kind === 'vector') {
    const names = params.children.filter((p) => !(p.kind === 'symbol' && p.name === '&'));
    const variadic = params.children.length !== names.length;
    if (names.length !== 1 && !(variadic && names.length === 1)) throw compileError(`Function code takes exactly one argument (the step input), not ${names.length}: (fn [input] ...)`, params);
  }
  return compileInternal(form, { mode: 'function', fuel, ...(source !== undefined ? { source } : {}) });
}

/** The run state's remaining fuel (for tests and the debugger). */
export function remainingFuel(): number {
  return R.fuel + R.reserve;
}
