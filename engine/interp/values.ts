// Runtime values beyond EDN's: exceptions (`ex-info`), instants, durations and byte arrays.
// Each extends `Tagged`, so the EDN printer prints them (`#inst "2026-01-02T03:04:05Z"`,
// `#error {...}`) and `valueToJson` gives `{tag, value}`, without the printer knowing them.

import { List, Map as IMap, Set as ISet, Stack } from 'immutable';
import { Char, Keyword, Regex, Sym, Tagged, type Value } from '../edn/values';
import { printValue } from '../edn/printer';

const K_TYPE = Keyword.of('type');
const K_MESSAGE = Keyword.of('message');
const K_DATA = Keyword.of('data');
const K_CAUSE = Keyword.of('cause');

export const EX_INFO_CLASS = 'clojure.lang.ExceptionInfo';

/** An exception as flow code sees it: what `ex-info` makes, what `catch` binds. Runtime
 *  errors caught by flow code become one with their Java-like class and no data. */
export class ExceptionValue extends Tagged {
  constructor(
    readonly message: string,
    /** The `ex-info` data map; null for other exceptions. */
    readonly data: Value,
    readonly cause: Value = null,
    readonly javaClass: string = EX_INFO_CLASS,
  ) {
    let m = IMap<Value, Value>().set(K_TYPE, new Sym(null, javaClass)).set(K_MESSAGE, message);
    if (data !== null) m = m.set(K_DATA, data);
    if (cause !== null) m = m.set(K_CAUSE, cause);
    super('error', m);
  }
  override toJsonData(convert: (v: Value) => unknown): unknown {
    return { type: this.javaClass, message: this.message, data: convert(this.data) };
  }
  override equals(other: unknown): boolean {
    return this === other;
  }
}

/** `java.time.Instant` at millisecond precision, UTC. Prints `#inst "2026-01-02T03:04:05Z"`. */
export class Instant extends Tagged {
  constructor(readonly ms: number) {
    super('inst', formatIso(ms));
  }
  override toJsonData(): unknown {
    return this.iso;
  }
  get iso(): string {
    return this.value as string;
  }
  override equals(other: unknown): boolean {
    return other instanceof Instant ? other.ms === this.ms : super.equals(other);
  }
}

/** ISO-8601 as `Instant.toString` writes it: no fraction when the milliseconds are zero. */
export function formatIso(ms: number): string {
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) throw new RangeError(`instant out of range: ${ms}`);
  const s = new Date(ms).toISOString();
  return s.endsWith('.000Z') ? s.slice(0, -5) + 'Z' : s;
}

/** `java.time.Duration` at millisecond precision. Prints `#duration "PT1H30M"`. */
export class Duration extends Tagged {
  constructor(readonly ms: number) {
    super('duration', formatDurationIso(ms));
  }
  override toJsonData(): unknown {
    return this.value;
  }
  override equals(other: unknown): boolean {
    return other instanceof Duration ? other.ms === this.ms : false;
  }
}

/** `Duration.toString`: `PT1H30M`, `PT0.5S`, `PT-1M`, `PT0S`. */
export function formatDurationIso(ms: number): string {
  if (ms === 0) return 'PT0S';
  const neg = ms < 0;
  let rest = Math.abs(ms);
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const sign = neg ? '-' : '';
  let out = 'PT';
  if (h) out += sign + h + 'H';
  if (m) out += sign + m + 'M';
  if (rest) {
    const secs = Math.floor(rest / 1000);
    const frac = rest % 1000;
    out += sign + secs + (frac ? '.' + String(frac).padStart(3, '0').replace(/0+$/, '') : '') + 'S';
  }
  return out;
}

/** A Java `byte[]` (from `base64-decode-bytes` and `hex-decode-bytes`). Prints `#bytes "6869"`. */
export class Bytes extends Tagged {
  constructor(readonly bytes: Uint8Array) {
    super('bytes', Buffer.from(bytes).toString('hex'));
  }
  override toJsonData(): unknown {
    return Buffer.from(this.bytes).toString('base64');
  }
  override equals(other: unknown): boolean {
    return this === other;
  }
}

/** A short description of a value for messages: `:a (keyword)`, `"x" (string)`, `nil`. */
export function describe(v: Value | undefined): string {
  if (v === null || v === undefined) return 'nil';
  let text = printValue(v);
  if (text.length > 60) text = text.slice(0, 57) + '...';
  return `${text} (${typeName(v)})`;
}

/** The kind of a value in the flow language's words. */
export function typeName(v: Value | undefined): string {
  if (v === null || v === undefined) return 'nil';
  switch (typeof v) {
    case 'boolean':
      return 'boolean';
    case 'number':
      return Number.isInteger(v) ? 'integer' : 'number';
    case 'bigint':
      return 'integer';
    case 'string':
      return 'string';
    case 'function':
      return 'function';
  }
  if (v instanceof Keyword) return 'keyword';
  if (v instanceof Sym) return 'symbol';
  if (v instanceof Char) return 'character';
  if (v instanceof Regex) return 'regex';
  if (v instanceof ExceptionValue) return 'exception';
  if (v instanceof Instant) return 'instant';
  if (v instanceof Duration) return 'duration';
  if (v instanceof Bytes) return 'bytes';
  if (v instanceof Tagged) return `#${v.tag} value`;
  if (List.isList(v)) return 'vector';
  if (Stack.isStack(v)) return 'list';
  if (IMap.isMap(v)) return 'map';
  if (ISet.isSet(v)) return 'set';
  return 'value';
}
