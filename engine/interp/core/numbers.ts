// Arithmetic, numeric comparison and coercion. Numbers are JS doubles: ratios become doubles
// (`(/ 10 4)` is 2.5), and an integer equals a double of the same value (`(= 1 1.0)` is true,
// unlike Clojure). Integers beyond 2^53 read as bigints are used as doubles in arithmetic.

import { Char, type Value } from '../../edn/values';
import { fail, failArg } from '../errors';
import { describe } from '../values';
import { define } from './registry';

/** A numeric argument of `op`, or a Clojure-like error. */
export function num(v: Value, op: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v === null) return fail(`Cannot use nil as a number in (${op} ...)`, 'java.lang.NullPointerException');
  return fail(`Cannot cast ${describe(v)} to a number in (${op} ...)`, 'java.lang.ClassCastException');
}

export function int(v: Value, op: string): number {
  const n = num(v, op);
  if (!Number.isInteger(n)) failArg(`Argument must be an integer: ${n} (in ${op})`);
  return n;
}

function divideByZero(): never {
  return fail('Divide by zero', 'java.lang.ArithmeticException');
}

function add(...xs: Value[]): Value {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += num(xs[i]!, '+');
  return sum;
}

function mul(...xs: Value[]): Value {
  let p = 1;
  for (let i = 0; i < xs.length; i++) p *= num(xs[i]!, '*');
  return p;
}

function sub(x: Value, ...ys: Value[]): Value {
  let d = num(x, '-');
  if (ys.length === 0) return -d;
  for (let i = 0; i < ys.length; i++) d -= num(ys[i]!, '-');
  return d;
}

function div(x: Value, ...ys: Value[]): Value {
  let q = num(x, '/');
  if (ys.length === 0) {
    if (q === 0) divideByZero();
    return 1 / q;
  }
  for (let i = 0; i < ys.length; i++) {
    const d = num(ys[i]!, '/');
    if (d === 0) divideByZero();
    q /= d;
  }
  return q;
}

function compareChain(op: string, ok: (a: number, b: number) => boolean): (...xs: Value[]) => Value {
  return (...xs: Value[]): Value => {
    let prev = num(xs[0]!, op);
    let result = true;
    for (let i = 1; i < xs.length; i++) {
      const next = num(xs[i]!, op);
      if (!ok(prev, next)) result = false;
      prev = next;
    }
    return result;
  };
}

function rem(n: Value, d: Value): Value {
  const a = num(n, 'rem');
  const b = num(d, 'rem');
  if (b === 0) divideByZero();
  return a % b;
}

function mod(n: Value, d: Value): Value {
  const a = num(n, 'mod');
  const b = num(d, 'mod');
  if (b === 0) divideByZero();
  const m = a % b;
  return m === 0 || a > 0 === b > 0 ? m : m + b;
}

function extreme(op: string, pick: (a: number, b: number) => boolean): (...xs: Value[]) => Value {
  return (...xs: Value[]): Value => {
    let best = num(xs[0]!, op);
    for (let i = 1; i < xs.length; i++) {
      const n = num(xs[i]!, op);
      if (Number.isNaN(n) || pick(n, best)) best = n;
    }
    return best;
  };
}

function toLong(x: Value, op: string): Value {
  if (x instanceof Char) return x.value.charCodeAt(0);
  const n = num(x, op);
  if (!Number.isFinite(n)) failArg(`Value out of range for ${op}: ${n}`);
  return Math.trunc(n);
}

export function parseLong(s: Value): Value {
  if (typeof s !== 'string') failArg(`parse-long expects a string, got ${describe(s)}`);
  return /^[+-]?[0-9]+$/.test(s) ? Number(s) : null;
}

function parseDouble(s: Value): Value {
  if (typeof s !== 'string') failArg(`parse-double expects a string, got ${describe(s)}`);
  const t = s.trim();
  if (/^[+-]?NaN$/.test(t)) return NaN;
  if (/^[+-]?Infinity$/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  return /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[dDfF]?$/.test(t) ? Number(t.replace(/[dDfF]$/, '')) : null;
}

define({
  '+': add,
  '-': sub,
  '*': mul,
  '/': div,
  quot: (n, d) => {
    const b = num(d, 'quot');
    if (b === 0) divideByZero();
    return Math.trunc(num(n, 'quot') / b);
  },
  rem,
  mod,
  inc: (x) => num(x, 'inc') + 1,
  dec: (x) => num(x, 'dec') - 1,
  min: extreme('min', (a, b) => a < b),
  max: extreme('max', (a, b) => a > b),
  abs: (x) => Math.abs(num(x, 'abs')),
  '<': compareChain('<', (a, b) => a < b),
  '>': compareChain('>', (a, b) => a > b),
  '<=': compareChain('<=', (a, b) => a <= b),
  '>=': compareChain('>=', (a, b) => a >= b),
  '==': compareChain('==', (a, b) => a === b),
  'zero?': (x) => num(x, 'zero?') === 0,
  'pos?': (x) => num(x, 'pos?') > 0,
  'neg?': (x) => num(x, 'neg?') < 0,
  'even?': (x) => int(x, 'even?') % 2 === 0,
  'odd?': (x) => int(x, 'odd?') % 2 !== 0,
  long: (x) => toLong(x, 'long'),
  int: (x) => toLong(x, 'int'),
  double: (x) => num(x, 'double'),
  'parse-long': parseLong,
  'parse-double': parseDouble,
  'parse-boolean': (s) => {
    if (typeof s !== 'string') failArg(`parse-boolean expects a string, got ${describe(s)}`);
    return s === 'true' ? true : s === 'false' ? false : null;
  },
  'number?': (x) => typeof x === 'number' || typeof x === 'bigint',
  'integer?': (x) => (typeof x === 'number' && Number.isInteger(x)) || typeof x === 'bigint',
  'int?': (x) => typeof x === 'number' && Number.isInteger(x),
  'pos-int?': (x) => typeof x === 'number' && Number.isInteger(x) && x > 0,
  'nat-int?': (x) => typeof x === 'number' && Number.isInteger(x) && x >= 0,
  'neg-int?': (x) => typeof x === 'number' && Number.isInteger(x) && x < 0,
  'double?': (x) => typeof x === 'number' && !Number.isInteger(x),
});
