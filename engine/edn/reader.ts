// The EDN/Clojure reader: text -> syntax nodes with offsets, in one linear pass with an
// explicit stack (no recursion, so no depth limit from the JS stack). It never throws: bad
// input yields error nodes and findings, and reading goes on. Unclosed collections are cut
// back by indentation (a child that starts a line at or left of the opener's column belongs
// to the parent), so one missing `)` while typing does not swallow the rest of the file.

import type { Finding } from './findings';
import type { CollNode, Node, NumberKind, NumberNode } from './nodes';
import { LineIndex } from './positions';

export interface ParsedFile {
  text: string;
  /** Top-level forms in source order (discarded forms excluded). */
  forms: Node[];
  /** Reader findings (syntax), sorted by position. */
  findings: Finding[];
}

/** Deeper nesting than this is refused with a finding (consumers walk nodes recursively). */
export const MAX_DEPTH = 1000;
/** The reader stops reporting after this many findings in one file (the rest is noise). */
const MAX_FINDINGS = 200;

// Character classes for the scanner.
const WS = 1; // whitespace and comma
const TERM = 2; // ends a token: whitespace, delimiters, " ; @ ^ ` ~ \
const cls = new Uint8Array(128);
for (const c of ' \t\n\r\f\v,') cls[c.charCodeAt(0)] = WS | TERM;
for (const c of '()[]{}";@^`~\\') cls[c.charCodeAt(0)] |= TERM;

const enum Ch {
  Tab = 9, NL = 10, CR = 13, Space = 32, Bang = 33, Quote = 34, Hash = 35, Pct = 37, Apos = 39,
  LParen = 40, RParen = 41, Plus = 43, Comma = 44, Minus = 45, Dot = 46, Slash = 47, D0 = 48, D9 = 57,
  Colon = 58, Semi = 59, Lt = 60, Eq = 61, Quest = 63, At = 64, LBrack = 91, Backslash = 92,
  RBrack = 93, Caret = 94, Under = 95, Backtick = 96, LBrace = 123, RBrace = 125, Tilde = 126,
}

type Frame =
  | { t: 'coll'; node: CollNode; closer: number }
  | { t: 'wrap'; kind: 'quote' | 'syntax-quote' | 'unquote' | 'unquote-splicing' | 'deref' | 'var'; start: number; end: number }
  | { t: 'meta'; start: number; meta: Node | null }
  | { t: 'tagged'; start: number; tag: string; end: number }
  | { t: 'discard'; start: number }
  | { t: 'eval'; start: number };

const closerFor: Record<number, number> = { [Ch.LParen]: Ch.RParen, [Ch.LBrack]: Ch.RBrack, [Ch.LBrace]: Ch.RBrace };
const openerText: Record<number, string> = { [Ch.RParen]: '(', [Ch.RBrack]: '[', [Ch.RBrace]: '{' };
const namedChars: Record<string, string> = {
  newline: '\n', space: ' ', tab: '\t', backspace: '\b', formfeed: '\f', return: '\r',
};
const stringEscapes: Record<string, string> = { '"': '"', '\\': '\\', n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' };

const intRe = /^([-+]?)(?:0[xX]([0-9A-Fa-f]+)|0([0-7]+)|([1-9][0-9]?)[rR]([0-9A-Za-z]+)|([0-9]+))(N)?$/;
const floatRe = /^[-+]?[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?M?$/;
const ratioRe = /^([-+]?[0-9]+)\/([0-9]+)$/;

/** Reads a whole file. Never throws. */
export function readEdn(text: string): ParsedFile {
  return new Reader(text).read();
}

class Reader {
  private i = 0;
  private readonly n: number;
  private readonly stack: Frame[] = [];
  private readonly forms: Node[] = [];
  private readonly findings: Finding[] = [];
  private depth = 0;

  constructor(private readonly text: string) {
    this.n = text.length;
  }

  read(): ParsedFile {
    const text = this.text;
    const n = this.n;
    while (this.i < n) {
      const c = text.charCodeAt(this.i);
      if (c < 128 && cls[c] & WS) {
        this.i++;
        continue;
      }
      switch (c) {
        case Ch.Semi:
          this.skipLine();
          break;
        case Ch.LParen:
        case Ch.LBrack:
        case Ch.LBrace:
          this.open(c === Ch.LParen ? 'list' : c === Ch.LBrack ? 'vector' : 'map', this.i, this.i + 1, closerFor[c]!, null);
          break;
        case Ch.RParen:
        case Ch.RBrack:
        case Ch.RBrace:
          this.close(c);
          break;
        case Ch.Quote:
          this.readString();
          break;
        case Ch.Colon:
          this.readKeyword();
          break;
        case Ch.Apos:
          this.pushWrap('quote', 1);
          break;
        case Ch.Backtick:
          this.pushWrap('syntax-quote', 1);
          break;
        case Ch.Tilde:
          if (text.charCodeAt(this.i + 1) === Ch.At) this.pushWrap('unquote-splicing', 2);
          else this.pushWrap('unquote', 1);
          break;
        case Ch.At:
          this.pushWrap('deref', 1);
          break;
        case Ch.Caret:
          this.stack.push({ t: 'meta', start: this.i, meta: null });
          this.i++;
          break;
        case Ch.Backslash:
          this.readChar();
          break;
        case Ch.Hash:
          this.readDispatch();
          break;
        default:
          this.readToken();
      }
    }
    this.finishAtEof();
    this.findings.sort((a, b) => a.start - b.start || a.end - b.end);
    return { text, forms: this.forms, findings: this.findings };
  }

  // ---- findings -------------------------------------------------------------------------

  private report(code: string, start: number, end: number, message: string): void {
    if (this.findings.length >= MAX_FINDINGS) return;
    this.findings.push({ code, severity: 'error', start, end: Math.max(end, start + 1 > this.n ? this.n : start + 1), message });
  }

  // ---- structure ------------------------------------------------------------------------

  private open(kind: CollNode['kind'], start: number, contentStart: number, closer: number, prefix: string | null): void {
    if (this.depth >= MAX_DEPTH) {
      this.report('syntax-error', start, contentStart, `Nesting deeper than ${MAX_DEPTH} levels is not supported; flatten this data.`);
    }
    const node: CollNode = { kind, start, end: contentStart, children: [], closed: false, prefix };
    this.stack.push({ t: 'coll', node, closer });
    this.depth++;
    this.i = contentStart;
  }

  private pushWrap(kind: 'quote' | 'syntax-quote' | 'unquote' | 'unquote-splicing' | 'deref' | 'var', width: number): void {
    this.stack.push({ t: 'wrap', kind, start: this.i, end: this.i + width });
    this.i += width;
  }

  /** Hands a finished form to the innermost open frame, completing prefix frames as it goes. */
  private deliver(node: Node): void {
    const top = this.stack[this.stack.length - 1];
    if (top !== undefined && top.t === 'coll') {
      top.node.children.push(node);
      return;
    }
    this.deliverSlow(node);
  }

  private deliverSlow(node: Node): void {
    for (;;) {
      const top = this.stack[this.stack.length - 1];
      if (top === undefined) {
        this.forms.push(node);
        return;
      }
      switch (top.t) {
        case 'coll':
          top.node.children.push(node);
          return;
        case 'wrap':
          this.stack.pop();
          node = { kind: top.kind, start: top.start, end: node.end, form: node };
          continue;
        case 'meta':
          if (top.meta === null) {
            top.meta = node;
            return;
          }
          this.stack.pop();
          node = { kind: 'meta', start: top.start, end: node.end, meta: top.meta, form: node };
          continue;
        case 'tagged':
          this.stack.pop();
          node = { kind: 'tagged', start: top.start, end: node.end, tag: top.tag, form: node };
          continue;
        case 'discard':
          this.stack.pop();
          return;
        case 'eval':
          this.stack.pop();
          this.report('reader-eval-forbidden', top.start, node.end, 'Reader eval `#=` is not allowed in flow files (the platform reads them with *read-eval* off); write the value itself.');
          node = { kind: 'error', start: top.start, end: node.end, text: this.text.slice(top.start, node.end) };
          continue;
      }
    }
  }

  /** Pops prefix frames that never got their form (a closer or the end came first). */
  private abandonPrefixes(at: number): void {
    for (;;) {
      const top = this.stack[this.stack.length - 1];
      if (top === undefined || top.t === 'coll') return;
      this.stack.pop();
      switch (top.t) {
        case 'wrap':
          this.report('syntax-error', top.start, top.end, `\`${this.text.slice(top.start, top.end)}\` must be followed by a form.`);
          this.deliver({ kind: top.kind, start: top.start, end: top.end, form: null });
          break;
        case 'meta':
          if (top.meta === null) {
            this.report('syntax-error', top.start, top.start + 1, '`^` must be followed by metadata and a form, e.g. `^{:label "Approve?"} (if ...)`.');
          } else {
            this.report('syntax-error', top.start, top.meta.end, 'Metadata must be followed by the form it annotates.');
            this.deliver({ kind: 'meta', start: top.start, end: top.meta.end, meta: top.meta, form: null });
          }
          break;
        case 'tagged':
          this.report('syntax-error', top.start, top.end, `Tagged literal \`#${top.tag}\` must be followed by a form.`);
          this.deliver({ kind: 'tagged', start: top.start, end: top.end, tag: top.tag, form: null });
          break;
        case 'discard':
          this.report('syntax-error', top.start, top.start + 2, '`#_` must be followed by the form to discard.');
          break;
        case 'eval':
          this.report('reader-eval-forbidden', top.start, top.start + 2, 'Reader eval `#=` is not allowed in flow files.');
          break;
      }
    }
  }

  private close(closer: number): void {
    const at = this.i;
    this.i++;
    this.abandonPrefixes(at);
    // Find the innermost collection this closer matches.
    let match = -1;
    for (let k = this.stack.length - 1; k >= 0; k--) {
      const f = this.stack[k]!;
      if (f.t === 'coll' && f.closer === closer) {
        match = k;
        break;
      }
    }
    if (match < 0) {
      const ch = String.fromCharCode(closer);
      this.report('unbalanced-delimiter', at, at + 1, `Unmatched \`${ch}\`: nothing open here is closed by it. Remove it, or add the \`${openerText[closer]}\` it should close.`);
      return;
    }
    // Everything above the match is unclosed: report and cut each back by indentation.
    while (this.stack.length - 1 > match) {
      const top = this.stack[this.stack.length - 1]!;
      if (top.t === 'coll') this.recoverUnclosed(top, at);
      else this.abandonPrefixes(at);
    }
    const frame = this.stack.pop() as Extract<Frame, { t: 'coll' }>;
    this.depth--;
    frame.node.end = at + 1;
    frame.node.closed = true;
    this.checkMapArity(frame.node);
    this.deliver(frame.node);
  }

  /** Reports an unclosed collection at its opener and ends it before the first child that,
   *  by indentation, belongs to an enclosing form; those children move to the parent. */
  private recoverUnclosed(frame: Extract<Frame, { t: 'coll' }>, before: number): void {
    this.stack.pop();
    this.depth--;
    const node = frame.node;
    const openLen = openerLength(node);
    const closeCh = String.fromCharCode(frame.closer);
    const openText = this.text.slice(node.start, node.start + openLen);
    const where = before >= this.n ? 'the end of the file' : `\`${this.text[before]}\` on line ${this.lineOf(before) + 1}`;
    this.report('unbalanced-delimiter', node.start, node.start + openLen, `Unclosed \`${openText}\`: add the matching \`${closeCh}\` (still open at ${where}).`);
    const column = this.columnOf(node.start);
    const openLine = this.lineOf(node.start);
    let cut = node.children.length;
    for (let k = 0; k < node.children.length; k++) {
      const child = node.children[k]!;
      if (this.startsLine(child.start) && this.columnOf(child.start) <= column && this.lineOf(child.start) > openLine) {
        cut = k;
        break;
      }
    }
    const moved = node.children.splice(cut);
    const last = node.children[node.children.length - 1];
    node.end = last ? last.end : node.start + openLen;
    node.closed = false;
    this.checkMapArity(node);
    this.deliver(node);
    for (const child of moved) this.deliver(child);
  }

  private checkMapArity(node: CollNode): void {
    if (node.kind === 'map' && node.children.length % 2 === 1) {
      const key = node.children[node.children.length - 1]!;
      this.report('odd-map-entries', key.start, key.end, `Map literal has an odd number of forms: \`${this.snippet(key)}\` has no value. Add its value or remove it.`);
    }
  }

  private finishAtEof(): void {
    while (this.stack.length > 0) {
      const top = this.stack[this.stack.length - 1]!;
      if (top.t === 'coll') this.recoverUnclosed(top, this.n);
      else this.abandonPrefixes(this.n);
    }
  }

  // ---- positions (only on error paths) -------------------------------------------------

  private lines: LineIndex | null = null;

  private lineOf(offset: number): number {
    this.lines ??= new LineIndex(this.text);
    return this.lines.position(offset).line;
  }

  private columnOf(offset: number): number {
    this.lines ??= new LineIndex(this.text);
    return this.lines.position(offset).character;
  }

  private startsLine(offset: number): boolean {
    for (let k = offset - 1; k >= 0; k--) {
      const c = this.text.charCodeAt(k);
      if (c === Ch.NL) return true;
      if (c !== Ch.Space && c !== Ch.Tab && c !== Ch.Comma && c !== Ch.CR) return false;
    }
    return true;
  }

  private snippet(node: Node): string {
    const s = this.text.slice(node.start, node.end);
    return s.length > 40 ? s.slice(0, 37) + '...' : s;
  }

  // ---- atoms ----------------------------------------------------------------------------

  private skipLine(): void {
    const nl = this.text.indexOf('\n', this.i);
    this.i = nl < 0 ? this.n : nl + 1;
  }

  /** End of the token that starts at `from` (stops at whitespace and terminating macros). */
  private tokenEnd(from: number): number {
    const text = this.text;
    let j = from;
    while (j < this.n) {
      const c = text.charCodeAt(j);
      if (c < 128 && cls[c] & TERM) break;
      j++;
    }
    return j;
  }

  private readString(): void {
    const text = this.text;
    const start = this.i;
    let j = start + 1;
    // Fast path: no escapes.
    while (j < this.n) {
      const c = text.charCodeAt(j);
      if (c === Ch.Quote) {
        this.i = j + 1;
        this.deliver({ kind: 'string', start, end: j + 1, value: text.slice(start + 1, j), closed: true });
        return;
      }
      if (c === Ch.Backslash) break;
      j++;
    }
    let value = text.slice(start + 1, j);
    while (j < this.n) {
      const c = text.charCodeAt(j);
      if (c === Ch.Quote) {
        this.i = j + 1;
        this.deliver({ kind: 'string', start, end: j + 1, value, closed: true });
        return;
      }
      if (c === Ch.Backslash) {
        const e = text[j + 1];
        if (e === undefined) break;
        const simple = stringEscapes[e];
        if (simple !== undefined) {
          value += simple;
          j += 2;
        } else if (e === 'u') {
          const hex = text.slice(j + 2, j + 6);
          if (/^[0-9a-fA-F]{4}$/.test(hex)) {
            value += String.fromCharCode(parseInt(hex, 16));
            j += 6;
          } else {
            this.report('syntax-error', j, j + 2, 'Invalid unicode escape: `\\u` needs four hex digits, e.g. `\\u00e9`.');
            j += 2;
          }
        } else if (e >= '0' && e <= '7') {
          let k = j + 1;
          while (k < j + 4 && text[k]! >= '0' && text[k]! <= '7') k++;
          value += String.fromCharCode(parseInt(text.slice(j + 1, k), 8));
          j = k;
        } else {
          this.report('syntax-error', j, j + 2, `Invalid escape \`\\${e}\` in string; use \`\\\\\` for a backslash.`);
          value += e;
          j += 2;
        }
        continue;
      }
      const next = text.indexOf('"', j);
      const esc = text.indexOf('\\', j);
      const stop = next < 0 ? (esc < 0 ? this.n : esc) : esc < 0 ? next : Math.min(next, esc);
      value += text.slice(j, stop);
      j = stop;
    }
    this.report('unterminated-string', start, start + 1, 'String is never closed: add the closing `"`.');
    this.i = this.n;
    this.deliver({ kind: 'string', start, end: this.n, value, closed: false });
  }

  private readRegex(start: number): void {
    // `#"..."`: backslash escapes are kept as written.
    const text = this.text;
    let j = start + 2;
    while (j < this.n) {
      const c = text.charCodeAt(j);
      if (c === Ch.Quote) {
        this.i = j + 1;
        this.deliver({ kind: 'regex', start, end: j + 1, pattern: text.slice(start + 2, j), closed: true });
        return;
      }
      j += c === Ch.Backslash ? 2 : 1;
    }
    this.report('unterminated-string', start, start + 2, 'Regex literal is never closed: add the closing `"`.');
    this.i = this.n;
    this.deliver({ kind: 'regex', start, end: this.n, pattern: text.slice(start + 2), closed: false });
  }

  private readKeyword(): void {
    const start = this.i;
    let p = start + 1;
    const text = this.text;
    const auto = text.charCodeAt(p) === Ch.Colon;
    if (auto) p++;
    // Scan the name, hashing it so repeated names are shared instead of sliced anew.
    let j = p;
    let hash = 0;
    let slash = -1;
    while (j < this.n) {
      const c = text.charCodeAt(j);
      if (c < 128 && cls[c] & TERM) break;
      if (c === Ch.Slash && slash < 0) slash = j;
      hash = (Math.imul(hash, 31) + c) | 0;
      j++;
    }
    const end = j;
    this.i = end;
    if (slash < 0 && end > p && !auto) {
      this.deliver({ kind: 'keyword', start, end, ns: null, name: this.intern(p, end, hash), auto: false });
      return;
    }
    const body = text.slice(p, end);
    if (body.length === 0 || body.charCodeAt(0) === Ch.Colon || body.endsWith('/') && body !== '/') {
      this.report('syntax-error', start, Math.max(end, start + 1), body.length === 0 ? 'A keyword needs a name after `:`, e.g. `:order-id`.' : `Invalid keyword \`${this.text.slice(start, end)}\`.`);
      this.deliver({ kind: 'error', start, end: Math.max(end, start + 1), text: this.text.slice(start, end) });
      return;
    }
    const sep = body.indexOf('/');
    if (sep > 0 && sep < body.length - 1) {
      this.deliver({ kind: 'keyword', start, end, ns: body.slice(0, sep), name: body.slice(sep + 1), auto });
    } else {
      this.deliver({ kind: 'keyword', start, end, ns: null, name: body, auto });
    }
  }

  /** Shared strings for repeated keyword and symbol names (a small open-addressed table). */
  private readonly names: (string | undefined)[] = new Array(4096);

  private intern(from: number, to: number, hash: number): string {
    const len = to - from;
    if (len > 32) return this.text.slice(from, to);
    let slot = hash & 4095;
    for (let probe = 0; probe < 8; probe++) {
      const s = this.names[slot];
      if (s === undefined) {
        const fresh = this.text.slice(from, to);
        this.names[slot] = fresh;
        return fresh;
      }
      if (s.length === len && this.text.startsWith(s, from)) return s;
      slot = (slot + 1) & 4095;
    }
    return this.text.slice(from, to);
  }

  private readChar(): void {
    const start = this.i;
    if (start + 1 >= this.n) {
      this.report('syntax-error', start, start + 1, 'A character literal needs a character after `\\`.');
      this.i = this.n;
      this.deliver({ kind: 'error', start, end: this.n, text: '\\' });
      return;
    }
    // The first character is taken whatever it is; named chars continue with token chars.
    const end = this.tokenEnd(start + 2);
    const token = this.text.slice(start + 1, end);
    this.i = end;
    let value: string | undefined;
    if (token.length === 1) value = token;
    else if (namedChars[token] !== undefined) value = namedChars[token];
    else if (/^u[0-9a-fA-F]{4}$/.test(token)) value = String.fromCharCode(parseInt(token.slice(1), 16));
    else if (/^o[0-7]{1,3}$/.test(token)) value = String.fromCharCode(parseInt(token.slice(1), 8));
    else if (token.length === 2 && token.charCodeAt(0) >= 0xd800 && token.charCodeAt(0) <= 0xdbff) value = token;
    if (value === undefined) {
      this.report('syntax-error', start, end, `Unknown character literal \`\\${token}\`; use \`\\newline\`, \`\\space\`, \`\\tab\`, \`\\uXXXX\` or a single character.`);
      this.deliver({ kind: 'error', start, end, text: this.text.slice(start, end) });
      return;
    }
    this.deliver({ kind: 'char', start, end, value });
  }

  private readDispatch(): void {
    const start = this.i;
    const c = this.text.charCodeAt(start + 1);
    switch (c) {
      case Ch.LBrace:
        this.open('set', start, start + 2, Ch.RBrace, null);
        return;
      case Ch.LParen:
        this.open('fn', start, start + 2, Ch.RParen, null);
        return;
      case Ch.Quote:
        this.readRegex(start);
        return;
      case Ch.Under:
        this.stack.push({ t: 'discard', start });
        this.i = start + 2;
        return;
      case Ch.Apos:
        this.pushWrap('var', 2);
        return;
      case Ch.Eq:
        this.stack.push({ t: 'eval', start });
        this.i = start + 2;
        return;
      case Ch.Bang:
        this.skipLine();
        return;
      case Ch.Quest: {
        const splicing = this.text.charCodeAt(start + 2) === Ch.At;
        const open = start + (splicing ? 3 : 2);
        if (this.text.charCodeAt(open) === Ch.LParen) {
          this.open('reader-cond', start, open + 1, Ch.RParen, splicing ? '?@' : '?');
          return;
        }
        this.report('syntax-error', start, open, 'A reader conditional is written `#?(:clj ... :default ...)`.');
        this.i = open;
        return;
      }
      case Ch.Hash: {
        const end = this.tokenEnd(start + 2);
        const name = this.text.slice(start + 2, end);
        this.i = end;
        const value = name === 'Inf' ? Infinity : name === '-Inf' ? -Infinity : name === 'NaN' ? NaN : undefined;
        if (value === undefined) {
          this.report('syntax-error', start, end, `Unknown symbolic value \`##${name}\`; only \`##Inf\`, \`##-Inf\` and \`##NaN\` exist.`);
          this.deliver({ kind: 'error', start, end, text: this.text.slice(start, end) });
        } else {
          this.deliver({ kind: 'symbolic', start, end, value });
        }
        return;
      }
      case Ch.Colon: {
        // Namespaced map `#:ns{...}`.
        const end = this.tokenEnd(start + 2);
        if (this.text.charCodeAt(end) === Ch.LBrace && end > start + 2) {
          this.open('map', start, end + 1, Ch.RBrace, this.text.slice(start + 2, end));
          return;
        }
        this.report('syntax-error', start, Math.max(end, start + 2), 'A namespaced map is written `#:ns{:key value}`.');
        this.i = Math.max(end, start + 2);
        return;
      }
      default: {
        if (start + 1 < this.n && !(c < 128 && cls[c] & TERM) && c !== Ch.Hash) {
          // Tagged literal: `#inst`, `#env`, `#flow/include`, ...
          const end = this.tokenEnd(start + 1);
          const tag = this.text.slice(start + 1, end);
          if (/^[A-Za-z]/.test(tag)) {
            this.stack.push({ t: 'tagged', start, tag, end });
            this.i = end;
            return;
          }
          this.report('syntax-error', start, end, `\`#${tag}\` is not a valid tag; tags start with a letter, e.g. \`#inst\`.`);
          this.deliver({ kind: 'error', start, end, text: this.text.slice(start, end) });
          this.i = end;
          return;
        }
        this.report('syntax-error', start, start + 1, 'A lone `#` is not valid here; `#` starts `#{...}`, `#(...)`, `#"regex"`, `#_`, `#\'var` or a tag.');
        this.i = start + 1;
      }
    }
  }

  private readToken(): void {
    const text = this.text;
    const start = this.i;
    const end = this.tokenEnd(start + 1);
    this.i = end;
    const c = text.charCodeAt(start);
    const c1 = text.charCodeAt(start + 1);
    if ((c >= Ch.D0 && c <= Ch.D9) || ((c === Ch.Plus || c === Ch.Minus) && c1 >= Ch.D0 && c1 <= Ch.D9)) {
      this.deliver(this.readNumber(start, end));
      return;
    }
    const len = end - start;
    if (len === 3 && text.startsWith('nil', start)) return this.deliver({ kind: 'nil', start, end });
    if (len === 4 && text.startsWith('true', start)) return this.deliver({ kind: 'boolean', start, end, value: true });
    if (len === 5 && text.startsWith('false', start)) return this.deliver({ kind: 'boolean', start, end, value: false });
    const token = text.slice(start, end);
    const slash = token.indexOf('/');
    if (slash > 0 && slash < token.length - 1) {
      this.deliver({ kind: 'symbol', start, end, ns: token.slice(0, slash), name: token.slice(slash + 1) });
    } else if (slash > 0 && token.endsWith('//')) {
      this.deliver({ kind: 'symbol', start, end, ns: token.slice(0, -2), name: '/' });
    } else if (slash === 0 && len > 1 || (slash > 0 && slash === token.length - 1)) {
      this.report('syntax-error', start, end, `Invalid symbol \`${token}\`.`);
      this.deliver({ kind: 'error', start, end, text: token });
    } else {
      this.deliver({ kind: 'symbol', start, end, ns: null, name: token });
    }
  }

  private readNumber(start: number, end: number): Node {
    const text = this.text;
    // Fast path: plain decimal integers that fit a double exactly.
    let j = start;
    const sign = text.charCodeAt(j);
    if (sign === Ch.Minus || sign === Ch.Plus) j++;
    let digits = true;
    for (let k = j; k < end; k++) {
      const d = text.charCodeAt(k);
      if (d < Ch.D0 || d > Ch.D9) {
        digits = false;
        break;
      }
    }
    if (digits && end - j < 16 && !(end - j > 1 && text.charCodeAt(j) === Ch.D0)) {
      return { kind: 'number', start, end, value: Number(text.slice(start, end)), big: null, numberKind: 'int' };
    }
    const token = text.slice(start, end);
    const m = intRe.exec(token);
    if (m) {
      const neg = m[1] === '-';
      let big: bigint | null = null;
      let radix = 10;
      let body = m[6];
      if (m[2] !== undefined) (radix = 16), (body = m[2]);
      else if (m[3] !== undefined) (radix = 8), (body = m[3]);
      else if (m[4] !== undefined) (radix = Number(m[4])), (body = m[5]);
      else if (body!.length > 1 && body!.startsWith('0')) return this.badNumber(start, end, token);
      if (radix < 2 || radix > 36) return this.badNumber(start, end, token);
      try {
        big = parseBigInt(body!, radix);
      } catch {
        return this.badNumber(start, end, token);
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
    if (r && Number(r[2]) !== 0) {
      return { kind: 'number', start, end, value: Number(r[1]) / Number(r[2]), big: null, numberKind: 'ratio' };
    }
    return this.badNumber(start, end, token);
  }

  private badNumber(start: number, end: number, token: string): Node {
    this.report('syntax-error', start, end, `Invalid number \`${token}\`.`);
    return { kind: 'error', start, end, text: token };
  }
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

/** Width of a collection's opening delimiter: `(`, `#{`, `#?@(`, `#:ns{`. */
function openerLength(node: CollNode): number {
  if (node.kind === 'set' || node.kind === 'fn') return 2;
  if (node.prefix === null) return 1;
  return node.kind === 'map' ? 3 + node.prefix.length : 2 + node.prefix.length;
}
