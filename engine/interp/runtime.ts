// Evaluation state and the calling convention. Compiled code is a tree of closures
// `(frame) => Value`; a frame is one array per function invocation (slot 0 holds the values
// the function captured when it was created, locals follow). Evaluation is synchronous, so
// the current run's host and fuel live in one module-level record, saved and restored
// around nested runs.

import { List, Map as IMap, Set as ISet } from 'immutable';
import { Keyword, Sym, type Value, type ValueFunction } from '../edn/values';
import { fail, InterpError, Interrupted } from './errors';
import { describe } from './values';
import type { Host } from './index';

/** One invocation's storage: `[captured, slot1, slot2, ...]`. */
export type Frame = unknown[];
export type Code = (f: Frame) => Value;

/** Returned by `recur` in tail position; the loop or function re-runs its body. */
export const RECUR = Object.freeze({ recur: true }) as unknown as Value;

export const DEFAULT_FUEL = 10_000_000;

export interface RunState {
  host: Host;
  /** Fuel of the current slice; the hot paths decrement it and call `refuel` below zero. */
  fuel: number;
  /** Fuel not yet handed to a slice (0 unless the run can be interrupted). */
  reserve: number;
  /** Fuel at the start of the run, for the message. */
  limit: number;
  /** Set to non-zero by another thread to interrupt the run (see `interruptible`); polled once a slice. */
  interrupt: Int32Array | null;
}

/** Evaluations between two looks at the interrupt flag (tens of microseconds of interpretation). */
export const SLICE = 100;

const noHost: Host = {
  step: () => fail('flow/step is not available here'),
  input: () => fail('flow/input is not available here'),
  nowMs: () => fail('flow/now-ms is not available here'),
};

/** The current run. Closures called outside any run (a function value kept after its run
 *  ended) get a fresh default budget. */
export const R: RunState = { host: noHost, fuel: DEFAULT_FUEL, reserve: 0, limit: DEFAULT_FUEL, interrupt: null };

/** Runs `body` as one run with its own host and fuel, restoring the outer run afterwards. A
 *  run started inside `interruptible` gets its fuel in slices, so that it looks at the flag. */
export function withRun<T>(host: Host, fuel: number, body: () => T): T {
  const saved = { host: R.host, fuel: R.fuel, reserve: R.reserve, limit: R.limit };
  R.host = host;
  R.fuel = R.interrupt !== null ? Math.min(fuel, SLICE) : fuel;
  R.reserve = fuel - R.fuel;
  R.limit = fuel;
  try {
    return body();
  } finally {
    R.host = saved.host;
    R.fuel = saved.fuel;
    R.reserve = saved.reserve;
    R.limit = saved.limit;
  }
}

/**
 * Runs `body` (which starts its run with `withRun`) so that another thread can stop it: when
 * `flag[0]` is non-zero at the end of a slice of fuel, `Interrupted` is thrown out of the run.
 * Outside this, runs have one slice (all their fuel) and the hot paths are what they were.
 */
export function interruptible<T>(flag: Int32Array | null | undefined, body: () => T): T {
  if (flag === null || flag === undefined) return body();
  const saved = R.interrupt;
  R.interrupt = flag;
  try {
    return body();
  } finally {
    R.interrupt = saved;
  }
}

/** Fuel the current run has used so far. */
export function fuelUsed(): number {
  return R.limit - R.fuel - R.reserve;
}

/**
 * The current slice of fuel is spent (the hot paths' slow path): the next slice is handed out
 * and the interrupt flag looked at; with no fuel left, an uncatchable error, located at `at`
 * when given (a loop form).
 */
export function refuel(at?: { start: number; end: number }): void {
  const left = R.fuel + R.reserve;
  if (left < 0) {
    const used = R.limit;
    R.fuel = 0;
    R.reserve = 0;
    throw new InterpError(`evaluation ran out of fuel after ${used} steps: an unbounded loop?`, at?.start ?? -1, at?.end ?? -1, { catchable: false });
  }
  R.fuel = Math.min(left, SLICE);
  R.reserve = left - R.fuel;
  if (R.interrupt !== null && Atomics.load(R.interrupt, 0) !== 0) throw new Interrupted(fuelUsed());
}

/** Spends `n` units (a call, a loop iteration, or the items a core function produces). */
export function charge(n: number): void {
  if ((R.fuel -= n) < 0) refuel();
}

export function truthy(v: Value): boolean {
  return v !== null && v !== false;
}

/** Names a function value in messages and printing. */
export function named<F extends (...args: never[]) => unknown>(fn: F, name: string): F {
  Object.defineProperty(fn, 'fnName', { value: name });
  return fn;
}

export function fnName(f: unknown): string {
  return (typeof f === 'function' && (f as { fnName?: string }).fnName) || 'fn';
}

export function arityError(n: number, name: string): never {
  throw new InterpError(`Wrong number of args (${n}) passed to: ${name}`, -1, -1, { javaClass: 'clojure.lang.ArityException' });
}

export function notCallable(f: Value): never {
  throw new InterpError(`Cannot call ${describe(f)} as a function`, -1, -1, { javaClass: 'java.lang.ClassCastException' });
}

// Lookup shared by keywords, maps and sets used as functions (and `get`).
/**
 * Maps whose string and keyword keys are interchangeable on lookup: the run input
 * (`flow/input`), which the platform normalises so `(:order-id input)` and
 * `(get input "order-id")` both work. Only lookups change; the map itself is as given.
 */
const keyLenientMaps = new WeakSet<object>();

export function markKeyLenient(m: Value): void {
  if (IMap.isMap(m)) keyLenientMaps.add(m as object);
}

export function getKey(m: Value, k: Value, notFound: Value = null): Value {
  if (m instanceof Object) {
    if (IMap.isMap(m)) {
      let v = (m as IMap<Value, Value>).get(k, undefined);
      if (v === undefined && keyLenientMaps.has(m)) {
        const other = typeof k === 'string' ? Keyword.of(k) : k instanceof Keyword && k.ns === null ? k.name : undefined;
        if (other !== undefined) v = (m as IMap<Value, Value>).get(other, undefined);
      }
      return v === undefined ? notFound : v;
    }
    if (List.isList(m)) {
      if (typeof k === 'number' && Number.isInteger(k)) {
        const v = (m as List<Value>).get(k, undefined);
        return v === undefined || k < 0 ? notFound : v;
      }
      return notFound;
    }
    if (ISet.isSet(m)) return (m as ISet<Value>).has(k) ? k : notFound;
  } else if (typeof m === 'string' && typeof k === 'number' && Number.isInteger(k) && k >= 0 && k < m.length) {
    return charAt(m, k);
  }
  return notFound;
}

let charAtImpl: (s: string, i: number) => Value = () => null;
/** Set by the core library (chars live there); kept indirect to avoid an import cycle. */
export function setCharAt(impl: (s: string, i: number) => Value): void {
  charAtImpl = impl;
}
function charAt(s: string, i: number): Value {
  return charAtImpl(s, i);
}

function vectorCall(v: List<Value>, args: Value[]): Value {
  if (args.length !== 1) arityError(args.length, 'clojure.lang.PersistentVector');
  const i = args[0];
  if (typeof i !== 'number' || !Number.isInteger(i)) fail(`Key must be integer, got ${describe(i as Value)}`, 'java.lang.IllegalArgumentException');
  if (i < 0 || i >= v.size) fail(`Index ${i} out of bounds for length ${v.size}`, 'java.lang.IndexOutOfBoundsException');
  return v.get(i) as Value;
}

/** Calls any callable value: functions, keywords, symbols, maps, sets and vectors. */
export function invoke(f: Value, args: Value[]): Value {
  if (typeof f === 'function') return (f as ValueFunction)(...args);
  if (f instanceof Keyword || f instanceof Sym) {
    if (args.length < 1 || args.length > 2) arityError(args.length, f instanceof Keyword ? ':' + f.fqn : f.fqn);
    return getKey(args[0]!, f, args.length > 1 ? args[1]! : null);
  }
  if (f instanceof Object) {
    if (IMap.isMap(f) || ISet.isSet(f)) {
      if (args.length < 1 || args.length > 2) arityError(args.length, IMap.isMap(f) ? 'a map' : 'a set');
      return getKey(f, args[0]!, args.length > 1 ? args[1]! : null);
    }
    if (List.isList(f)) return vectorCall(f as List<Value>, args);
  }
  return notCallable(f);
}

export function invoke1(f: Value, a: Value): Value {
  if (typeof f === 'function') return (f as ValueFunction)(a);
  if (f instanceof Keyword) return getKey(a, f, null);
  return invoke(f, [a]);
}

export function invoke2(f: Value, a: Value, b: Value): Value {
  if (typeof f === 'function') return (f as ValueFunction)(a, b);
  return invoke(f, [a, b]);
}

/** A JS function for any callable value, for core functions that take `f`. */
export function asFn(f: Value): ValueFunction {
  if (typeof f === 'function') return f as ValueFunction;
  if (f instanceof Keyword || f instanceof Sym || IMap.isMap(f) || ISet.isSet(f) || List.isList(f)) return (...args: Value[]) => invoke(f, args);
  return notCallable(f);
}
