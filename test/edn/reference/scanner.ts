// The reader's scanner: free functions that read one atom (string, regex, keyword, character,
// symbol, number, `##Inf`) at an offset and return its node, whose `end` is where reading goes
// on. Problems go to a `report` callback; nothing here knows about open forms (that is the
// reader's frame stack). Names are interned so a repeated keyword or symbol costs no slice.

import type { Node, NumberKind, NumberNode, RegexNode, StringNode } from '../../../engine/edn/nodes';

/** Reports a problem at [start, end). */
export type Report = (code: string, start: number, end: number, message: string) => void;

// Character classes.
export const WS = 1; // whitespace and comma
export const TERM = 2; // ends a token: whitespace, delimiters, " ; @ ^ ` ~ \
export const cls = new Uint8Array(128);
for (const c of ' \t\n\r\f\v,') cls[c.charCodeAt(0)] = WS | TERM;
for (const c of '()[]{}";@^`~\\') cls[c.charCodeAt(0)] |= TERM;

export const enum Ch {
  Tab = 9, NL = 10, CR = 13, Space = 32, Bang = 33, Quote = 34, Hash = 35, Pct = 37, Apos = 39,
  LParen = 40, RParen = 41, Plus = 43, Comma = 44, Minus = 45, Dot = 46, Slash = 47, D0 = 48, D7 = 55, D9 = 57,
  Colon = 58, Semi = 59, Lt = 60, Eq = 61, Quest = 63, At = 64, M = 77, LBrack = 91, Backslash = 92,
  RBrack = 93, Caret = 94, Under = 95, Backtick = 96, LBrace = 123, RBrace = 125, Tilde = 126,
}

const namedChars: Record<string, string> = {
  newline: '\n', space: ' ', tab: '\t', backspace: '\b', formfeed: '\f', return: '\r',
};
/** String escapes by the code of the character after the backslash. */
const stringEscapes: (string | undefined)[] = [];
for (const [c, v] of Object.entries({ '"': '"', '\\': '\\', n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' })) stringEscapes[c.charCodeAt(0)] = v;

const intRe = /^([-+]?)(?:0[xX]([0-9A-Fa-f]+)|0([0-7]+)|([1-9][0-9]?)[rR]([0-9A-Za-z]+)|([0-9]+))(N)?$/;
const floatRe = /^[-+]?[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?M?$/;
const ratioRe = /^([-+]?[0-9]+)\/([0-9]+)$/;

/** Exact powers of ten (all exactly representable up to 1e22). */
const POW10: number[] = [];
for (let k = 0, p = 1; k <= 22; k++, p *= 10) POW10.push(p);

/** Names longer than this are not interned. */
const INTERN_MAX_LEN = 32;
/** Intern table slots: a power of two, scaled to the text so small reads stay cheap. */
const INTERN_MIN = 256;
const INTERN_MAX = 4096;
const INTERN_PROBES = 8;

/** Interned keyword and symbol names: a small open-addressed table keyed by a hash computed
 *  while scanning, so a repeated name costs no slice. */
export class Interner {
  private readonly mask: number;
  private readonly names: (string | undefined)[];

  constructor(private readonly text: string) {
    let size = INTERN_MIN;
    while (size < INTERN_MAX && size * 16 < text.length) size *= 2;
    this.mask = size - 1;
    this.names = new Array(size);
  }

  /** The shared string for text[from, to), whose hash the scanner computed. */
  intern(from: number, to: number, hash: number): string {
    const len = to - from;
    if (len > INTERN_MAX_LEN) return this.text.slice(from, to);
    const names = this.names;
    const mask = this.mask;
    let slot = hash & mask;
    for (let probe = 0; probe < INTERN_PROBES; probe++) {
      const s = names[slot];
      if (s === undefined) {
        const fresh = this.text.slice(from, to);
        names[slot] = fresh;
        return fresh;
      }
      if (s.length === len && this.text.startsWith(s, from)) return s;
      slot = (slot + 1) & mask;
    }
    return this.text.slice(from, to);
  }
}

/** Offset after the line break that ends the line containing `from` (comments). */
export function lineEnd(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl < 0 ? text.length : nl + 1;
}

/** End of the token that starts at `from` (stops at whitespace and terminating macros). */
export function tokenEnd(text: string, from: number): number {
  const n = text.length;
  let j = from;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (c < 128 && cls[c]! & TERM) break;
    j++;
  }
  return j;
}

export function errorNode(text: string, start: number, end: number): Node {
  return { kind: 'error', start, end, text: text.slice(start, end) };
}

export function scanString(text: string, start: number, report: Report): StringNode {
  const n = text.length;
  let j = start + 1;
  // Fast path: no escapes.
  for (; j < n; j++) {
    const c = text.charCodeAt(j);
    if (c === Ch.Quote) return { kind: 'string', start, end: j + 1, value: text.slice(start + 1, j), closed: true };
    if (c === Ch.Backslash) break;
  }
  // Escapes: the value is built from the runs between them.
  let value = '';
  let run = start + 1;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (c === Ch.Quote) {
      value += text.slice(run, j);
      return { kind: 'string', start, end: j + 1, value, closed: true };
    }
    if (c !== Ch.Backslash) {
      j++;
      continue;
    }
    value += text.slice(run, j);
    if (j + 1 >= n) {
      run = n; // a backslash that ends the text is dropped
      break;
    }
    const e = text.charCodeAt(j + 1);
    const simple = stringEscapes[e];
    if (simple !== undefined) {
      value += simple;
      j += 2;
    } else if (e === 117 /* u */) {
      const hex = text.slice(j + 2, j + 6);
      if (/^[0-9a-fA-F]{4}$/.test(hex)) {
        value += String.fromCharCode(parseInt(hex, 16));
        j += 6;
      } else {
        report('syntax-error', j, j + 2, 'Invalid unicode escape: `\\u` needs four hex digits, e.g. `\\u00e9`.');
        j += 2;
      }
    } else if (e >= Ch.D0 && e <= Ch.D7) {
      let k = j + 1;
      let code = 0;
      while (k < j + 4 && k < n && text.charCodeAt(k) >= Ch.D0 && text.charCodeAt(k) <= Ch.D7) code = code * 8 + text.charCodeAt(k++) - Ch.D0;
      value += String.fromCharCode(code);
      j = k;
    } else {
      const ch = text[j + 1]!;
      report('syntax-error', j, j + 2, `Invalid escape \`\\${ch}\` in string; use \`\\\\\` for a backslash.`);
      value += ch;
      j += 2;
    }
    run = j;
  }
  value += text.slice(run, n);
  report('unterminated-string', start, start + 1, 'String is never closed: add the closing `"`.');
  return { kind: 'string', start, end: n, value, closed: false };
}

/** `#"..."` at `start`: backslash escapes are kept as written. */
export function scanRegex(text: string, start: number, report: Report): RegexNode {
  const n = text.length;
  let j = start + 2;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (c === Ch.Quote) return { kind: 'regex', start, end: j + 1, pattern: text.slice(start + 2, j), closed: true };
    j += c === Ch.Backslash ? 2 : 1;
  }
  report('unterminated-string', start, start + 2, 'Regex literal is never closed: add the closing `"`.');
  return { kind: 'regex', start, end: n, pattern: text.slice(start + 2), closed: false };
}

export function scanKeyword(text: string, start: number, names: Interner, report: Report): Node {
  const n = text.length;
  let p = start + 1;
  const auto = text.charCodeAt(p) === Ch.Colon;
  if (auto) p++;
  // Scan the name, hashing the namespace and the name apart so both can be interned.
  let j = p;
  let hash = 0;
  let nsHash = 0;
  let slash = -1;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (c < 128 && cls[c]! & TERM) break;
    if (c === Ch.Slash && slash < 0) {
      slash = j;
      nsHash = hash;
      hash = 0;
    } else {
      hash = (Math.imul(hash, 31) + c) | 0;
    }
    j++;
  }
  const end = j;
  if (slash < 0 && end > p && text.charCodeAt(p) !== Ch.Colon) return { kind: 'keyword', start, end, ns: null, name: names.intern(p, end, hash), auto };
  // Rare shapes: qualified, empty, `:::x`, trailing `/`.
  const len = end - p;
  if (len === 0 || text.charCodeAt(p) === Ch.Colon || (text.charCodeAt(end - 1) === Ch.Slash && len > 1)) {
    const stop = Math.max(end, start + 1);
    report('syntax-error', start, stop, len === 0 ? 'A keyword needs a name after `:`, e.g. `:order-id`.' : `Invalid keyword \`${text.slice(start, end)}\`.`);
    return { kind: 'error', start, end: stop, text: text.slice(start, end) };
  }
  if (slash > p && slash < end - 1) return { kind: 'keyword', start, end, ns: names.intern(p, slash, nsHash), name: names.intern(slash + 1, end, hash), auto };
  return { kind: 'keyword', start, end, ns: null, name: text.slice(p, end), auto };
}

export function scanChar(text: string, start: number, report: Report): Node {
  const n = text.length;
  if (start + 1 >= n) {
    report('syntax-error', start, start + 1, 'A character literal needs a character after `\\`.');
    return { kind: 'error', start, end: n, text: '\\' };
  }
  // The first character is taken whatever it is; named chars continue with token chars.
  const end = tokenEnd(text, start + 2);
  const token = text.slice(start + 1, end);
  let value: string | undefined;
  if (token.length === 1) value = token;
  else if (namedChars[token] !== undefined) value = namedChars[token];
  else if (/^u[0-9a-fA-F]{4}$/.test(token)) value = String.fromCharCode(parseInt(token.slice(1), 16));
  else if (/^o[0-7]{1,3}$/.test(token)) value = String.fromCharCode(parseInt(token.slice(1), 8));
  else if (token.length === 2 && token.charCodeAt(0) >= 0xd800 && token.charCodeAt(0) <= 0xdbff) value = token;
  if (value === undefined) {
    report('syntax-error', start, end, `Unknown character literal \`\\${token}\`; use \`\\newline\`, \`\\space\`, \`\\tab\`, \`\\uXXXX\` or a single character.`);
    return errorNode(text, start, end);
  }
  return { kind: 'char', start, end, value };
}

/** `##Inf`, `##-Inf`, `##NaN` at `start`. */
export function scanSymbolic(text: string, start: number, report: Report): Node {
  const end = tokenEnd(text, start + 2);
  const name = text.slice(start + 2, end);
  const value = name === 'Inf' ? Infinity : name === '-Inf' ? -Infinity : name === 'NaN' ? NaN : undefined;
  if (value !== undefined) return { kind: 'symbolic', start, end, value };
  report('syntax-error', start, end, `Unknown symbolic value \`##${name}\`; only \`##Inf\`, \`##-Inf\` and \`##NaN\` exist.`);
  return errorNode(text, start, end);
}

/** Symbols, numbers, `nil`, `true`, `false`. */
export function scanToken(text: string, start: number, names: Interner, report: Report): Node {
  const n = text.length;
  const c = text.charCodeAt(start);
  if ((c >= Ch.D0 && c <= Ch.D9) || ((c === Ch.Plus || c === Ch.Minus) && isDigit(text.charCodeAt(start + 1)))) return scanNumber(text, start, report);
  // The first character belongs to the token whatever it is.
  let j = start + 1;
  let hash = c;
  let nsHash = 0;
  let slash = c === Ch.Slash ? start : -1;
  while (j < n) {
    const d = text.charCodeAt(j);
    if (d < 128 && cls[d]! & TERM) break;
    if (d === Ch.Slash && slash < 0) {
      slash = j;
      nsHash = hash;
      hash = 0;
    } else {
      hash = (Math.imul(hash, 31) + d) | 0;
    }
    j++;
  }
  const end = j;
  const len = end - start;
  if (slash < 0) {
    if (len === 3 && text.startsWith('nil', start)) return { kind: 'nil', start, end };
    if (len === 4 && text.startsWith('true', start)) return { kind: 'boolean', start, end, value: true };
    if (len === 5 && text.startsWith('false', start)) return { kind: 'boolean', start, end, value: false };
    return { kind: 'symbol', start, end, ns: null, name: names.intern(start, end, hash) };
  }
  if (slash > start && slash < end - 1) return { kind: 'symbol', start, end, ns: names.intern(start, slash, nsHash), name: names.intern(slash + 1, end, hash) };
  if (len === 1) return { kind: 'symbol', start, end, ns: null, name: '/' };
  // `/x` or `x/`.
  report('syntax-error', start, end, `Invalid symbol \`${text.slice(start, end)}\`.`);
  return errorNode(text, start, end);
}

function scanNumber(text: string, start: number, report: Report): Node {
  const end = tokenEnd(text, start + 1);
  // Fast path: up to 15 significant digits with an optional fraction and `M`, computed
  // from the digits. A value below 2^53 divided by an exact power of ten is correctly
  // rounded, so this equals Number(text) (Clinger's fast path).
  let j = start;
  const sign = text.charCodeAt(j);
  if (sign === Ch.Minus || sign === Ch.Plus) j++;
  const digitsStart = j;
  let value = 0;
  let d = text.charCodeAt(j);
  while (j < end && isDigit(d)) {
    value = value * 10 + (d - Ch.D0);
    d = text.charCodeAt(++j);
  }
  let digits = j - digitsStart;
  let numberKind: NumberKind = 'int';
  if (j < end && d === Ch.Dot) {
    const fracStart = ++j;
    d = text.charCodeAt(j);
    while (j < end && isDigit(d)) {
      value = value * 10 + (d - Ch.D0);
      d = text.charCodeAt(++j);
    }
    digits += j - fracStart;
    value /= POW10[j - fracStart]!;
    numberKind = 'float';
  }
  if (j === end - 1 && d === Ch.M) {
    j++;
    numberKind = 'decimal';
  }
  // Integers with a leading zero are octal; leave them, and anything longer, to the regexes.
  const leadingZero = numberKind === 'int' && digits > 1 && text.charCodeAt(digitsStart) === Ch.D0;
  if (j === end && digits <= 15 && !leadingZero) return { kind: 'number', start, end, value: sign === Ch.Minus ? -value : value, big: null, numberKind };
  return scanNumberSlow(text, start, end, report);
}

function scanNumberSlow(text: string, start: number, end: number, report: Report): Node {
  const token = text.slice(start, end);
  const bad = (): Node => {
    report('syntax-error', start, end, `Invalid number \`${token}\`.`);
    return { kind: 'error', start, end, text: token };
  };
  const m = intRe.exec(token);
  if (m) {
    const neg = m[1] === '-';
    let big: bigint;
    let radix = 10;
    let body = m[6];
    if (m[2] !== undefined) (radix = 16), (body = m[2]);
    else if (m[3] !== undefined) (radix = 8), (body = m[3]);
    else if (m[4] !== undefined) (radix = Number(m[4])), (body = m[5]);
    else if (body!.length > 1 && body!.startsWith('0')) return bad();
    if (radix < 2 || radix > 36) return bad();
    try {
      big = parseBigInt(body!, radix);
    } catch {
      return bad();
    }
    if (neg) big = -big;
    const value = Number(big);
    const exact = Number.isSafeInteger(value);
    const numberKind: NumberKind = m[7] === 'N' || !exact ? 'bigint' : 'int';
    return { kind: 'number', start, end, value, big: numberKind === 'bigint' ? big : null, numberKind } satisfies NumberNode;
  }
  if (floatRe.test(token)) {
    const decimal = token.endsWith('M');
    const value = Number(decimal ? token.slice(0, -1) : token);
    return { kind: 'number', start, end, value, big: null, numberKind: decimal ? 'decimal' : 'float' };
  }
  const r = ratioRe.exec(token);
  if (r && Number(r[2]) !== 0) return { kind: 'number', start, end, value: Number(r[1]) / Number(r[2]), big: null, numberKind: 'ratio' };
  return bad();
}

function isDigit(c: number): boolean {
  return c >= Ch.D0 && c <= Ch.D9;
}

function parseBigInt(body: string, radix: number): bigint {
  if (radix === 10) return BigInt(body);
  if (radix === 16) return BigInt('0x' + body);
  if (radix === 8) return BigInt('0o' + body);
  let value = 0n;
  const r = BigInt(radix);
  for (const ch of body.toLowerCase()) {
    const d = parseInt(ch, 36);
    if (Number.isNaN(d) || d >= radix) throw new Error('digit out of range');
    value = value * r + BigInt(d);
  }
  return value;
}
