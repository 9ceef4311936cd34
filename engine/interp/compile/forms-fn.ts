// Functions: `fn` (named, multi-arity, variadic, destructuring params, `recur` to the top),
// `#(...)` literals with `%` `%1`..`%9` `%&`, and `letfn`. A function value is a JS function
// that takes its arguments, allocates one frame, and loops on RECUR.

import type { CollNode, Node } from '../../edn/nodes';
import { unwrapMeta } from '../../edn/nodes';
import type { Value, ValueFunction } from '../../edn/values';
import { compileError, InterpError } from '../errors';
import { arityError, refuel, R, RECUR, type Code, type Frame } from '../runtime';
import { toSeq } from '../seq';
import { compileBinding, simpleSlot, type Binder } from './destructure';
import { defineSpecials, type CompilerApi, type Cx, type RecurTarget } from './context';
import { captureSources, fillCaptures, type FnScope, type Scope } from './scope';
import { frameCode } from '../probe';

interface Arity {
  fixed: number;
  variadic: boolean;
  /** Slots receiving the arguments (and the rest seq last, when variadic). */
  raw: number[];
  /** Destructuring of params that are not plain names, from their raw slots. */
  binders: { slot: number; binder: Binder }[];
  body: Code;
}

export interface FnDef {
  name: string;
  arities: Arity[];
  /** By argument count, for the fixed arities. */
  byCount: (Arity | undefined)[];
  variadic: Arity | null;
  selfSlot: number;
  fnScope: FnScope;
}

function compileArity(c: CompilerApi, params: Node, bodyNodes: Node[], fnScope: Scope, at: Node, fnName?: string): Arity {
  if (params.kind !== 'vector') throw compileError('A function needs a parameter vector, e.g. (fn [x] ...)', params);
  const scope = fnScope.child();
  const raw: number[] = [];
  const binders: { slot: number; binder: Binder }[] = [];
  let variadic = false;
  const cx: Cx = { scope, recur: null, tail: false };
  const ps = params.children;
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i]!;
    if (p.kind === 'symbol' && p.ns === null && p.name === '&') {
      if (i !== ps.length - 2) throw compileError('`&` must be followed by exactly one rest parameter', p);
      variadic = true;
      continue;
    }
    const slot = simpleSlot(p, scope);
    if (slot !== null) raw.push(slot);
    else {
      const hidden = scope.hidden();
      raw.push(hidden);
      binders.push({ slot: hidden, binder: compileBinding(c, p, scope, cx) });
    }
  }
  const target: RecurTarget = { slots: raw, variadic, form: 'fn' };
  let nodes = bodyNodes;
  let pre: Code[] = [];
  const first = unwrapMeta(nodes[0] ?? null);
  if (nodes.length > 1 && first?.kind === 'map') {
    // A condition map `{:pre [...]}`: each check must hold before the body runs.
    for (let i = 0; i + 1 < first.children.length; i += 2) {
      const k = first.children[i]!;
      const v = first.children[i + 1]!;
      if (k.kind === 'keyword' && k.name === 'pre' && v.kind === 'vector') pre = v.children.map((n) => assertion(c, n, { ...cx, scope }));
    }
    nodes = nodes.slice(1);
  }
  let body = c.body(nodes, { scope, recur: target, tail: true }, at);
  if (pre.length > 0) {
    const inner = body;
    body = (f: Frame) => {
      for (const p of pre) p(f);
      return inner(f);
    };
  }
  if (c.points !== null) body = frameCode(fnName ?? 'fn', body);
  return { fixed: variadic ? raw.length - 1 : raw.length, variadic, raw, binders, body };
}

function assertion(c: CompilerApi, n: Node, cx: Cx): Code {
  const test = c.compile(n, cx);
  const message = `Assert failed: ${c.text(n)}`;
  return (f: Frame) => {
    const v = test(f);
    if (v === null || v === false) throw new InterpError(message, n.start, n.end, { javaClass: 'java.lang.AssertionError' });
    return null;
  };
}

/** Compiles `(fn name? [params] body...)` or `(fn name? ([params] body...)...)`. */
export function compileFnDef(c: CompilerApi, list: CollNode, cx: Cx, letfnName?: string): FnDef {
  let rest = list.children.slice(1);
  let name = letfnName ?? 'fn';
  const scope = cx.scope.childFn();
  let selfSlot = 0;
  const first = rest[0];
  if (first?.kind === 'symbol' && letfnName === undefined) {
    name = first.name;
    selfSlot = scope.bind(first.name).slot;
    rest = rest.slice(1);
  }
  if (rest.length === 0) throw compileError('A function needs a parameter vector, e.g. (fn [x] ...)', list);
  const arities: Arity[] = [];
  if (rest[0]!.kind === 'vector') arities.push(compileArity(c, rest[0]!, rest.slice(1), scope, list, name));
  else
    for (const a of rest) {
      if (a.kind !== 'list' || a.children[0]?.kind !== 'vector') throw compileError('Each arity of a multi-arity fn is a list starting with its parameter vector: ([x] ...)', a);
      arities.push(compileArity(c, a.children[0], a.children.slice(1), scope, a, name));
    }
  const byCount: (Arity | undefined)[] = [];
  let variadic: Arity | null = null;
  for (const a of arities) {
    if (a.variadic) {
      if (variadic !== null) throw compileError("Can't have more than one variadic arity", list);
      variadic = a;
    } else {
      if (byCount[a.fixed] !== undefined) throw compileError("Can't have two arities with the same number of params", list);
      byCount[a.fixed] = a;
    }
  }
  if (variadic !== null && byCount.some((a, n) => a !== undefined && n > variadic!.fixed))
    throw compileError("Can't have a fixed arity with more params than the variadic arity", list);
  return { name, arities, byCount, variadic, selfSlot, fnScope: scope.fn };
}

/** A function value over `captured`. */
export function makeClosure(def: FnDef, captured: Value[]): ValueFunction {
  const { byCount, variadic, selfSlot, name } = def;
  const slotCount = def.fnScope.slotCount;
  const self = function (...args: Value[]): Value {
    const n = args.length;
    const ar = byCount[n] ?? (variadic !== null && n >= variadic.fixed ? variadic : undefined);
    if (ar === undefined) return arityError(n, name);
    if (--R.fuel < 0) refuel();
    const frame: Frame = new Array(slotCount);
    frame[0] = captured;
    if (selfSlot !== 0) frame[selfSlot] = self;
    const raw = ar.raw;
    const fixed = ar.fixed;
    for (let i = 0; i < fixed; i++) frame[raw[i]!] = args[i];
    if (ar.variadic) frame[raw[fixed]!] = n > fixed ? toSeq(args.slice(fixed)) : null;
    const binders = ar.binders;
    for (;;) {
      for (let i = 0; i < binders.length; i++) binders[i]!.binder(frame, frame[binders[i]!.slot] as Value);
      const r = ar.body(frame);
      if (r !== RECUR) return r;
      if (--R.fuel < 0) refuel();
    }
  } as ValueFunction;
  (self as { fnName?: string }).fnName = name;
  return self;
}

/** Code creating a closure of `def` in the current frame. */
export function closureCode(def: FnDef): Code {
  const sources = captureSources(def.fnScope);
  const n = sources.length;
  if (n === 0) return () => makeClosure(def, []);
  return (f: Frame) => {
    const captured: Value[] = new Array(n);
    fillCaptures(sources, f, captured);
    return makeClosure(def, captured);
  };
}

/** `#(...)`: params from the `%` symbols used in the body. */
function fnLiteral(c: CompilerApi, node: CollNode, cx: Cx): Code {
  let max = 0;
  let rest = false;
  const scan = (n: Node): void => {
    if (n.kind === 'fn' && n !== node) throw compileError('Nested #()s are not allowed', n);
    if (n.kind === 'symbol' && n.ns === null && n.name.startsWith('%')) {
      if (n.name === '%') max = Math.max(max, 1);
      else if (n.name === '%&') rest = true;
      else if (/^%[1-9][0-9]*$/.test(n.name)) max = Math.max(max, Number(n.name.slice(1)));
    }
    if ('children' in n) n.children.forEach(scan);
    else if ((n.kind === 'meta' || n.kind === 'tagged' || n.kind === 'var' || n.kind === 'deref') && n.form) scan(n.form);
  };
  scan(node);
  const scope = cx.scope.childFn();
  const inner = scope.child();
  const raw: number[] = [];
  for (let i = 1; i <= max; i++) raw.push(inner.bind(`%${i}`).slot);
  if (max >= 1) inner.alias('%', '%1');
  if (rest) raw.push(inner.bind('%&').slot);
  const target: RecurTarget = { slots: raw, variadic: rest, form: 'fn' };
  let body = c.compile({ ...node, kind: 'list' }, { scope: inner, recur: target, tail: true });
  if (c.points !== null) body = frameCode('fn', body);
  const arity: Arity = { fixed: max, variadic: rest, raw, binders: [], body };
  const byCount: (Arity | undefined)[] = [];
  if (!rest) byCount[max] = arity;
  return closureCode({ name: 'fn', arities: [arity], byCount, variadic: rest ? arity : null, selfSlot: 0, fnScope: scope.fn });
}

function letfnForm(c: CompilerApi, list: CollNode, cx: Cx): Code {
  const vec = list.children[1];
  if (vec === undefined || vec.kind !== 'vector') throw compileError('`letfn` needs a vector of function specs, e.g. (letfn [(f [x] ...)] ...)', vec ?? list);
  const scope = cx.scope.child();
  const specs = vec.children.map((spec) => {
    if (spec.kind !== 'list' || spec.children[0]?.kind !== 'symbol') throw compileError('A letfn spec is (name [params] body...)', spec);
    return { spec, slot: scope.bind(spec.children[0].name).slot, name: spec.children[0].name };
  });
  const inner: Cx = { ...cx, scope, tail: false };
  const defs = specs.map(({ spec, name }) => compileFnDef(c, spec, inner, name));
  const sources = defs.map((d) => captureSources(d.fnScope));
  const body = c.body(list.children.slice(2), { ...cx, scope }, list);
  return (f: Frame) => {
    const captured = defs.map((d, i) => {
      const cap: Value[] = new Array(sources[i]!.length);
      f[specs[i]!.slot] = makeClosure(d, cap);
      return cap;
    });
    // Fill after every function exists, so they can call each other.
    defs.forEach((_d, i) => fillCaptures(sources[i]!, f, captured[i]!));
    return body(f);
  };
}

defineSpecials({
  fn: (c, list, cx) => closureCode(compileFnDef(c, list, cx)),
  'fn*': (c, list, cx) => closureCode(compileFnDef(c, list, cx)),
  '#()': (c, node, cx) => fnLiteral(c, node, cx),
  letfn: letfnForm,
});
