// UTC instants for the sandbox helpers and the `java.time` interop: ISO-8601 parsing as
// `Instant.parse` accepts it, and `DateTimeFormatter` patterns (the common letters) in UTC.
// Precision is the millisecond; finer fractions are truncated.

import { Keyword, Tagged, type Value } from '../../edn/values';
import { fail, failArg } from '../errors';
import { describe, Instant } from '../values';

const isoRe = /^([+-]?\d{4,9})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?([Zz]|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?)$/;

function parseError(text: string): never {
  return fail(`Text '${text}' could not be parsed as an ISO-8601 instant (e.g. 2026-01-02T03:04:05Z)`, 'java.time.format.DateTimeParseException');
}

/** `Instant.parse`: `2026-01-02T03:04:05Z`, with optional seconds, fraction and offset. */
export function parseInstant(text: Value): Instant {
  if (typeof text !== 'string') return failArg(`parse-instant expects a string, got ${describe(text)}`);
  const m = isoRe.exec(text);
  if (!m) return parseError(text);
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number, number];
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const ms = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0').slice(0, 3));
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) return parseError(text);
  let offset = 0;
  const z = m[8]!;
  if (z !== 'Z' && z !== 'z') {
    const digits = z.slice(1).replace(/:/g, '');
    offset = (Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2, 4) || 0) * 60 + Number(digits.slice(4, 6) || 0)) * 1000;
    if (z[0] === '-') offset = -offset;
  }
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  return new Instant(date.getTime() - offset);
}

function daysIn(year: number, month: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month, 0);
  return d.getUTCDate();
}

/** An instant argument: an `Instant`, or a `#inst "..."` literal read as data. */
export function instantArg(v: Value, op: string): Instant {
  if (v instanceof Instant) return v;
  if (v instanceof Tagged && v.tag === 'inst' && typeof v.value === 'string') return parseInstant(v.value);
  return failArg(`${op} expects an instant, got ${describe(v)}; make one with breyta.sandbox/parse-instant or epoch-ms->instant`);
}

export const unitMs: Record<string, number> = { millis: 1, seconds: 1000, minutes: 60_000, hours: 3_600_000, days: 86_400_000 };

export function unitArg(v: Value, op: string, allowed: readonly string[]): number {
  const name = v instanceof Keyword && v.ns === null ? v.name : null;
  if (name === null || !allowed.includes(name)) return failArg(`${op} takes a unit among ${allowed.map((u) => ':' + u).join(' ')}, got ${describe(v)}`);
  return unitMs[name]!;
}

export function floorTo(ms: number, unit: number): number {
  return ms - (((ms % unit) + unit) % unit);
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function field(d: Date, ms: number, letter: string, n: number): string {
  const num = (v: number, width = n) => String(v).padStart(width, '0');
  switch (letter) {
    case 'y':
    case 'u': {
      const y = d.getUTCFullYear();
      return n === 2 ? num(y % 100, 2) : num(y, n);
    }
    case 'M':
    case 'L': {
      const m = d.getUTCMonth();
      return n >= 5 ? MONTHS[m]![0]! : n === 4 ? MONTHS[m]! : n === 3 ? MONTHS[m]!.slice(0, 3) : num(m + 1);
    }
    case 'd':
      return num(d.getUTCDate());
    case 'D': {
      const start = Date.UTC(d.getUTCFullYear(), 0, 1);
      return num(Math.floor((ms - start) / 86_400_000) + 1);
    }
    case 'H':
      return num(d.getUTCHours());
    case 'k':
      return num(d.getUTCHours() === 0 ? 24 : d.getUTCHours());
    case 'h':
      return num(d.getUTCHours() % 12 === 0 ? 12 : d.getUTCHours() % 12);
    case 'K':
      return num(d.getUTCHours() % 12);
    case 'm':
      return num(d.getUTCMinutes());
    case 's':
      return num(d.getUTCSeconds());
    case 'S':
      return String(d.getUTCMilliseconds()).padStart(3, '0').padEnd(n, '0').slice(0, n);
    case 'a':
      return d.getUTCHours() < 12 ? 'AM' : 'PM';
    case 'E': {
      const day = DAYS[d.getUTCDay()]!;
      return n >= 5 ? day[0]! : n === 4 ? day : day.slice(0, 3);
    }
    case 'X':
      return 'Z';
    case 'x':
      return n === 1 ? '+00' : n === 2 || n === 4 ? '+0000' : '+00:00';
    case 'Z':
      return n <= 3 ? '+0000' : n === 4 ? 'GMT' : 'Z';
    case 'z':
      return 'UTC';
    case 'O':
      return 'GMT';
    case 'V':
      return 'Z';
    default:
      return failArg(`Unknown pattern letter: ${letter}`);
  }
}

/** `DateTimeFormatter.ofPattern(pattern)` applied in UTC. */
export function formatPattern(inst: Instant, pattern: Value): string {
  if (typeof pattern !== 'string') return failArg(`format-instant-pattern takes a pattern string, got ${describe(pattern)}`);
  const d = new Date(inst.ms);
  let out = '';
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i]!;
    if (c === "'") {
      const close = pattern.indexOf("'", i + 1);
      if (close === i + 1) {
        out += "'";
        i += 2;
        continue;
      }
      if (close < 0) failArg(`Pattern ends with an incomplete string literal: ${pattern}`);
      out += pattern.slice(i + 1, close);
      i = close + 1;
      continue;
    }
    if (c === '[' || c === ']') {
      i++;
      continue;
    }
    if (/[a-zA-Z]/.test(c)) {
      let n = 1;
      while (pattern[i + n] === c) n++;
      out += field(d, inst.ms, c, n);
      i += n;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}
