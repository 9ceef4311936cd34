// Keywords and symbols (and `nil`, `true`, `false`): the scanner's most frequent atoms, read
// one of two ways (scan-tier.ts). Natively: the token's end by a sticky regex, its name sliced
// and interned through a Map. By loop: the name hashed while scanning and interned in a small
// open-addressed table, so a repeated name costs no slice. Both give the same nodes; a repeated
// name is the first one's string either way.

import type { Node } from './nodes';
import { Ch, cls, errorNode, isDigit, scanNumber, TERM, TOKEN_RE, type Report } from './scanner';

/** Names longer than this are not interned in the loop way's table. */
const INTERN_MAX_LEN = 32;
/** Table slots: a power of two, scaled to the text so small reads stay cheap. */
const INTERN_MIN = 256;
const INTERN_MAX = 4096;
const INTERN_PROBES = 8;

/** Interned keyword and symbol names of one read. */
export class Interner {
  /** The native way's names by their text (the slice made to look one up is short-lived
   *  garbage, which a young-generation GC does not copy; a kept duplicate it would). */
  readonly byText = new Map<string, string>();
  private table: (string | undefined)[] | null = null;
  private mask = 0;

  constructor(private readonly text: string) {}

  /** The native way: the shared string equal to `name`. */
  name(name: string): string {
    const known = this.byText.get(name);
    if (known !== undefined) return known;
    this.byText.set(name, name);
    return name;
  }

  /** The loop way: the shared string for text[from, to), whose hash the scanner computed. */
  intern(from: number, to: number, hash: number): string {
    const len = to - from;
    if (len > INTERN_MAX_LEN) return this.text.slice(from, to);
    let names = this.table;
    if (names === null) {
      let size = INTERN_MIN;
      while (size < INTERN_MAX && size * 16 < this.text.length) size *= 2;
      this.mask = size - 1;
      names = this.table = new Array(size);
    }
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

/** A keyword, the native way (the caller picks the way: one check per read, not per atom). */
export function scanKeyword(text: string, start: number, names: Interner, report: Report): Node {
  let p = start + 1;
  const auto = text.charCodeAt(p) === Ch.Colon;
  if (auto) p++;
  // `tokenEnd` and `names.name` written out: this runs for every keyword.
  TOKEN_RE.lastIndex = p;
  TOKEN_RE.test(text);
  const end = TOKEN_RE.lastIndex;
  const raw = text.slice(p, end);
  const slash = raw.indexOf('/');
  // A name starting with `:` (`:::x`) is only possible after `::`.
  if (slash < 0 && end > p && !(auto && raw.charCodeAt(0) === Ch.Colon)) {
    let name = names.byText.get(raw);
    if (name === undefined) names.byText.set(raw, (name = raw));
    return { kind: 'keyword', start, end, ns: null, name, auto };
  }
  const at = slash < 0 ? -1 : p + slash;
  const qualified = at > p && at < end - 1;
  return keywordRare(text, start, p, end, at, qualified ? names.name(raw.slice(0, slash)) : '', qualified ? names.name(raw.slice(slash + 1)) : '', auto, report);
}

/** A keyword, the loop way. */
export function scanKeywordByLoop(text: string, start: number, names: Interner, report: Report): Node {
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
  const qualified = slash > p && slash < end - 1;
  return keywordRare(text, start, p, end, slash, qualified ? names.intern(p, slash, nsHash) : '', qualified ? names.intern(slash + 1, end, hash) : '', auto, report);
}

/** Qualified, empty, `:::x`, trailing `/`: the name starts at `p`, its first `/` is at `slash`
 *  (or -1); `ns` and `name` are the interned parts, used when it is qualified. */
function keywordRare(text: string, start: number, p: number, end: number, slash: number, ns: string, name: string, auto: boolean, report: Report): Node {
  const len = end - p;
  if (len === 0 || text.charCodeAt(p) === Ch.Colon || (text.charCodeAt(end - 1) === Ch.Slash && len > 1)) {
    const stop = Math.max(end, start + 1);
    report('syntax-error', start, stop, len === 0 ? 'A keyword needs a name after `:`, e.g. `:order-id`.' : `Invalid keyword \`${text.slice(start, end)}\`.`);
    return { kind: 'error', start, end: stop, text: text.slice(start, end) };
  }
  if (slash > p && slash < end - 1) return { kind: 'keyword', start, end, ns, name, auto };
  return { kind: 'keyword', start, end, ns: null, name: text.slice(p, end), auto };
}

/** Symbols, numbers, `nil`, `true`, `false`, the native way. */
export function scanToken(text: string, start: number, names: Interner, report: Report): Node {
  const c = text.charCodeAt(start);
  if ((c >= Ch.D0 && c <= Ch.D9) || ((c === Ch.Plus || c === Ch.Minus) && isDigit(text.charCodeAt(start + 1)))) return scanNumber(text, start, report);
  // The first character belongs to the token whatever it is.
  TOKEN_RE.lastIndex = start + 1;
  TOKEN_RE.test(text);
  const end = TOKEN_RE.lastIndex;
  const raw = text.slice(start, end);
  const len = end - start;
  const slash = raw.indexOf('/');
  if (slash < 0) {
    if (len <= 5) {
      if (raw === 'nil') return { kind: 'nil', start, end };
      if (raw === 'true') return { kind: 'boolean', start, end, value: true };
      if (raw === 'false') return { kind: 'boolean', start, end, value: false };
    }
    let name = names.byText.get(raw);
    if (name === undefined) names.byText.set(raw, (name = raw));
    return { kind: 'symbol', start, end, ns: null, name };
  }
  if (slash > 0 && slash < len - 1) return { kind: 'symbol', start, end, ns: names.name(raw.slice(0, slash)), name: names.name(raw.slice(slash + 1)) };
  return symbolRare(text, start, end, report);
}

/** Symbols, numbers, `nil`, `true`, `false`, the loop way. */
export function scanTokenByLoop(text: string, start: number, names: Interner, report: Report): Node {
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
  return symbolRare(text, start, end, report);
}

/** `/` alone, or a misplaced `/` (`/x`, `x/`). */
function symbolRare(text: string, start: number, end: number, report: Report): Node {
  if (end - start === 1) return { kind: 'symbol', start, end, ns: null, name: '/' };
  report('syntax-error', start, end, `Invalid symbol \`${text.slice(start, end)}\`.`);
  return errorNode(text, start, end);
}
