// Transducers, for `(into to xform from)`: the one-collection-less arity of `map`, `filter`,
// `take`... returns one, and `comp` composes them as functions. A transducer takes a
// reducing function (arities 0, 1 and 2) and returns another; `Reduced` stops early.

import { Set as ISet } from 'immutable';
import type { Value, ValueFunction } from '../../edn/values';
import { asFn, charge, invoke, named, truthy } from '../runtime';
import { items, toVector } from '../seq';
import { conj1, setIntoWith } from './colls';

export class Reduced {
  constructor(readonly value: Value) {}
}

type RF = (...args: Value[]) => Value;

/** A stateless transducer from its step: `step(rf, acc, x)`. */
export function transducer(name: string, make: () => (rf: RF, acc: Value, x: Value) => Value, complete?: (rf: RF, acc: Value) => Value): ValueFunction {
  return named((rfValue: Value): Value => {
    const rf = asFn(rfValue) as RF;
    const step = make();
    return named((...args: Value[]): Value => {
      if (args.length === 0) return rf();
      if (args.length === 1) return complete ? complete(rf, args[0]!) : rf(args[0]!);
      return step(rf, args[0]!, args[1]!);
    }, name + '-rf');
  }, name + '-transducer');
}

export function isReduced(v: unknown): v is Reduced {
  return v instanceof Reduced;
}

function into(to: Value, xform: Value, from: Value): Value {
  const conjRf: RF = (...args: Value[]) => (args.length === 2 ? conj1(args[0]!, args[1]!) : args.length === 1 ? args[0]! : to);
  const rf = asFn(invoke(xform, [conjRf as ValueFunction])) as RF;
  let acc: Value = to;
  for (const x of items(from)) {
    charge(1);
    acc = rf(acc, x);
    if (isReduced(acc)) {
      acc = (acc as unknown as Reduced).value;
      break;
    }
  }
  return rf(acc);
}
setIntoWith(into);

export const xforms = {
  map: (f: Value) => transducer('map', () => (rf, acc, x) => rf(acc, invoke(f, [x]))),
  filter: (p: Value) => transducer('filter', () => (rf, acc, x) => (truthy(invoke(p, [x])) ? rf(acc, x) : acc)),
  remove: (p: Value) => transducer('remove', () => (rf, acc, x) => (truthy(invoke(p, [x])) ? acc : rf(acc, x))),
  keep: (f: Value) =>
    transducer('keep', () => (rf, acc, x) => {
      const v = invoke(f, [x]);
      return v === null ? acc : rf(acc, v);
    }),
  'keep-indexed': (f: Value) =>
    transducer('keep-indexed', () => {
      let i = 0;
      return (rf, acc, x) => {
        const v = invoke(f, [i++, x]);
        return v === null ? acc : rf(acc, v);
      };
    }),
  'map-indexed': (f: Value) =>
    transducer('map-indexed', () => {
      let i = 0;
      return (rf, acc, x) => rf(acc, invoke(f, [i++, x]));
    }),
  mapcat: (f: Value) =>
    transducer('mapcat', () => (rf, acc, x) => {
      let a = acc;
      for (const y of items(invoke(f, [x]))) {
        a = rf(a, y);
        if (isReduced(a)) return a;
      }
      return a;
    }),
  take: (n: number) =>
    transducer('take', () => {
      let left = n;
      return (rf, acc, x) => {
        if (left-- <= 0) return new Reduced(acc) as unknown as Value;
        const a = rf(acc, x);
        return left <= 0 && !isReduced(a) ? (new Reduced(a) as unknown as Value) : a;
      };
    }),
  'take-while': (p: Value) => transducer('take-while', () => (rf, acc, x) => (truthy(invoke(p, [x])) ? rf(acc, x) : (new Reduced(acc) as unknown as Value))),
  drop: (n: number) =>
    transducer('drop', () => {
      let left = n;
      return (rf, acc, x) => (left-- > 0 ? acc : rf(acc, x));
    }),
  'drop-while': (p: Value) =>
    transducer('drop-while', () => {
      let dropping = true;
      return (rf, acc, x) => {
        if (dropping && truthy(invoke(p, [x]))) return acc;
        dropping = false;
        return rf(acc, x);
      };
    }),
  distinct: () =>
    transducer('distinct', () => {
      let seen = ISet<Value>();
      return (rf, acc, x) => {
        if (seen.has(x)) return acc;
        seen = seen.add(x);
        return rf(acc, x);
      };
    }),
  interpose: (sep: Value) =>
    transducer('interpose', () => {
      let started = false;
      return (rf, acc, x) => {
        if (!started) {
          started = true;
          return rf(acc, x);
        }
        const a = rf(acc, sep);
        return isReduced(a) ? a : rf(a, x);
      };
    }),
};

/** `partition-all` and `partition-by` keep a buffer that completion flushes. */
export function bufferedTransducer(name: string, cut: () => (buf: Value[], x: Value) => boolean): ValueFunction {
  return named((rfValue: Value): Value => {
    const rf = asFn(rfValue) as RF;
    const shouldCut = cut();
    let buf: Value[] = [];
    const flush = (acc: Value): Value => {
      if (buf.length === 0) return acc;
      const chunk = buf;
      buf = [];
      return rf(acc, toVector(chunk));
    };
    return named((...args: Value[]): Value => {
      if (args.length === 0) return rf();
      if (args.length === 1) {
        const a = flush(args[0]!);
        return rf(isReduced(a) ? (a as unknown as Reduced).value : a);
      }
      let acc: Value = args[0]!;
      if (shouldCut(buf, args[1]!) && buf.length > 0) acc = flush(acc);
      buf.push(args[1]!);
      return acc;
    }, name + '-rf');
  }, name + '-transducer');
}

