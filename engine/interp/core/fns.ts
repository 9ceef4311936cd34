// Functions of functions (`apply`, `partial`, `comp`...), equality and type predicates,
// names (`keyword`, `name`...) and exceptions (`ex-info`, `ex-data`, `ex-message`).

import { is, List, Map as IMap, Set as ISet, Stack } from 'immutable';
import { Keyword, Sym, type Value } from '../../edn/values';
import { fail, failArg } from '../errors';
import { invoke, named, truthy } from '../runtime';
import { items, isColl, isSequential } from '../seq';
import { compareValues } from '../compare';
import { strOf } from '../print';
import { describe, EX_INFO_CLASS, ExceptionValue } from '../values';
import { define } from './registry';

function apply(f: Value, ...args: Value[]): Value {
  const last = args.pop();
  return invoke(f, [...args, ...items(last === undefined ? null : last)]);
}

function comp(...fs: Value[]): Value {
  if (fs.length === 0) return named((x: Value) => x, 'identity');
  if (fs.length === 1) return fs[0]!;
  return named((...args: Value[]): Value => {
    let v = invoke(fs[fs.length - 1]!, args);
    for (let i = fs.length - 2; i >= 0; i--) v = invoke(fs[i]!, [v]);
    return v;
  }, 'comp');
}

function equal(...xs: Value[]): boolean {
  for (let i = 1; i < xs.length; i++) if (!is(xs[0], xs[i])) return false;
  return true;
}

function nameOf(x: Value, op: string): string {
  if (typeof x === 'string') return x;
  if (x instanceof Keyword || x instanceof Sym) return x.name;
  return failArg(`${op} expects a string, keyword or symbol, got ${describe(x)}`);
}

function keyword(a: Value, b?: Value): Value {
  if (b !== undefined) return Keyword.of(nameOf(b, 'keyword'), a === null ? null : nameOf(a, 'keyword'));
  if (a instanceof Keyword) return a;
  if (a === null) return null;
  if (a instanceof Sym) return Keyword.of(a.name, a.ns);
  if (typeof a === 'string') return Keyword.parse(a);
  return null;
}

function symbol(a: Value, b?: Value): Value {
  if (b !== undefined) return new Sym(a === null ? null : nameOf(a, 'symbol'), nameOf(b, 'symbol'));
  if (a instanceof Sym) return a;
  if (a instanceof Keyword) return new Sym(a.ns, a.name);
  if (typeof a === 'string') {
    const slash = a.indexOf('/');
    return slash > 0 && slash < a.length - 1 ? new Sym(a.slice(0, slash), a.slice(slash + 1)) : new Sym(null, a);
  }
  return failArg(`symbol expects a string, got ${describe(a)}`);
}

function exInfo(message: Value, data: Value, cause?: Value): Value {
  if (typeof message !== 'string' && message !== null) failArg(`ex-info takes a message string, got ${describe(message)}`);
  if (data === null) failArg('Additional data must be non-nil.');
  if (!IMap.isMap(data)) failArg(`ex-info data must be a map, got ${describe(data)}`);
  return new ExceptionValue(message ?? '', data, cause ?? null);
}

function subs(s: Value, start: Value, end?: Value): Value {
  if (typeof s !== 'string') return failArg(`subs expects a string, got ${describe(s)}`);
  const a = start;
  const b = end === undefined ? s.length : end;
  if (typeof a !== 'number' || typeof b !== 'number' || !Number.isInteger(a) || !Number.isInteger(b)) return failArg('subs takes integer indexes');
  if (a < 0 || b > s.length || a > b) failIndex(a > b || a < 0 ? a : b, s.length);
  return s.substring(a, b);
}

function failIndex(i: number, length: number): never {
  return fail(`String index out of range: ${i} (length ${length})`, 'java.lang.StringIndexOutOfBoundsException');
}

define({
  identity: (x) => x,
  constantly: (x) => named(() => x, 'constantly'),
  apply,
  partial: (f, ...bound) => named((...args: Value[]) => invoke(f, [...bound, ...args]), 'partial'),
  comp,
  complement: (f) => named((...args: Value[]) => !truthy(invoke(f, args)), 'complement'),
  juxt: (...fs) => named((...args: Value[]) => List(fs.map((f) => invoke(f, args))), 'juxt'),
  'every-pred': (...ps) => named((...args: Value[]) => ps.every((p) => args.every((a) => truthy(invoke(p, [a])))), 'every-pred'),
  'some-fn': (...fs) =>
    named((...args: Value[]): Value => {
      for (const f of fs)
        for (const a of args) {
          const v = invoke(f, [a]);
          if (truthy(v)) return v;
        }
      return null;
    }, 'some-fn'),
  fnil: (f, ...defaults) =>
    named((...args: Value[]) => invoke(f, args.map((a, i) => (a === null && i < defaults.length ? defaults[i]! : a))), 'fnil'),
  '=': equal,
  'not=': (...xs) => !equal(...xs),
  compare: compareValues,
  'distinct?': (...xs) => ISet(xs).size === xs.length,
  'nil?': (x) => x === null,
  'some?': (x) => x !== null,
  not: (x) => !truthy(x),
  boolean: (x) => truthy(x),
  'true?': (x) => x === true,
  'false?': (x) => x === false,
  'boolean?': (x) => typeof x === 'boolean',
  'string?': (x) => typeof x === 'string',
  'keyword?': (x) => x instanceof Keyword,
  'symbol?': (x) => x instanceof Sym,
  'map?': (x) => IMap.isMap(x),
  'vector?': (x) => List.isList(x),
  'set?': (x) => ISet.isSet(x),
  'list?': (x) => Stack.isStack(x),
  'seq?': (x) => Stack.isStack(x),
  'coll?': (x) => isColl(x),
  'sequential?': (x) => isSequential(x),
  'fn?': (x) => typeof x === 'function',
  str: (...xs) => {
    if (xs.length === 1) return strOf(xs[0]!);
    let s = '';
    for (let i = 0; i < xs.length; i++) s += strOf(xs[i]!);
    return s;
  },
  subs,
  keyword,
  name: (x) => nameOf(x, 'name'),
  namespace: (x) => {
    if (x instanceof Keyword || x instanceof Sym) return x.ns;
    return failArg(`namespace expects a keyword or symbol, got ${describe(x)}`);
  },
  symbol,
  'ex-info': exInfo,
  'ex-data': (e) => (e instanceof ExceptionValue && e.javaClass === EX_INFO_CLASS ? e.data : null),
  'ex-message': (e) => (e instanceof ExceptionValue ? e.message : null),
});
