// Sequence functions, eager: each returns a seq (`Stack`) or a vector at once. The data
// transforms (`map`, `filter`, `reduce`...) are function-code only (the catalog says where).
// Called without a collection, the transforms return transducers for `into`.

import { is, List, Map as IMap, Set as ISet, Stack } from 'immutable';
import type { Value } from '../../edn/values';
import { fail, failArg } from '../errors';
import { asFn, charge, invoke, truthy } from '../runtime';
import { EMPTY_MAP, EMPTY_SEQ, items, toSeq, toVector } from '../seq';
import { compareValues, comparatorOf } from '../compare';
import { describe } from '../values';
import { int, num } from './numbers';
import { define } from './registry';
import { bufferedTransducer, xforms } from './transducers';

/** Items of several collections, up to the shortest, as argument lists. */
function zipped(colls: Value[]): Value[][] {
  const arrays = colls.map(items);
  const n = Math.min(...arrays.map((a) => a.length));
  const out: Value[][] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = arrays.map((a) => a[i]!);
  return out;
}

function mapItems(f: Value, colls: Value[]): Value[] {
  if (colls.length === 1) {
    const fn = asFn(f);
    return items(colls[0]!).map((x) => fn(x));
  }
  return zipped(colls).map((args) => invoke(f, args));
}

function count(n: Value, op: string): number {
  const k = num(n, op);
  return Number.isNaN(k) ? 0 : Math.max(0, Math.ceil(k));
}

function reduce(f: Value, a: Value, b?: Value): Value {
  const fn = asFn(f);
  if (b === undefined) {
    const xs = items(a);
    if (xs.length === 0) return fn();
    let acc: Value = xs[0]!;
    for (let i = 1; i < xs.length; i++) acc = fn(acc, xs[i]!);
    return acc;
  }
  let acc = a;
  for (const x of items(b)) acc = fn(acc, x);
  return acc;
}

function range(...args: Value[]): Value {
  if (args.length === 0) return fail('(range) without bounds never ends and is rejected by the sandbox: give an end, e.g. (range 10)', 'java.lang.IllegalArgumentException');
  const start = args.length === 1 ? 0 : num(args[0]!, 'range');
  const end = num(args.length === 1 ? args[0]! : args[1]!, 'range');
  const step = args.length === 3 ? num(args[2]!, 'range') : 1;
  if (step === 0) {
    if (start === end) return EMPTY_SEQ;
    return failArg('(range start end 0) never ends: give a non-zero step');
  }
  const n = Math.max(0, Math.ceil((end - start) / step));
  charge(n);
  const out: Value[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = start + i * step;
  return toSeq(out);
}

function sortBy(keyfn: Value | null, a: Value, b?: Value): Value {
  const cmp = b === undefined ? compareValues : comparatorOf(a);
  const coll = b === undefined ? a : b;
  const xs = items(coll);
  charge(xs.length);
  if (keyfn === null) return toSeq(xs.sort(cmp));
  const keyed = xs.map((x) => ({ k: invoke(keyfn, [x]), x }));
  keyed.sort((p, q) => cmp(p.k, q.k));
  return toSeq(keyed.map((p) => p.x));
}

function partition(n: Value, ...rest: Value[]): Value {
  const size = int(n, 'partition');
  const step = rest.length >= 2 ? int(rest[0]!, 'partition') : size;
  const pad = rest.length === 3 ? items(rest[1]!) : null;
  const xs = items(rest[rest.length - 1]!);
  if (size <= 0 || step <= 0) return step <= 0 && size > 0 ? failArg('partition needs a positive step') : EMPTY_SEQ;
  const out: Value[] = [];
  for (let i = 0; i < xs.length; i += step) {
    const chunk = xs.slice(i, i + size);
    if (chunk.length < size) {
      if (pad === null) break;
      out.push(toSeq([...chunk, ...pad.slice(0, size - chunk.length)]));
      break;
    }
    out.push(toSeq(chunk));
  }
  return toSeq(out);
}

function partitionAll(n: Value, a?: Value, b?: Value): Value {
  const size = int(n, 'partition-all');
  if (a === undefined) return bufferedTransducer('partition-all', () => (buf) => buf.length >= size);
  const step = b === undefined ? size : int(a, 'partition-all');
  const xs = items(b === undefined ? a : b);
  if (size <= 0 || step <= 0) return failArg('partition-all needs a positive size and step');
  const out: Value[] = [];
  for (let i = 0; i < xs.length; i += step) out.push(toSeq(xs.slice(i, i + size)));
  return toSeq(out);
}

function partitionBy(f: Value, coll?: Value): Value {
  if (coll === undefined)
    return bufferedTransducer('partition-by', () => {
      let lastKey: Value = null;
      let started = false;
      return (_buf, x) => {
        const k = invoke(f, [x]);
        const cut = started && !is(k, lastKey);
        lastKey = k;
        started = true;
        return cut;
      };
    });
  const out: Value[] = [];
  let cur: Value[] = [];
  let key: Value = null;
  for (const x of items(coll)) {
    const k = invoke(f, [x]);
    if (cur.length > 0 && !isEq(k, key)) {
      out.push(toSeq(cur));
      cur = [];
    }
    key = k;
    cur.push(x);
  }
  if (cur.length > 0) out.push(toSeq(cur));
  return toSeq(out);
}

function isEq(a: Value, b: Value): boolean {
  return is(a, b);
}

function takeWhileIndex(p: Value, xs: Value[]): number {
  let i = 0;
  while (i < xs.length && truthy(invoke(p, [xs[i]!]))) i++;
  return i;
}

function flatten(x: Value, out: Value[]): void {
  for (const v of items(x)) {
    if (List.isList(v) || Stack.isStack(v)) flatten(v, out);
    else out.push(v);
  }
}

function minMaxKey(better: (a: number, b: number) => boolean): (k: Value, ...xs: Value[]) => Value {
  return (k, ...xs) => {
    let best = xs[0]!;
    let bestKey = num(invoke(k, [best]), 'max-key');
    for (let i = 1; i < xs.length; i++) {
      const key = num(invoke(k, [xs[i]!]), 'max-key');
      if (!better(bestKey, key)) {
        best = xs[i]!;
        bestKey = key;
      }
    }
    return best;
  };
}

define({
  // Transforms (function code only).
  map: (f, ...colls) => (colls.length === 0 ? xforms.map(f) : toSeq(mapItems(f, colls))),
  mapv: (f, ...colls) => toVector(mapItems(f, colls)),
  filter: (p, c) => (c === undefined ? xforms.filter(p) : toSeq(items(c).filter((x) => truthy(invoke(p, [x]))))),
  filterv: (p, c) => toVector(items(c).filter((x) => truthy(invoke(p, [x])))),
  remove: (p, c) => (c === undefined ? xforms.remove(p) : toSeq(items(c).filter((x) => !truthy(invoke(p, [x]))))),
  reduce,
  mapcat: (f, ...colls) => {
    if (colls.length === 0) return xforms.mapcat(f);
    const out: Value[] = [];
    for (const part of mapItems(f, colls)) for (const x of items(part)) out.push(x);
    return toSeq(out);
  },
  keep: (f, c) => (c === undefined ? xforms.keep(f) : toSeq(mapItems(f, [c]).filter((x) => x !== null))),
  'keep-indexed': (f, c) => (c === undefined ? xforms['keep-indexed'](f) : toSeq(items(c).map((x, i) => invoke(f, [i, x])).filter((x) => x !== null))),
  // Sequences.
  'map-indexed': (f, c) => (c === undefined ? xforms['map-indexed'](f) : toSeq(items(c).map((x, i) => invoke(f, [i, x])))),
  sort: (a, b) => sortBy(null, a, b),
  'sort-by': (k, a, b) => sortBy(k, a, b),
  'group-by': (f, c) => {
    let m = EMPTY_MAP.asMutable();
    for (const x of items(c)) {
      const k = invoke(f, [x]);
      m = m.set(k, ((m.get(k) as List<Value> | undefined) ?? List<Value>()).push(x));
    }
    return m.asImmutable();
  },
  frequencies: (c) => {
    const m = EMPTY_MAP.asMutable();
    for (const x of items(c)) m.set(x, ((m.get(x) as number | undefined) ?? 0) + 1);
    return m.asImmutable();
  },
  distinct: (c) => {
    if (c === undefined) return xforms.distinct();
    let seen = ISet<Value>();
    const out: Value[] = [];
    for (const x of items(c)) {
      if (seen.has(x)) continue;
      seen = seen.add(x);
      out.push(x);
    }
    return toSeq(out);
  },
  partition,
  'partition-all': partitionAll,
  'partition-by': partitionBy,
  range,
  take: (n, c) => (c === undefined ? xforms.take(count(n, 'take')) : toSeq(items(c).slice(0, count(n, 'take')))),
  'take-while': (p, c) => {
    if (c === undefined) return xforms['take-while'](p);
    const xs = items(c);
    return toSeq(xs.slice(0, takeWhileIndex(p, xs)));
  },
  'take-last': (n, c) => {
    const xs = items(c);
    const k = count(n, 'take-last');
    return k === 0 || xs.length === 0 ? null : toSeq(xs.slice(Math.max(0, xs.length - k)));
  },
  drop: (n, c) => (c === undefined ? xforms.drop(count(n, 'drop')) : toSeq(items(c).slice(count(n, 'drop')))),
  'drop-while': (p, c) => {
    if (c === undefined) return xforms['drop-while'](p);
    const xs = items(c);
    return toSeq(xs.slice(takeWhileIndex(p, xs)));
  },
  'drop-last': (a, b) => {
    const xs = items(b === undefined ? a : b);
    const k = b === undefined ? 1 : count(a, 'drop-last');
    return toSeq(xs.slice(0, Math.max(0, xs.length - k)));
  },
  'split-at': (n, c) => {
    const xs = items(c);
    const k = count(n, 'split-at');
    return List([toSeq(xs.slice(0, k)), toSeq(xs.slice(k))]);
  },
  'split-with': (p, c) => {
    const xs = items(c);
    const k = takeWhileIndex(p, xs);
    return List([toSeq(xs.slice(0, k)), toSeq(xs.slice(k))]);
  },
  interpose: (sep, c) => {
    if (c === undefined) return xforms.interpose(sep);
    const out: Value[] = [];
    items(c).forEach((x, i) => {
      if (i > 0) out.push(sep);
      out.push(x);
    });
    return toSeq(out);
  },
  interleave: (...colls) => (colls.length === 0 ? EMPTY_SEQ : toSeq(zipped(colls).flat())),
  flatten: (x) => {
    if (!(List.isList(x) || Stack.isStack(x))) return EMPTY_SEQ;
    const out: Value[] = [];
    flatten(x, out);
    return toSeq(out);
  },
  repeat: (n, x) => {
    if (x === undefined) return fail('(repeat x) never ends: give a count, e.g. (repeat 3 x)', 'java.lang.IllegalArgumentException');
    const k = count(n, 'repeat');
    charge(k);
    return toSeq(new Array(k).fill(x));
  },
  doall: (a, b) => (b === undefined ? a : b),
  some: (p, c) => {
    for (const x of items(c)) {
      const v = invoke(p, [x]);
      if (truthy(v)) return v;
    }
    return null;
  },
  'every?': (p, c) => items(c).every((x) => truthy(invoke(p, [x]))),
  'not-any?': (p, c) => !items(c).some((x) => truthy(invoke(p, [x]))),
  'not-every?': (p, c) => !items(c).every((x) => truthy(invoke(p, [x]))),
  'max-key': minMaxKey((best, k) => best > k),
  'min-key': minMaxKey((best, k) => best < k),
  'reduce-kv': (f, init, m) => {
    let acc = init;
    if (m === null) return acc;
    if (IMap.isMap(m)) (m as IMap<Value, Value>).forEach((v, k) => void (acc = invoke(f, [acc, k, v])));
    else if (List.isList(m)) (m as List<Value>).forEach((v, i) => void (acc = invoke(f, [acc, i, v])));
    else return failArg(`reduce-kv expects a map or a vector, got ${describe(m)}`);
    return acc;
  },
});
