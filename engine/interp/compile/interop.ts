// The Java interop function code may use (spec §7.2), reduced to what flows reach for:
// `Instant/parse`, `Instant/ofEpochMilli`, `Instant/ofEpochSecond`, `Instant/EPOCH`,
// `Duration/of*`, `Duration/between`, `ChronoUnit/*`, `UUID/fromString`,
// `UUID/nameUUIDFromBytes`, and methods on instants, durations, strings and UUIDs
// (`.toString`, `.toEpochMilli`, `.plusSeconds`, `.length`...). Anything else is a located
// error that names the form and suggests the breyta.sandbox helper to use instead.

import type { CollNode, Node, SymbolNode } from '../../edn/nodes';
import { symbolText } from '../../edn/nodes';
import { Tagged, type Value } from '../../edn/values';
import { is } from 'immutable';
import { compileError, fail, failArg, locate } from '../errors';
import type { Code, Frame } from '../runtime';
import { strOf } from '../print';
import { charOf } from '../seq';
import { Bytes, describe, Duration, Instant } from '../values';
import { compareValues } from '../compare';
import { num } from '../core/numbers';
import { floorTo, instantArg, parseInstant } from '../core/time';
import { nameUuid } from '../core/sandbox';
import { defineSpecials, type CompilerApi, type Cx } from './context';

const classes: Record<string, string> = {
  Instant: 'java.time.Instant',
  Duration: 'java.time.Duration',
  ChronoUnit: 'java.time.temporal.ChronoUnit',
  UUID: 'java.util.UUID',
};

const chronoMs: Record<string, number> = { MILLIS: 1, SECONDS: 1000, MINUTES: 60_000, HOURS: 3_600_000, HALF_DAYS: 43_200_000, DAYS: 86_400_000 };

function chronoUnit(name: string): Tagged {
  return new Tagged('java.time.temporal.ChronoUnit', name);
}

function unitMsOf(v: Value): number {
  if (v instanceof Tagged && v.tag === 'java.time.temporal.ChronoUnit' && typeof v.value === 'string' && Object.hasOwn(chronoMs, v.value)) return chronoMs[v.value]!;
  return failArg(`Expected a ChronoUnit (e.g. ChronoUnit/DAYS), got ${describe(v)}`);
}

function uuid(s: Value): Tagged {
  if (typeof s !== 'string' || !/^[0-9a-fA-F]{1,8}-[0-9a-fA-F]{1,4}-[0-9a-fA-F]{1,4}-[0-9a-fA-F]{1,4}-[0-9a-fA-F]{1,12}$/.test(s)) return failArg(`Invalid UUID string: ${describe(s)}`);
  return new Tagged('uuid', s.toLowerCase());
}

function integer(v: Value, what: string): number {
  const n = num(v, what);
  if (!Number.isInteger(n)) failArg(`${what} takes an integer, got ${n}`);
  return n;
}

type Impl = (...args: Value[]) => Value;

const statics: Record<string, Impl | { value: Value }> = {
  'java.time.Instant/parse': (s) => parseInstant(s),
  'java.time.Instant/ofEpochMilli': (ms) => new Instant(integer(ms, 'Instant/ofEpochMilli')),
  'java.time.Instant/ofEpochSecond': (s) => new Instant(integer(s, 'Instant/ofEpochSecond') * 1000),
  'java.time.Instant/EPOCH': { value: new Instant(0) },
  'java.time.Duration/ofMillis': (n) => new Duration(integer(n, 'Duration/ofMillis')),
  'java.time.Duration/ofSeconds': (n) => new Duration(integer(n, 'Duration/ofSeconds') * 1000),
  'java.time.Duration/ofMinutes': (n) => new Duration(integer(n, 'Duration/ofMinutes') * 60_000),
  'java.time.Duration/ofHours': (n) => new Duration(integer(n, 'Duration/ofHours') * 3_600_000),
  'java.time.Duration/ofDays': (n) => new Duration(integer(n, 'Duration/ofDays') * 86_400_000),
  'java.time.Duration/between': (a, b) => new Duration(instantArg(b, 'Duration/between').ms - instantArg(a, 'Duration/between').ms),
  'java.time.Duration/ZERO': { value: new Duration(0) },
  'java.util.UUID/fromString': uuid,
  'java.util.UUID/nameUUIDFromBytes': (b) => {
    if (!(b instanceof Bytes)) return failArg(`UUID/nameUUIDFromBytes takes bytes, got ${describe(b)}`);
    return new Tagged('uuid', nameUuid(Buffer.from(b.bytes)));
  },
};
for (const unit of Object.keys(chronoMs)) statics[`java.time.temporal.ChronoUnit/${unit}`] = { value: chronoUnit(unit) };

/** What to use instead of interop the sandbox does not offer. */
const instead: Record<string, string> = {
  'java.time.Instant/now': 'there is no clock in function code: pass (flow/now-ms) in the step :input and use breyta.sandbox/epoch-ms->instant',
  'System/currentTimeMillis': 'there is no clock in function code: pass (flow/now-ms) in the step :input',
  'java.util.UUID/randomUUID': 'there is no randomness in function code: use breyta.sandbox/uuid-from to derive a UUID from a string',
  'Long/parseLong': 'use (parse-long s)',
  'Integer/parseInt': 'use (parse-long s)',
  'Double/parseDouble': 'use (parse-double s)',
  'Math/abs': 'use (abs x)',
  'Math/max': 'use (max a b)',
  'Math/min': 'use (min a b)',
};

const helperHint = 'use a breyta.sandbox helper instead (base64-encode, hex-encode, sha256-hex, hmac-sha256-hex, uuid-from, parse-instant, format-instant-pattern, instant-plus, duration-between, url-encode, ...)';

function fullName(sym: SymbolNode): string {
  const cls = sym.ns!;
  return `${own(classes, cls) ?? cls}/${sym.name}`;
}

/** Symbols that look like interop: `.method`, `Class/member`, `Class.`, `java.x.Class`. */
export function isInteropSymbol(sym: SymbolNode): boolean {
  if (sym.ns === null) return (sym.name.startsWith('.') && sym.name.length > 1 && sym.name !== '..') || /^([a-z_][\w]*\.)+[A-Z]\w*\.?$/.test(sym.name) || /^[A-Z]\w*\.$/.test(sym.name) || Object.hasOwn(classes, sym.name);
  return /^([a-z_][\w]*\.)*[A-Z]\w*$/.test(sym.ns);
}

function unsupported(sym: SymbolNode): never {
  const text = symbolText(sym);
  if (sym.ns === null && sym.name.endsWith('.')) throw compileError(`Constructing Java objects (${text}) is not supported in function code; ${helperHint}`, sym);
  const full = sym.ns !== null ? fullName(sym) : text;
  const hint = own(instead, full) ?? own(instead, text) ?? helperHint;
  throw compileError(`Java interop \`${text}\` is not available in the sandbox: ${hint}`, sym);
}

/** A static field used as a value (`Instant/EPOCH`, `ChronoUnit/DAYS`). */
export function interopValue(sym: SymbolNode): Code {
  if (sym.ns !== null) {
    const s = own(statics, fullName(sym));
    if (s !== undefined && typeof s !== 'function') {
      const v = s.value;
      return () => v;
    }
  }
  return unsupported(sym);
}

type Method = (self: Value, args: Value[]) => Value;

function instant(ms: number): Instant {
  return new Instant(ms);
}

const instantMethods: Record<string, Method> = {
  toEpochMilli: (i) => (i as Instant).ms,
  getEpochSecond: (i) => Math.floor((i as Instant).ms / 1000),
  getNano: (i) => ((((i as Instant).ms % 1000) + 1000) % 1000) * 1_000_000,
  plusMillis: (i, [n]) => instant((i as Instant).ms + integer(n!, '.plusMillis')),
  plusSeconds: (i, [n]) => instant((i as Instant).ms + integer(n!, '.plusSeconds') * 1000),
  minusMillis: (i, [n]) => instant((i as Instant).ms - integer(n!, '.minusMillis')),
  minusSeconds: (i, [n]) => instant((i as Instant).ms - integer(n!, '.minusSeconds') * 1000),
  plus: (i, a) => instant((i as Instant).ms + amountMs(a, '.plus')),
  minus: (i, a) => instant((i as Instant).ms - amountMs(a, '.minus')),
  isBefore: (i, [o]) => (i as Instant).ms < instantArg(o!, '.isBefore').ms,
  isAfter: (i, [o]) => (i as Instant).ms > instantArg(o!, '.isAfter').ms,
  truncatedTo: (i, [u]) => instant(floorTo((i as Instant).ms, unitMsOf(u!))),
  compareTo: (i, [o]) => compareValues(i, o!),
};

function amountMs(args: Value[], op: string): number {
  if (args.length === 1 && args[0] instanceof Duration) return args[0].ms;
  if (args.length === 2) return integer(args[0]!, op) * unitMsOf(args[1]!);
  return failArg(`${op} takes a Duration, or an amount and a ChronoUnit`);
}

const durationMethods: Record<string, Method> = {
  toMillis: (d) => (d as Duration).ms,
  toSeconds: (d) => Math.trunc((d as Duration).ms / 1000),
  getSeconds: (d) => Math.floor((d as Duration).ms / 1000),
  toMinutes: (d) => Math.trunc((d as Duration).ms / 60_000),
  toHours: (d) => Math.trunc((d as Duration).ms / 3_600_000),
  toDays: (d) => Math.trunc((d as Duration).ms / 86_400_000),
  isNegative: (d) => (d as Duration).ms < 0,
  isZero: (d) => (d as Duration).ms === 0,
  plus: (d, [o]) => new Duration((d as Duration).ms + (o instanceof Duration ? o.ms : failArg('.plus takes a Duration'))),
  minus: (d, [o]) => new Duration((d as Duration).ms - (o instanceof Duration ? o.ms : failArg('.minus takes a Duration'))),
  compareTo: (d, [o]) => compareValues(d, o!),
};

function str(v: Value, op: string): string {
  if (typeof v === 'string') return v;
  return failArg(`${op} takes a string, got ${describe(v)}`);
}

const stringMethods: Record<string, Method> = {
  length: (s) => (s as string).length,
  isEmpty: (s) => (s as string).length === 0,
  isBlank: (s) => (s as string).trim().length === 0,
  toUpperCase: (s) => (s as string).toUpperCase(),
  toLowerCase: (s) => (s as string).toLowerCase(),
  trim: (s) => (s as string).trim(),
  strip: (s) => (s as string).trim(),
  substring: (s, [a, b]) => {
    const t = s as string;
    const from = integer(a!, '.substring');
    const to = b === undefined ? t.length : integer(b, '.substring');
    if (from < 0 || to > t.length || from > to) fail(`begin ${from}, end ${to}, length ${t.length}`, 'java.lang.StringIndexOutOfBoundsException');
    return t.substring(from, to);
  },
  startsWith: (s, [p]) => (s as string).startsWith(str(p!, '.startsWith')),
  endsWith: (s, [p]) => (s as string).endsWith(str(p!, '.endsWith')),
  contains: (s, [p]) => (s as string).includes(str(p!, '.contains')),
  indexOf: (s, [p]) => (s as string).indexOf(strOf(p!)),
  lastIndexOf: (s, [p]) => (s as string).lastIndexOf(strOf(p!)),
  charAt: (s, [i]) => {
    const t = s as string;
    const n = integer(i!, '.charAt');
    if (n < 0 || n >= t.length) fail(`Index ${n} out of bounds for length ${t.length}`, 'java.lang.StringIndexOutOfBoundsException');
    return charOf(t, n);
  },
  replace: (s, [a, b]) => (s as string).split(strOf(a!)).join(strOf(b!)),
  concat: (s, [o]) => (s as string) + str(o!, '.concat'),
  equalsIgnoreCase: (s, [o]) => typeof o === 'string' && (s as string).toLowerCase() === o.toLowerCase(),
  compareTo: (s, [o]) => compareValues(s, o!),
};

const anyMethods: Record<string, Method> = {
  toString: (v: Value): Value => (v === null ? fail('Cannot invoke .toString on nil', 'java.lang.NullPointerException') : typeof v === 'string' ? v : strOf(v)),
  equals: (v, [o]) => is(v, o!),
};

const methodNames = new Set([...Object.keys(instantMethods), ...Object.keys(durationMethods), ...Object.keys(stringMethods), ...Object.keys(anyMethods)]);

function own<T>(table: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

function methodOf(self: Value, name: string): Method | undefined {
  const specific = self instanceof Instant ? instantMethods : self instanceof Duration ? durationMethods : typeof self === 'string' ? stringMethods : null;
  return (specific !== null ? own(specific, name) : undefined) ?? own(anyMethods, name);
}

function methodCall(name: string, at: Node, target: Code, args: Code[]): Code {
  if (!methodNames.has(name)) throw compileError(`Java method .${name} is not available in the sandbox; ${helperHint}`, at);
  const { start, end } = at;
  return (f: Frame) => {
    const self = target(f);
    const vals = args.map((a) => a(f));
    try {
      const m = methodOf(self, name);
      if (m === undefined) return fail(`No method .${name} on ${describe(self)}`, 'java.lang.IllegalArgumentException');
      return m(self, vals);
    } catch (e) {
      throw locate(e, start, end);
    }
  };
}

/** `(.method x args)`, `(Class/member args)`. */
export function interopCall(head: SymbolNode, args: Code[], list: CollNode): Code {
  if (head.ns === null && head.name.startsWith('.') && !head.name.endsWith('.')) {
    if (args.length === 0) throw compileError(`(${head.name} x) needs the object to call it on`, list);
    return methodCall(head.name.slice(1), list, args[0]!, args.slice(1));
  }
  if (head.ns !== null) {
    const s = own(statics, fullName(head));
    if (typeof s === 'function') {
      const { start, end } = list;
      return (f: Frame) => {
        const vals = args.map((a) => a(f));
        try {
          return s(...vals);
        } catch (e) {
          throw locate(e, start, end);
        }
      };
    }
  }
  return unsupported(head);
}

defineSpecials({
  // `(. x method args)` and `(. x (method args))`.
  '.': (c: CompilerApi, list: CollNode, cx: Cx) => {
    const [, target, member, ...rest] = list.children;
    if (target === undefined || member === undefined) throw compileError('(. x method args) needs an object and a method', list);
    const inner = { ...cx, tail: false };
    let name: string;
    let argNodes: Node[];
    if (member.kind === 'symbol') {
      name = member.name;
      argNodes = rest;
    } else if (member.kind === 'list' && member.children[0]?.kind === 'symbol') {
      name = member.children[0].name;
      argNodes = member.children.slice(1);
    } else throw compileError('(. x method args) needs a method name', member);
    return methodCall(name, list, c.compile(target, inner), argNodes.map((a) => c.compile(a, inner)));
  },
  new: (_c: CompilerApi, list: CollNode) => {
    throw compileError(`Constructing Java objects is not supported in function code; ${helperHint}`, list);
  },
});
