// The core library's table: written name -> JS implementation. Arity comes from the catalog
// (the one vocabulary), so the compiler checks direct calls once, and a function used as a
// value (`(map inc xs)`) is wrapped to check its argument count on every call.

import type { Value, ValueFunction } from '../../edn/values';
import { callableByName } from '../../language/catalog/index';
import { arityError, named, refuel, R } from '../runtime';

/** Implementations take evaluated arguments; optional parameters arrive as `undefined`. */
export type CoreImpl = (...args: Value[]) => Value;

const impls = new Map<string, CoreImpl>();
const values = new Map<string, ValueFunction>();

export function define(table: Record<string, CoreImpl>, ns?: string): void {
  for (const [name, impl] of Object.entries(table)) impls.set(ns === undefined ? name : `${ns}/${name}`, impl);
}

/** The raw implementation, for direct calls whose arity the compiler has checked. */
export function coreImpl(name: string): CoreImpl | undefined {
  return impls.get(name);
}

export function coreNames(): Iterable<string> {
  return impls.keys();
}

/** Whether `n` arguments suit the catalog entry for `name` (true when it has none). */
export function arityOk(name: string, n: number): boolean {
  const spec = callableByName.get(name);
  if (spec === undefined) return true;
  return spec.arities.includes(n) || (spec.variadicFrom !== undefined && n >= spec.variadicFrom);
}

/** The function value of a core name: checks arity and spends fuel on each call. */
export function coreValue(name: string): ValueFunction | undefined {
  let v = values.get(name);
  if (v !== undefined) return v;
  const impl = impls.get(name);
  if (impl === undefined) return undefined;
  const spec = callableByName.get(name);
  const exact = new Set(spec?.arities ?? []);
  const from = spec === undefined ? 0 : (spec.variadicFrom ?? Infinity);
  v = named((...args: Value[]): Value => {
    if (--R.fuel < 0) refuel();
    if (!exact.has(args.length) && args.length < from) arityError(args.length, name);
    return impl(...args);
  }, name);
  values.set(name, v);
  return v;
}
