// Sequences. The interpreter is eager: a seq (what `map`, `for`, `rest`, `range` return) is
// an immutable.js `Stack`, which prints as `(...)` and equals a vector with the same items,
// as Clojure's seqs do. Core functions walk any seqable value through `items`.

import { List, Map as IMap, Set as ISet, Stack } from 'immutable';
import { Char, type Value } from '../edn/values';
import { fail } from './errors';
import { setCharAt } from './runtime';
import { Bytes, describe } from './values';

export const EMPTY_SEQ: Stack<Value> = Stack<Value>();
export const EMPTY_VECTOR: List<Value> = List<Value>();
export const EMPTY_MAP: IMap<Value, Value> = IMap<Value, Value>();
export const EMPTY_SET: ISet<Value> = ISet<Value>();

const charCache: Char[] = [];
for (let i = 0; i < 128; i++) charCache.push(new Char(String.fromCharCode(i)));

/** The character at UTF-16 index `i` (as Java's `charAt`). */
export function charOf(s: string, i: number): Char {
  const c = s.charCodeAt(i);
  return c < 128 ? charCache[c]! : new Char(s[i]!);
}
setCharAt(charOf);

export function isSeq(v: Value): v is Stack<Value> {
  return Stack.isStack(v);
}

/** Vectors, lists and seqs: the collections `sequential?` holds for. */
export function isSequential(v: Value): v is List<Value> | Stack<Value> {
  return List.isList(v) || Stack.isStack(v);
}

export function isColl(v: Value): boolean {
  return List.isList(v) || Stack.isStack(v) || IMap.isMap(v) || ISet.isSet(v);
}

export function mapEntry(k: Value, v: Value): List<Value> {
  return List([k, v]);
}

/** The items of any seqable value, as a fresh array the caller may keep or mutate. */
export function items(coll: Value): Value[] {
  if (coll === null) return [];
  if (coll instanceof Object) {
    if (List.isList(coll) || Stack.isStack(coll) || ISet.isSet(coll)) return (coll as List<Value>).toArray();
    if (IMap.isMap(coll)) {
      const out: Value[] = [];
      (coll as IMap<Value, Value>).forEach((v, k) => {
        out.push(List([k, v]));
      });
      return out;
    }
    if (coll instanceof Bytes) return Array.from(coll.bytes, (b) => (b > 127 ? b - 256 : b));
  }
  if (typeof coll === 'string') {
    const out: Value[] = new Array(coll.length);
    for (let i = 0; i < coll.length; i++) out[i] = charOf(coll, i);
    return out;
  }
  return fail(`Don't know how to create a sequence from ${describe(coll)}`, 'java.lang.IllegalArgumentException');
}

export function isSeqable(v: Value): boolean {
  return v === null || typeof v === 'string' || isColl(v) || v instanceof Bytes;
}

/** A seq of the items (the `Stack` itself when given one, nil when empty), as `seq` does. */
export function seq(coll: Value): Stack<Value> | null {
  if (Stack.isStack(coll)) return (coll as Stack<Value>).size === 0 ? null : (coll as Stack<Value>);
  const arr = items(coll);
  return arr.length === 0 ? null : Stack(arr);
}

/** An array of items as a seq (a `Stack`). */
export function toSeq(arr: Value[]): Stack<Value> {
  return arr.length === 0 ? EMPTY_SEQ : Stack(arr);
}

export function toVector(arr: Value[]): List<Value> {
  return arr.length === 0 ? EMPTY_VECTOR : List(arr);
}

/** The number of items; strings count UTF-16 units as Java does. */
export function count(coll: Value): number {
  if (coll === null) return 0;
  if (typeof coll === 'string') return coll.length;
  if (coll instanceof Object) {
    if (List.isList(coll) || Stack.isStack(coll) || IMap.isMap(coll) || ISet.isSet(coll)) return (coll as List<Value>).size;
    if (coll instanceof Bytes) return coll.bytes.length;
  }
  return fail(`count not supported on ${describe(coll)}`, 'java.lang.UnsupportedOperationException');
}

export function first(coll: Value): Value {
  if (coll === null) return null;
  if (List.isList(coll) || Stack.isStack(coll)) {
    const v = (coll as List<Value>).first(undefined);
    return v === undefined ? null : v;
  }
  if (typeof coll === 'string') return coll.length === 0 ? null : charOf(coll, 0);
  const arr = items(coll);
  return arr.length === 0 ? null : arr[0]!;
}

/** `rest`: a seq of all items after the first; O(1) on seqs, so `(recur (rest xs))` is linear. */
export function rest(coll: Value): Stack<Value> {
  if (Stack.isStack(coll)) return (coll as Stack<Value>).shift();
  const arr = items(coll);
  arr.shift();
  return toSeq(arr);
}

/** Iterates any seqable without copying vectors, lists and sets. */
export function forEachItem(coll: Value, fn: (v: Value) => void): void {
  if (coll instanceof Object && (List.isList(coll) || Stack.isStack(coll) || ISet.isSet(coll))) {
    for (const v of coll as List<Value>) fn(v);
    return;
  }
  for (const v of items(coll)) fn(v);
}
