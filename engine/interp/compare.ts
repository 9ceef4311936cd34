// Clojure's `compare`: numbers by value, strings as Java's `compareTo` (the first differing
// character's code difference), keywords and symbols by namespace then name, vectors by
// length then item by item, nil before everything; other mixes are an error.

import { List } from 'immutable';
import { Char, Keyword, Sym, type Value } from '../edn/values';
import { failCast } from './errors';
import { invoke2, truthy } from './runtime';
import { Duration, Instant, describe, typeName } from './values';

export function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a.charCodeAt(i) - b.charCodeAt(i);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

function compareNames(a: Keyword | Sym, b: Keyword | Sym): number {
  if (a.ns !== b.ns) {
    if (a.ns === null) return -1;
    if (b.ns === null) return 1;
    const d = compareStrings(a.ns, b.ns);
    if (d !== 0) return d;
  }
  return compareStrings(a.name, b.name);
}

function sign(d: number): number {
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}

export function compareValues(a: Value, b: Value): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  const ta = typeof a;
  if ((ta === 'number' || ta === 'bigint') && (typeof b === 'number' || typeof b === 'bigint')) {
    const x = Number(a);
    const y = Number(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (ta === 'string' && typeof b === 'string') return compareStrings(a as string, b);
  if (ta === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (a instanceof Keyword && b instanceof Keyword) return compareNames(a, b);
  if (a instanceof Sym && b instanceof Sym) return compareNames(a, b);
  if (a instanceof Char && b instanceof Char) return a.value.charCodeAt(0) - b.value.charCodeAt(0);
  if (a instanceof Instant && b instanceof Instant) return sign(a.ms - b.ms);
  if (a instanceof Duration && b instanceof Duration) return sign(a.ms - b.ms);
  if (List.isList(a) && List.isList(b)) {
    const va = a as List<Value>;
    const vb = b as List<Value>;
    if (va.size !== vb.size) return va.size < vb.size ? -1 : 1;
    for (let i = 0; i < va.size; i++) {
      const d = compareValues(va.get(i) as Value, vb.get(i) as Value);
      if (d !== 0) return d;
    }
    return 0;
  }
  return failCast(`Cannot compare ${describe(a)} with ${describe(b)}${typeName(a) === typeName(b) ? `: ${typeName(a)} values are not comparable` : ''}`);
}

/** A JS comparator from a Clojure comparator: a function returning a number, or a boolean
 *  predicate such as `>` (true means "a before b"). */
export function comparatorOf(cmp: Value): (a: Value, b: Value) => number {
  return (a, b) => {
    const r = invoke2(cmp, a, b);
    if (typeof r === 'number') return r;
    if (truthy(r)) return -1;
    return truthy(invoke2(cmp, b, a)) ? 1 : 0;
  };
}
