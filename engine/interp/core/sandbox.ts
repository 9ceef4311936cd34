// `breyta.sandbox/*` (spec §7.2), for function code: encodings, digests and UTC time, all
// deterministic. `uuid-from` is a name-based version 3 UUID (MD5) of the string's UTF-8
// bytes, exactly Java's `UUID/nameUUIDFromBytes`, returned as a string. Encoders take a
// string (UTF-8) or bytes; `*-decode` return strings, `*-decode-bytes` bytes.

import { createHash, createHmac } from 'node:crypto';
import type { Value } from '../../edn/values';
import { failArg } from '../errors';
import { Bytes, describe, Duration, formatIso, Instant } from '../values';
import { num } from './numbers';
import { define } from './registry';
import { floorTo, formatPattern, instantArg, parseInstant, unitArg } from './time';

function bytesOf(v: Value, op: string): Buffer {
  if (typeof v === 'string') return Buffer.from(v, 'utf8');
  if (v instanceof Bytes) return Buffer.from(v.bytes);
  return failArg(`breyta.sandbox/${op} expects a string or bytes, got ${describe(v)}`);
}

function text(v: Value, op: string): string {
  if (typeof v === 'string') return v;
  return failArg(`breyta.sandbox/${op} expects a string, got ${describe(v)}`);
}

function base64Bytes(s: Value): Buffer {
  const t = text(s, 'base64-decode').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(t) || t.replace(/=+$/, '').length % 4 === 1) failArg(`Illegal base64 input: ${JSON.stringify(t.slice(0, 40))}`);
  return Buffer.from(t, 'base64');
}

function hexBytes(s: Value): Buffer {
  const t = text(s, 'hex-decode');
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(t)) failArg(`Illegal hex input: ${JSON.stringify(t.slice(0, 40))}`);
  return Buffer.from(t, 'hex');
}

/** `UUID.nameUUIDFromBytes`: MD5 of the bytes, version 3, IETF variant. */
export function nameUuid(bytes: Buffer): string {
  const h = createHash('md5').update(bytes).digest();
  h[6] = (h[6]! & 0x0f) | 0x30;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** `URLEncoder.encode(s, UTF-8)`: form encoding, space as `+`. */
export function urlEncode(s: string): string {
  let out = '';
  for (const b of Buffer.from(s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '?'), 'utf8')) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9.\-*_]/.test(c)) out += c;
    else if (b === 0x20) out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** `URLDecoder.decode(s, UTF-8)`. */
export function urlDecode(s: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '+') bytes.push(0x20);
    else if (c === '%') {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) failArg(`URLDecoder: Illegal hex characters in escape (%) pattern: ${JSON.stringify(s.slice(i, i + 3))}`);
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else for (const b of Buffer.from(c, 'utf8')) bytes.push(b);
  }
  return Buffer.from(bytes).toString('utf8');
}

const timeUnits = ['millis', 'seconds', 'minutes', 'hours', 'days'] as const;

function shift(inst: Value, amount: Value, unit: Value, sign: 1 | -1, op: string): Value {
  const i = instantArg(inst, `breyta.sandbox/${op}`);
  const n = num(amount, `breyta.sandbox/${op}`);
  if (!Number.isInteger(n)) failArg(`breyta.sandbox/${op} takes an integer amount, got ${n}`);
  return new Instant(i.ms + sign * n * unitArg(unit, `breyta.sandbox/${op}`, timeUnits));
}

define(
  {
    'base64-encode': (s) => bytesOf(s, 'base64-encode').toString('base64'),
    'base64-decode': (s) => base64Bytes(s).toString('utf8'),
    'base64-decode-bytes': (s) => new Bytes(new Uint8Array(base64Bytes(s))),
    'hex-encode': (s) => bytesOf(s, 'hex-encode').toString('hex'),
    'hex-decode': (s) => hexBytes(s).toString('utf8'),
    'hex-decode-bytes': (s) => new Bytes(new Uint8Array(hexBytes(s))),
    'sha256-hex': (s) => createHash('sha256').update(bytesOf(s, 'sha256-hex')).digest('hex'),
    'hmac-sha256-hex': (k, v) => createHmac('sha256', bytesOf(k, 'hmac-sha256-hex')).update(bytesOf(v, 'hmac-sha256-hex')).digest('hex'),
    'uuid-from': (s) => nameUuid(Buffer.from(text(s, 'uuid-from'), 'utf8')),
    'uuid-from-bytes': (b) => {
      if (!(b instanceof Bytes)) return failArg(`breyta.sandbox/uuid-from-bytes expects bytes, got ${describe(b)}`);
      return nameUuid(Buffer.from(b.bytes));
    },
    'parse-instant': (s) => parseInstant(s),
    'format-instant': (i) => formatIso(instantArg(i, 'breyta.sandbox/format-instant').ms),
    'format-instant-pattern': (i, p) => formatPattern(instantArg(i, 'breyta.sandbox/format-instant-pattern'), p),
    'instant->epoch-ms': (i) => instantArg(i, 'breyta.sandbox/instant->epoch-ms').ms,
    'epoch-ms->instant': (ms) => {
      const n = num(ms, 'breyta.sandbox/epoch-ms->instant');
      if (!Number.isInteger(n)) failArg(`breyta.sandbox/epoch-ms->instant takes integer milliseconds, got ${n}`);
      return new Instant(n);
    },
    'duration-between': (a, b) => new Duration(instantArg(b, 'breyta.sandbox/duration-between').ms - instantArg(a, 'breyta.sandbox/duration-between').ms),
    'truncate-instant': (i, unit) => {
      const inst = instantArg(i, 'breyta.sandbox/truncate-instant');
      return new Instant(floorTo(inst.ms, unitArg(unit, 'breyta.sandbox/truncate-instant', ['seconds', 'minutes', 'hours', 'days'])));
    },
    'instant-plus': (i, n, unit) => shift(i, n, unit, 1, 'instant-plus'),
    'instant-minus': (i, n, unit) => shift(i, n, unit, -1, 'instant-minus'),
    'url-encode': (s) => urlEncode(text(s, 'url-encode')),
    'url-decode': (s) => urlDecode(text(s, 'url-decode')),
  },
  'breyta.sandbox',
);
