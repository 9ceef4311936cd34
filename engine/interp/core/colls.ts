// Maps, vectors, sets and lists: lookup, association, `conj`/`into`, and the accessors
// (`first`, `nth`, `peek`...). Vectors are immutable.js `List`s, lists and seqs `Stack`s.

import { List, Map as IMap, Set as ISet, Stack } from 'immutable';
import type { Value } from '../../edn/values';
import { fail, failArg } from '../errors';
import { getKey, invoke } from '../runtime';
import { charOf, count, EMPTY_MAP, EMPTY_SEQ, EMPTY_VECTOR, first, items, rest, seq, toSeq, toVector } from '../seq';
import { describe, typeName } from '../values';
import { define } from './registry';

const MISSING = Object.freeze({ missing: true }) as unknown as Value;

function unsupported(op: string, v: Value): never {
  return fail(`${op} not supported on ${describe(v)}`, 'java.lang.UnsupportedOperationException');
}

function outOfBounds(i: number, size: number): never {
  return fail(`Index ${i} out of bounds for length ${size}`, 'java.lang.IndexOutOfBoundsException');
}

function index(i: Value, op: string): number {
  if (typeof i !== 'number' || !Number.isInteger(i)) return failArg(`${op} takes an integer index, got ${describe(i)}`);
  return i;
}

export function assoc1(m: Value, k: Value, v: Value): Value {
  if (m === null) return EMPTY_MAP.set(k, v);
  if (IMap.isMap(m)) return (m as IMap<Value, Value>).set(k, v);
  if (List.isList(m)) {
    const vec = m as List<Value>;
    const i = index(k, 'assoc');
    if (i < 0 || i > vec.size) outOfBounds(i, vec.size);
    return vec.set(i, v);
  }
  return unsupported('assoc', m);
}

function assoc(m: Value, ...kvs: Value[]): Value {
  if (kvs.length % 2 !== 0) failArg('assoc expects an even number of keys and values after the map');
  let out = m;
  for (let i = 0; i < kvs.length; i += 2) out = assoc1(out, kvs[i]!, kvs[i + 1]!);
  return out;
}

export function getIn(m: Value, ks: Value, nf?: Value): Value {
  let cur = m;
  for (const k of items(ks)) {
    cur = getKey(cur, k, MISSING);
    if (cur === MISSING) return nf === undefined ? null : nf;
  }
  return cur;
}

function assocIn(m: Value, ks: Value, v: Value): Value {
  const path = items(ks);
  const go = (cur: Value, i: number): Value => {
    const k = path[i] ?? null;
    return i >= path.length - 1 ? assoc1(cur, k, v) : assoc1(cur, k, go(getKey(cur, k), i + 1));
  };
  return go(m, 0);
}

function update(m: Value, k: Value, f: Value, ...args: Value[]): Value {
  return assoc1(m, k, invoke(f, [getKey(m, k), ...args]));
}

function updateIn(m: Value, ks: Value, f: Value, ...args: Value[]): Value {
  const path = items(ks);
  const go = (cur: Value, i: number): Value => {
    const k = path[i] ?? null;
    return i >= path.length - 1 ? assoc1(cur, k, invoke(f, [getKey(cur, k), ...args])) : assoc1(cur, k, go(getKey(cur, k), i + 1));
  };
  return go(m, 0);
}

function dissoc(m: Value, ...ks: Value[]): Value {
  if (m === null) return null;
  if (!IMap.isMap(m)) return unsupported('dissoc', m);
  let out = m as IMap<Value, Value>;
  for (const k of ks) out = out.delete(k);
  return out;
}

/** `conj` of one item. */
export function conj1(coll: Value, x: Value): Value {
  if (coll === null) return Stack([x]);
  if (List.isList(coll)) return (coll as List<Value>).push(x);
  if (Stack.isStack(coll)) return (coll as Stack<Value>).unshift(x);
  if (ISet.isSet(coll)) return (coll as ISet<Value>).add(x);
  if (IMap.isMap(coll)) {
    const m = coll as IMap<Value, Value>;
    if (x === null) return m;
    if (IMap.isMap(x)) return m.merge(x as IMap<Value, Value>);
    if (List.isList(x) && (x as List<Value>).size === 2) return m.set((x as List<Value>).get(0) as Value, (x as List<Value>).get(1) as Value);
    return failArg(`Vector arg to map conj must be a pair, got ${describe(x)}`);
  }
  return unsupported('conj', coll);
}

function conj(coll?: Value, ...xs: Value[]): Value {
  if (coll === undefined) return EMPTY_VECTOR;
  let out = coll;
  for (const x of xs) out = conj1(out, x);
  return out;
}

/** `into` without a transducer. */
export function intoColl(to: Value, from: Value): Value {
  const xs = items(from);
  if (List.isList(to)) return xs.length === 0 ? to : (to as List<Value>).push(...xs);
  if (ISet.isSet(to)) return (to as ISet<Value>).union(xs);
  if (IMap.isMap(to)) return (to as IMap<Value, Value>).withMutations((m) => {
    for (const x of xs) conjEntry(m, x);
  });
  let out: Value = to;
  for (const x of xs) out = conj1(out, x);
  return out;
}

function conjEntry(m: IMap<Value, Value>, x: Value): void {
  if (x === null) return;
  if (IMap.isMap(x)) (x as IMap<Value, Value>).forEach((v, k) => m.set(k, v));
  else if (List.isList(x) && (x as List<Value>).size === 2) m.set((x as List<Value>).get(0) as Value, (x as List<Value>).get(1) as Value);
  else failArg(`Vector arg to map conj must be a pair, got ${describe(x)}`);
}

function merge(...maps: Value[]): Value {
  let out: Value = null;
  let any = false;
  for (const m of maps) {
    if (m === null) continue;
    if (!any) {
      out = m;
      any = true;
    } else out = conj1(out, m);
  }
  return out;
}

function mergeWith(f: Value, ...maps: Value[]): Value {
  let out: Value = null;
  for (const m of maps) {
    if (m === null) continue;
    if (!IMap.isMap(m)) return unsupported('merge-with', m);
    if (out === null) {
      out = m;
      continue;
    }
    let acc = out as IMap<Value, Value>;
    (m as IMap<Value, Value>).forEach((v, k) => {
      acc = acc.has(k) ? acc.set(k, invoke(f, [acc.get(k) as Value, v])) : acc.set(k, v);
    });
    out = acc;
  }
  return out;
}

function nth(coll: Value, i: Value, nf?: Value): Value {
  const n = index(i, 'nth');
  if (coll === null) return nf === undefined ? null : nf;
  if (List.isList(coll) || Stack.isStack(coll)) {
    const c = coll as List<Value>;
    if (n >= 0 && n < c.size) return c.get(n) as Value;
    return nf === undefined ? outOfBounds(n, c.size) : nf;
  }
  if (typeof coll === 'string') {
    if (n >= 0 && n < coll.length) return charOf(coll, n);
    return nf === undefined ? outOfBounds(n, coll.length) : nf;
  }
  return fail(`nth not supported on ${describe(coll)}`, 'java.lang.UnsupportedOperationException');
}

function mapOrNil(m: Value, op: string): IMap<Value, Value> {
  if (m === null) return EMPTY_MAP;
  if (IMap.isMap(m)) return m as IMap<Value, Value>;
  return failArg(`${op} expects a map, got ${describe(m)}`);
}

function keysOrVals(m: Value, which: 'keys' | 'vals'): Value {
  if (m === null) return null;
  if (!IMap.isMap(m)) return failArg(`${which} expects a map, got ${describe(m)}`);
  const map = m as IMap<Value, Value>;
  if (map.size === 0) return null;
  return Stack(which === 'keys' ? map.keys() : map.values());
}

function contains(coll: Value, k: Value): boolean {
  if (coll === null) return false;
  if (IMap.isMap(coll) || ISet.isSet(coll)) return (coll as ISet<Value>).has(k);
  if (List.isList(coll)) return typeof k === 'number' && Number.isInteger(k) && k >= 0 && k < (coll as List<Value>).size;
  if (typeof coll === 'string') return typeof k === 'number' && Number.isInteger(k) && k >= 0 && k < coll.length;
  return failArg(`contains? not supported on ${typeName(coll)}: ${describe(coll)}`);
}

function entryPart(e: Value, i: 0 | 1, op: string): Value {
  if (List.isList(e) && (e as List<Value>).size === 2) return (e as List<Value>).get(i) as Value;
  return fail(`${op} expects a map entry, got ${describe(e)}`, 'java.lang.ClassCastException');
}

function emptyOf(coll: Value): Value {
  if (List.isList(coll)) return EMPTY_VECTOR;
  if (Stack.isStack(coll)) return EMPTY_SEQ;
  if (IMap.isMap(coll)) return EMPTY_MAP;
  if (ISet.isSet(coll)) return ISet();
  return null;
}

function hashMap(...kvs: Value[]): Value {
  if (kvs.length % 2 !== 0) failArg(`No value supplied for key: ${describe(kvs[kvs.length - 1]!)}`);
  return EMPTY_MAP.withMutations((m) => {
    for (let i = 0; i < kvs.length; i += 2) m.set(kvs[i]!, kvs[i + 1]!);
  });
}

function peek(coll: Value): Value {
  if (coll === null) return null;
  if (List.isList(coll)) return (coll as List<Value>).last(null) as Value;
  if (Stack.isStack(coll)) return (coll as Stack<Value>).first(null) as Value;
  return unsupported('peek', coll);
}

function pop(coll: Value): Value {
  if (coll === null) return null;
  if (List.isList(coll) || Stack.isStack(coll)) {
    const c = coll as List<Value>;
    if (c.size === 0) fail(`Can't pop an empty ${typeName(coll)}`, 'java.lang.IllegalStateException');
    return List.isList(coll) ? c.pop() : (coll as Stack<Value>).shift();
  }
  return unsupported('pop', coll);
}

function subvec(v: Value, start: Value, end?: Value): Value {
  if (!List.isList(v)) return failArg(`subvec expects a vector, got ${describe(v)}`);
  const vec = v as List<Value>;
  const s = index(start, 'subvec');
  const e = end === undefined ? vec.size : index(end, 'subvec');
  if (s < 0 || e > vec.size || s > e) outOfBounds(s < 0 || s > e ? s : e, vec.size);
  return vec.slice(s, e);
}

define({
  get: (m, k, nf) => getKey(m, k, nf === undefined ? null : nf),
  'get-in': getIn,
  assoc,
  'assoc-in': assocIn,
  update,
  'update-in': updateIn,
  dissoc,
  merge,
  'merge-with': mergeWith,
  'select-keys': (m, ks) => {
    let out = EMPTY_MAP;
    for (const k of items(ks)) {
      const v = getKey(m, k, MISSING);
      if (v !== MISSING) out = out.set(k, v);
    }
    return out;
  },
  keys: (m) => keysOrVals(m, 'keys'),
  vals: (m) => keysOrVals(m, 'vals'),
  'contains?': contains,
  find: (m, k) => (contains(m, k) ? List([k, getKey(m, k)]) : null),
  key: (e) => entryPart(e, 0, 'key'),
  val: (e) => entryPart(e, 1, 'val'),
  zipmap: (ks, vs) => {
    const a = items(ks);
    const b = items(vs);
    return EMPTY_MAP.withMutations((m) => {
      for (let i = 0; i < Math.min(a.length, b.length); i++) m.set(a[i]!, b[i]!);
    });
  },
  'update-vals': (m, f) => mapOrNil(m, 'update-vals').map((v) => invoke(f, [v])),
  'update-keys': (m, f) => mapOrNil(m, 'update-keys').mapKeys((k) => invoke(f, [k])),
  count,
  seq,
  first,
  second: (c) => {
    const a = Stack.isStack(c) || List.isList(c) ? (c as List<Value>).get(1, null) : (items(c)[1] ?? null);
    return a as Value;
  },
  rest,
  next: (c) => {
    const r = rest(c);
    return r.size === 0 ? null : r;
  },
  last: (c) => {
    if (List.isList(c) || Stack.isStack(c)) return (c as List<Value>).last(null) as Value;
    const a = items(c);
    return a.length === 0 ? null : a[a.length - 1]!;
  },
  butlast: (c) => {
    const a = items(c);
    a.pop();
    return a.length === 0 ? null : toSeq(a);
  },
  nth,
  peek,
  pop,
  conj,
  cons: (x, c) => (Stack.isStack(c) ? (c as Stack<Value>).unshift(x) : Stack([x, ...items(c)])),
  into: (to, a, b) => {
    if (to === undefined) return EMPTY_VECTOR;
    if (a === undefined) return to;
    if (b === undefined) return intoColl(to, a);
    return intoWith(to, a, b);
  },
  vec: (c) => (List.isList(c) ? c : toVector(items(c))),
  vector: (...xs) => toVector(xs),
  'hash-map': hashMap,
  'hash-set': (...xs) => ISet(xs),
  set: (c) => (ISet.isSet(c) ? c : ISet(items(c))),
  list: (...xs) => toSeq(xs),
  'list*': (...xs) => {
    const tail = items(xs.pop()!);
    return toSeq([...xs, ...tail]);
  },
  concat: (...cs) => {
    const out: Value[] = [];
    for (const c of cs) for (const x of items(c)) out.push(x);
    return toSeq(out);
  },
  empty: emptyOf,
  'not-empty': (c) => (count(c) === 0 ? null : c),
  'empty?': (c) => count(c) === 0,
  reverse: (c) => toSeq(items(c).reverse()),
  subvec,
});

let intoWith: (to: Value, xform: Value, from: Value) => Value = () => fail('into with a transducer is not available');
/** Installed by the transducer module. */
export function setIntoWith(impl: (to: Value, xform: Value, from: Value) => Value): void {
  intoWith = impl;
}
