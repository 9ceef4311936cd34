// The EDN/Clojure reader: text -> syntax nodes with offsets, in one linear pass with an
// explicit stack (no recursion, so no depth limit from the JS stack). It never throws: bad
// input yields error nodes and findings, and reading goes on. Unclosed collections are cut
// back by indentation (a child that starts a line at or left of the opener's column belongs
// to the parent), so one missing `)` while typing does not swallow the rest of the file.
//
// Speed (design §10: >= 1/2 of JSON.parse, >= 4x edn-data; see bench/reader.ts) comes from
// allocating little besides the nodes themselves: open forms live in parallel arrays rather
// than frame objects; finished forms wait on one shared value stack and a collection's
// children are sliced off it in one exact-size copy when it closes; keyword and symbol names
// are interned; numbers are computed from their digits without slicing.

import type { Finding } from './findings';
import type { CollNode, Node, NumberKind, NumberNode, WrapNode } from './nodes';
import { LineIndex } from './positions';

/** Strings longer than this are flagged (the platform's lint: large_inline_string); the
 *  checker's literal checks report them (kept here for the reader's public API). */
export const LARGE_STRING = 4000;

export interface ParsedFile {
  text: string;
  /** Top-level forms in source order (discarded forms excluded). */
  forms: Node[];
  /** Reader findings (syntax), sorted by position. */
  findings: Finding[];
}

/** Deeper nesting than this is refused with a finding, and the too-deep part is read as an
 *  error node, so that consumers can walk nodes recursively. */
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
  LParen = 40, RParen = 41, Plus = 43, Comma = 44, Minus = 45, Dot = 46, Slash = 47, D0 = 48, D7 = 55, D9 = 57,
  Colon = 58, Semi = 59, Lt = 60, Eq = 61, Quest = 63, At = 64, M = 77, LBrack = 91, Backslash = 92,
  RBrack = 93, Caret = 94, Under = 95, Backtick = 96, LBrace = 123, RBrace = 125, Tilde = 126,
}

/** What an open frame is waiting for. Root and collections collect children on the value
 *  stack; the others are prefixes (`'`, `^`, `#tag`, `#_`, `#=`) waiting for one form. */
const enum Frame {
  Root = 0,
  Coll = 1,
  Wrap = 2,
  Meta = 3,
  Tagged = 4,
  Discard = 5,
  Eval = 6,
}

type WrapKind = WrapNode['kind'];

const openerText: Record<number, string> = { [Ch.RParen]: '(', [Ch.RBrack]: '[', [Ch.RBrace]: '{' };
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

/** Reads a whole file. Never throws. */
export function readEdn(text: string): ParsedFile {
  return new Reader(text).read();
}

class Reader {
  private readonly n: number;
  private readonly findings: Finding[] = [];

  // Finished forms waiting for their collection to close, bottom to top; the root frame's
  // forms are the file's top-level forms. `vtop` is the height (slots above it are stale).
  private readonly values: Node[] = [];
  private vtop = 0;

  // Open frames as parallel arrays indexed by depth (0 is the root), so that opening a form
  // allocates nothing. `sp` is the index of the innermost frame.
  private sp = 0;
  private readonly fType: Frame[] = [Frame.Root];
  private readonly fStart: number[] = [0];
  /** Collections: end of the opener. Wrap: end of the macro. Tagged: end of the tag. */
  private readonly fEnd: number[] = [0];
  /** Collections: index in `values` of the first child. */
  private readonly fBase: number[] = [0];
  /** Collections: the closing character's code. */
  private readonly fCloser: number[] = [-1];
  /** Collections: node kind. Wrap: node kind. Tagged: the tag. */
  private readonly fName: string[] = [''];
  /** Collections: `#:ns` / `#?` / `#?@` prefix. */
  private readonly fPrefix: (string | null)[] = [null];
  /** Meta: the metadata once read. */
  private readonly fMeta: (Node | null)[] = [null];
  /** Open collections by closing character (see `closerSlot`), so that a closer matching
   *  nothing open is recognised without searching the stack. */
  private readonly openCount = [0, 0, 0];

  // Interned keyword and symbol names: a small open-addressed table keyed by a hash computed
  // while scanning, so a repeated name costs no slice.
  private readonly internMask: number;
  private readonly names: (string | undefined)[];

  private lines: LineIndex | null = null;

  constructor(private readonly text: string) {
    this.n = text.length;
    let size = INTERN_MIN;
    while (size < INTERN_MAX && size * 16 < text.length) size *= 2;
    this.internMask = size - 1;
    this.names = new Array(size);
  }

  read(): ParsedFile {
    const text = this.text;
    const n = this.n;
    let i = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c < 128 && cls[c]! & WS) {
        i++;
        continue;
      }
      switch (c) {
        case Ch.Colon:
          i = this.readKeyword(i);
          break;
        case Ch.Quote:
          i = this.readString(i);
          break;
        case Ch.LParen:
          i = this.open('list', i, i + 1, Ch.RParen, null);
          break;
        case Ch.LBrack:
          i = this.open('vector', i, i + 1, Ch.RBrack, null);
          break;
        case Ch.LBrace:
          i = this.open('map', i, i + 1, Ch.RBrace, null);
          break;
        case Ch.RParen:
        case Ch.RBrack:
        case Ch.RBrace:
          this.close(c, i);
          i++;
          break;
        case Ch.Semi:
          i = this.lineEnd(i);
          break;
        case Ch.Apos:
          i = this.pushWrap('quote', i, 1);
          break;
        case Ch.Backtick:
          i = this.pushWrap('syntax-quote', i, 1);
          break;
        case Ch.Tilde:
          i = text.charCodeAt(i + 1) === Ch.At ? this.pushWrap('unquote-splicing', i, 2) : this.pushWrap('unquote', i, 1);
          break;
        case Ch.At:
          i = this.pushWrap('deref', i, 1);
          break;
        case Ch.Caret:
          this.push(Frame.Meta, i, i + 1);
          i++;
          break;
        case Ch.Backslash:
          i = this.readChar(i);
          break;
        case Ch.Hash:
          i = this.readDispatch(i);
          break;
        default:
          i = this.readToken(i);
      }
    }
    this.unwind(0, n);
    this.findings.sort((a, b) => a.start - b.start || a.end - b.end);
    return { text, forms: this.values.slice(0, this.vtop), findings: this.findings };
  }

  // ---- findings -------------------------------------------------------------------------

  private report(code: string, start: number, end: number, message: string, severity: 'error' | 'warning' = 'error'): void {
    if (this.findings.length >= MAX_FINDINGS) return;
    this.findings.push({ code, severity, start, end: Math.max(end, start + 1 > this.n ? this.n : start + 1), message });
  }

  // ---- frames ---------------------------------------------------------------------------

  /** Opens a frame; the first frame beyond MAX_DEPTH on a path is reported. */
  private push(type: Frame, start: number, end: number): number {
    const s = ++this.sp;
    if (s === MAX_DEPTH + 1) {
      this.report('syntax-error', start, end, `Nesting deeper than ${MAX_DEPTH} levels is not supported; flatten this data.`);
    }
    this.fType[s] = type;
    this.fStart[s] = start;
    this.fEnd[s] = end;
    this.fBase[s] = this.vtop;
    this.fCloser[s] = -1;
    this.fMeta[s] = null;
    return s;
  }

  private open(kind: CollNode['kind'], start: number, contentStart: number, closer: number, prefix: string | null): number {
    const s = this.push(Frame.Coll, start, contentStart);
    this.fCloser[s] = closer;
    this.fName[s] = kind;
    this.fPrefix[s] = prefix;
    this.openCount[closerSlot(closer)]!++;
    return contentStart;
  }

  private pushWrap(kind: WrapKind, start: number, width: number): number {
    const s = this.push(Frame.Wrap, start, start + width);
    this.fName[s] = kind;
    return start + width;
  }

  /**
   * Hands a finished collection on; a reader conditional is read as the platform's reader
   * reads it (features `:clj` and `:default`): the first branch whose feature matches takes
   * its place, `#?@` splices that branch's items, and no match leaves nothing (like `#_`).
   * Inside another conditional's branches it stays one form until the outer one is decided.
   */
  private deliverForm(node: Node): void {
    if (node.kind !== 'reader-cond') return this.deliver(node);
    let coll = this.sp;
    while (this.fType[coll]! > Frame.Coll) coll--;
    if (this.fType[coll] === Frame.Coll && this.fName[coll] === 'reader-cond') return this.deliver(node);
    let cond: CollNode = node;
    for (;;) {
      const branch = this.activeBranch(cond);
      if (branch === null) return;
      if (cond.prefix !== '?@') {
        if (branch.kind === 'reader-cond') {
          cond = branch;
          continue;
        }
        return this.deliver(branch);
      }
      if (coll === 0) this.report('syntax-error', cond.start, cond.start + 3, 'A splicing reader conditional `#?@` cannot stand at the top level of the file; put it inside a collection.');
      if (branch.kind !== 'vector' && branch.kind !== 'list') {
        this.report('syntax-error', branch.start, branch.end, 'The branch of a splicing reader conditional `#?@` must be a vector or a list of the forms to splice, e.g. `#?@(:clj [a b])`.');
        return;
      }
      for (const item of branch.children) this.deliver(item);
      return;
    }
  }

  /** The form of the first `:clj` or `:default` branch, or null when none matches. */
  private activeBranch(cond: CollNode): Node | null {
    const c = cond.children;
    if (c.length % 2 === 1) this.report('syntax-error', c[c.length - 1]!.start, c[c.length - 1]!.end, 'A reader conditional takes feature/form pairs, e.g. `#?(:clj a :default b)`; this feature has no form.');
    for (let i = 0; i + 1 < c.length; i += 2) {
      const k = c[i]!;
      if (k.kind !== 'keyword') {
        this.report('syntax-error', k.start, k.end, 'A reader conditional\'s feature must be a keyword such as `:clj` or `:default`.');
        continue;
      }
      if (k.ns === null && !k.auto && (k.name === 'clj' || k.name === 'default')) return c[i + 1]!;
    }
    return null;
  }

  /** Hands a finished form to the innermost open frame. */
  private deliver(node: Node): void {
    if (this.fType[this.sp]! <= Frame.Coll) {
      this.values[this.vtop++] = node;
      return;
    }
    this.deliverSlow(node);
  }

  /** Completes prefix frames with the form (a quote, metadata, tag, ...) until a collection
   *  or the root takes it. */
  private deliverSlow(node: Node): void {
    for (;;) {
      const s = this.sp;
      switch (this.fType[s]!) {
        case Frame.Root:
        case Frame.Coll:
          this.values[this.vtop++] = node;
          return;
        case Frame.Wrap:
          this.sp--;
          node = s > MAX_DEPTH ? this.errorNode(this.fStart[s]!, node.end) : { kind: this.fName[s] as WrapKind, start: this.fStart[s]!, end: node.end, form: node };
          continue;
        case Frame.Meta: {
          const meta = this.fMeta[s]!;
          if (meta === null) {
            this.fMeta[s] = node;
            return;
          }
          this.sp--;
          this.fMeta[s] = null;
          node = s > MAX_DEPTH ? this.errorNode(this.fStart[s]!, node.end) : { kind: 'meta', start: this.fStart[s]!, end: node.end, meta, form: node };
          continue;
        }
        case Frame.Tagged:
          this.sp--;
          node = s > MAX_DEPTH ? this.errorNode(this.fStart[s]!, node.end) : { kind: 'tagged', start: this.fStart[s]!, end: node.end, tag: this.fName[s]!, form: node };
          continue;
        case Frame.Discard:
          this.sp--;
          return;
        case Frame.Eval: {
          this.sp--;
          const start = this.fStart[s]!;
          this.report('reader-eval-forbidden', start, node.end, 'Reader eval `#=` is not allowed in flow files (the platform reads them with *read-eval* off); write the value itself.');
          node = this.errorNode(start, node.end);
          continue;
        }
      }
    }
  }

  private errorNode(start: number, end: number): Node {
    return { kind: 'error', start, end, text: this.text.slice(start, end) };
  }

  /** Pops prefix frames that never got their form (a closer or the end came first). */
  private abandonPrefixes(): void {
    for (;;) {
      const s = this.sp;
      const type = this.fType[s]!;
      if (type <= Frame.Coll) return;
      this.sp--;
      const start = this.fStart[s]!;
      const end = this.fEnd[s]!;
      switch (type) {
        case Frame.Wrap: {
          const kind = this.fName[s] as WrapKind;
          this.report('syntax-error', start, end, `\`${this.text.slice(start, end)}\` must be followed by a form.`);
          this.deliver({ kind, start, end, form: null });
          break;
        }
        case Frame.Meta: {
          const meta = this.fMeta[s]!;
          this.fMeta[s] = null;
          if (meta === null) {
            this.report('syntax-error', start, start + 1, '`^` must be followed by metadata and a form, e.g. `^{:label "Approve?"} (if ...)`.');
          } else {
            this.report('syntax-error', start, meta.end, 'Metadata must be followed by the form it annotates.');
            this.deliver({ kind: 'meta', start, end: meta.end, meta, form: null });
          }
          break;
        }
        case Frame.Tagged: {
          const tag = this.fName[s]!;
          this.report('syntax-error', start, end, `Tagged literal \`#${tag}\` must be followed by a form.`);
          this.deliver({ kind: 'tagged', start, end, tag, form: null });
          break;
        }
        case Frame.Discard:
          this.report('syntax-error', start, start + 2, '`#_` must be followed by the form to discard.');
          break;
        case Frame.Eval:
          this.report('reader-eval-forbidden', start, start + 2, 'Reader eval `#=` is not allowed in flow files.');
          break;
      }
    }
  }

  /** A closing delimiter at `at`. */
  private close(closer: number, at: number): void {
    this.abandonPrefixes();
    if (this.openCount[closerSlot(closer)] === 0) {
      const ch = String.fromCharCode(closer);
      this.report('unbalanced-delimiter', at, at + 1, `Unmatched \`${ch}\`: nothing open here is closed by it. Remove it, or add the \`${openerText[closer]}\` it should close.`);
      return;
    }
    // The innermost collection this closer matches; everything above it is unclosed.
    let match = this.sp;
    while (this.fType[match] !== Frame.Coll || this.fCloser[match] !== closer) match--;
    if (match < this.sp) this.unwind(match, at);
    const s = this.sp;
    const base = this.fBase[s]!;
    const children = this.values.slice(base, this.vtop);
    this.vtop = base;
    this.sp--;
    this.openCount[closerSlot(closer)]!--;
    let node: Node = { kind: this.fName[s] as CollNode['kind'], start: this.fStart[s]!, end: at + 1, children, closed: true, prefix: this.fPrefix[s]! };
    this.checkMapArity(node as CollNode);
    if (s > MAX_DEPTH) node = this.errorNode(node.start, node.end);
    this.deliverForm(node);
  }

  /**
   * Closes every frame above `keep` for want of its closer (found at `before`: a closer of
   * an outer collection, or the end of the file). Each unclosed collection is reported at
   * its opener and ends before the first child that, by indentation, belongs further out;
   * those children move out, to be judged again by the next frame.
   *
   * Moved children wait in `carry` (reversed: the next in source order is last) rather than
   * being spliced back into the parent's children: a form enters `carry` at most once, and
   * each frame looks only at the forms it keeps plus one, so unwinding stays linear even
   * for thousands of unclosed lines (splicing was quadratic there).
   */
  private unwind(keep: number, before: number): void {
    const carry: Node[] = [];
    while (this.sp > keep) {
      if (this.fType[this.sp] !== Frame.Coll) {
        this.abandonPrefixes(); // only reached with `carry` empty (see below)
        continue;
      }
      this.recoverUnclosed(before, carry);
      // Prefix frames right below take carried forms first, as they would have in the text.
      while (carry.length > 0 && this.fType[this.sp]! > Frame.Coll) this.deliver(carry.pop()!);
    }
    while (carry.length > 0) this.deliver(carry.pop()!);
  }

  private recoverUnclosed(before: number, carry: Node[]): void {
    const s = this.sp;
    this.sp--;
    const closer = this.fCloser[s]!;
    this.openCount[closerSlot(closer)]!--;
    const start = this.fStart[s]!;
    const openEnd = this.fEnd[s]!;
    const openText = this.text.slice(start, openEnd);
    const where = before >= this.n ? 'the end of the file' : `\`${this.text[before]}\` on line ${this.lineOf(before) + 1}`;
    this.report('unbalanced-delimiter', start, openEnd, `Unclosed \`${openText}\`: add the matching \`${String.fromCharCode(closer)}\` (still open at ${where}).`);

    const column = this.columnOf(start);
    const openLine = this.lineOf(start);
    const values = this.values;
    const base = this.fBase[s]!;
    let cut = -1;
    for (let k = base; k < this.vtop; k++) {
      if (this.belongsOutside(values[k]!, column, openLine)) {
        cut = k;
        break;
      }
    }
    if (cut >= 0) {
      for (let k = this.vtop - 1; k >= cut; k--) carry.push(values[k]!);
      this.vtop = cut;
    } else {
      // Forms carried out of inner frames stay here unless they belong further out too.
      while (carry.length > 0 && !this.belongsOutside(carry[carry.length - 1]!, column, openLine)) values[this.vtop++] = carry.pop()!;
    }
    const children = values.slice(base, this.vtop);
    this.vtop = base;
    const last = children[children.length - 1];
    let node: Node = { kind: this.fName[s] as CollNode['kind'], start, end: last ? last.end : openEnd, children, closed: false, prefix: this.fPrefix[s]! };
    this.checkMapArity(node as CollNode);
    if (s > MAX_DEPTH) node = this.errorNode(node.start, node.end);
    this.deliverForm(node);
  }

  /** True when `child` starts a line, on a later line than the opener, at or left of it. */
  private belongsOutside(child: Node, column: number, openLine: number): boolean {
    return this.startsLine(child.start) && this.columnOf(child.start) <= column && this.lineOf(child.start) > openLine;
  }

  /** Map and set literals: an odd number of map forms, and duplicate keys or set items,
   *  which Clojure's reader refuses. Checked here, once per literal, as it closes. */
  private checkMapArity(node: CollNode): void {
    if (node.kind === 'map' && node.children.length % 2 === 1) {
      const key = node.children[node.children.length - 1]!;
      this.report('odd-map-entries', key.start, key.end, `Map literal has an odd number of forms: \`${this.snippet(key)}\` has no value. Add its value or remove it.`);
    }
    if (node.kind !== 'map' && node.kind !== 'set') return;
    const step = node.kind === 'map' ? 2 : 1;
    const c = node.children;
    const n = node.kind === 'map' ? c.length - (c.length % 2) : c.length;
    for (let i = step; i < n; i += step) {
      for (let j = 0; j < i; j += step) {
        if (this.sameKey(c[i]!, c[j]!)) {
          const key = c[i]!;
          const text = this.snippet(key);
          this.report(
            'duplicate-key',
            key.start,
            key.end,
            node.kind === 'map'
              ? `Duplicate key \`${text}\` in this map (first at line ${this.lineOf(c[j]!.start) + 1}); Clojure's reader refuses it. Remove one.`
              : `Duplicate item \`${text}\` in this set literal; Clojure's reader refuses it. Remove one.`,
          );
          break;
        }
      }
    }
  }

  /** Equal literal keys: names are interned, so keywords and symbols compare by identity. */
  private sameKey(a: Node, b: Node): boolean {
    if (a.kind !== b.kind) return false;
    switch (a.kind) {
      case 'keyword':
      case 'symbol':
        return a.name === (b as typeof a).name && a.ns === (b as typeof a).ns && (a.kind === 'symbol' || a.auto === (b as typeof a & { auto: boolean }).auto);
      case 'string':
        return a.value === (b as typeof a).value;
      case 'number':
        return a.value === (b as typeof a).value && a.numberKind === (b as typeof a).numberKind;
      case 'boolean':
        return a.value === (b as typeof a).value;
      case 'nil':
        return true;
      case 'char':
        return a.value === (b as typeof a).value;
      default: {
        // Collections and other forms: equal when their source text is the same.
        const la = a.end - a.start;
        if (la !== b.end - b.start) return false;
        return this.text.startsWith(this.text.slice(a.start, a.end), b.start);
      }
    }
  }

  // ---- positions (only on error paths) -------------------------------------------------

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

  /** Offset after the line break that ends the line containing `from` (comments). */
  private lineEnd(from: number): number {
    const nl = this.text.indexOf('\n', from);
    return nl < 0 ? this.n : nl + 1;
  }

  /** End of the token that starts at `from` (stops at whitespace and terminating macros). */
  private tokenEnd(from: number): number {
    const text = this.text;
    const n = this.n;
    let j = from;
    while (j < n) {
      const c = text.charCodeAt(j);
      if (c < 128 && cls[c]! & TERM) break;
      j++;
    }
    return j;
  }

  private readString(start: number): number {
    const text = this.text;
    const n = this.n;
    let j = start + 1;
    // Fast path: no escapes.
    for (; j < n; j++) {
      const c = text.charCodeAt(j);
      if (c === Ch.Quote) {
        const value = text.slice(start + 1, j);
        this.deliver({ kind: 'string', start, end: j + 1, value, closed: true });
        return j + 1;
      }
      if (c === Ch.Backslash) break;
    }
    // Escapes: the value is built from the runs between them.
    let value = '';
    let run = start + 1;
    while (j < n) {
      const c = text.charCodeAt(j);
      if (c === Ch.Quote) {
        value += text.slice(run, j);
        this.deliver({ kind: 'string', start, end: j + 1, value, closed: true });
        return j + 1;
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
          this.report('syntax-error', j, j + 2, 'Invalid unicode escape: `\\u` needs four hex digits, e.g. `\\u00e9`.');
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
        this.report('syntax-error', j, j + 2, `Invalid escape \`\\${ch}\` in string; use \`\\\\\` for a backslash.`);
        value += ch;
        j += 2;
      }
      run = j;
    }
    value += text.slice(run, n);
    this.report('unterminated-string', start, start + 1, 'String is never closed: add the closing `"`.');
    this.deliver({ kind: 'string', start, end: n, value, closed: false });
    return n;
  }

  private readRegex(start: number): number {
    // `#"..."`: backslash escapes are kept as written.
    const text = this.text;
    let j = start + 2;
    while (j < this.n) {
      const c = text.charCodeAt(j);
      if (c === Ch.Quote) {
        this.deliver({ kind: 'regex', start, end: j + 1, pattern: text.slice(start + 2, j), closed: true });
        return j + 1;
      }
      j += c === Ch.Backslash ? 2 : 1;
    }
    this.report('unterminated-string', start, start + 2, 'Regex literal is never closed: add the closing `"`.');
    this.deliver({ kind: 'regex', start, end: this.n, pattern: text.slice(start + 2), closed: false });
    return this.n;
  }

  private readKeyword(start: number): number {
    const text = this.text;
    const n = this.n;
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
    if (slash < 0 && end > p && text.charCodeAt(p) !== Ch.Colon) {
      this.deliver({ kind: 'keyword', start, end, ns: null, name: this.intern(p, end, hash), auto });
      return end;
    }
    // Rare shapes: qualified, empty, `:::x`, trailing `/`.
    const len = end - p;
    if (len === 0 || text.charCodeAt(p) === Ch.Colon || (text.charCodeAt(end - 1) === Ch.Slash && len > 1)) {
      const stop = Math.max(end, start + 1);
      this.report('syntax-error', start, stop, len === 0 ? 'A keyword needs a name after `:`, e.g. `:order-id`.' : `Invalid keyword \`${text.slice(start, end)}\`.`);
      this.deliver({ kind: 'error', start, end: stop, text: text.slice(start, end) });
      return end;
    }
    if (slash > p && slash < end - 1) {
      this.deliver({ kind: 'keyword', start, end, ns: this.intern(p, slash, nsHash), name: this.intern(slash + 1, end, hash), auto });
    } else {
      this.deliver({ kind: 'keyword', start, end, ns: null, name: text.slice(p, end), auto });
    }
    return end;
  }

  /** The shared string for text[from, to), whose hash the scanner computed. */
  private intern(from: number, to: number, hash: number): string {
    const len = to - from;
    if (len > INTERN_MAX_LEN) return this.text.slice(from, to);
    const names = this.names;
    const mask = this.internMask;
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

  private readChar(start: number): number {
    if (start + 1 >= this.n) {
      this.report('syntax-error', start, start + 1, 'A character literal needs a character after `\\`.');
      this.deliver({ kind: 'error', start, end: this.n, text: '\\' });
      return this.n;
    }
    // The first character is taken whatever it is; named chars continue with token chars.
    const end = this.tokenEnd(start + 2);
    const token = this.text.slice(start + 1, end);
    let value: string | undefined;
    if (token.length === 1) value = token;
    else if (namedChars[token] !== undefined) value = namedChars[token];
    else if (/^u[0-9a-fA-F]{4}$/.test(token)) value = String.fromCharCode(parseInt(token.slice(1), 16));
    else if (/^o[0-7]{1,3}$/.test(token)) value = String.fromCharCode(parseInt(token.slice(1), 8));
    else if (token.length === 2 && token.charCodeAt(0) >= 0xd800 && token.charCodeAt(0) <= 0xdbff) value = token;
    if (value === undefined) {
      this.report('syntax-error', start, end, `Unknown character literal \`\\${token}\`; use \`\\newline\`, \`\\space\`, \`\\tab\`, \`\\uXXXX\` or a single character.`);
      this.deliver(this.errorNode(start, end));
      return end;
    }
    this.deliver({ kind: 'char', start, end, value });
    return end;
  }

  private readDispatch(start: number): number {
    const text = this.text;
    const c = text.charCodeAt(start + 1);
    switch (c) {
      case Ch.LBrace:
        return this.open('set', start, start + 2, Ch.RBrace, null);
      case Ch.LParen:
        return this.open('fn', start, start + 2, Ch.RParen, null);
      case Ch.Quote:
        return this.readRegex(start);
      case Ch.Under:
        this.push(Frame.Discard, start, start + 2);
        return start + 2;
      case Ch.Apos:
        return this.pushWrap('var', start, 2);
      case Ch.Caret:
        // Legacy `#^Type` metadata, the same as `^Type`.
        this.push(Frame.Meta, start, start + 2);
        return start + 2;
      case Ch.Eq:
        this.push(Frame.Eval, start, start + 2);
        return start + 2;
      case Ch.Bang:
        return this.lineEnd(start);
      case Ch.Quest: {
        const splicing = text.charCodeAt(start + 2) === Ch.At;
        const open = start + (splicing ? 3 : 2);
        if (text.charCodeAt(open) === Ch.LParen) return this.open('reader-cond', start, open + 1, Ch.RParen, splicing ? '?@' : '?');
        this.report('syntax-error', start, open, 'A reader conditional is written `#?(:clj ... :default ...)`.');
        return open;
      }
      case Ch.Hash: {
        const end = this.tokenEnd(start + 2);
        const name = text.slice(start + 2, end);
        const value = name === 'Inf' ? Infinity : name === '-Inf' ? -Infinity : name === 'NaN' ? NaN : undefined;
        if (value === undefined) {
          this.report('syntax-error', start, end, `Unknown symbolic value \`##${name}\`; only \`##Inf\`, \`##-Inf\` and \`##NaN\` exist.`);
          this.deliver(this.errorNode(start, end));
        } else {
          this.deliver({ kind: 'symbolic', start, end, value });
        }
        return end;
      }
      case Ch.Colon: {
        // Namespaced map `#:ns{...}`.
        const end = this.tokenEnd(start + 2);
        if (text.charCodeAt(end) === Ch.LBrace && end > start + 2) return this.open('map', start, end + 1, Ch.RBrace, text.slice(start + 2, end));
        this.report('syntax-error', start, Math.max(end, start + 2), 'A namespaced map is written `#:ns{:key value}`.');
        return Math.max(end, start + 2);
      }
      default: {
        if (start + 1 < this.n && !(c < 128 && cls[c]! & TERM)) {
          // Tagged literal: `#inst`, `#env`, `#flow/include`, ...
          const end = this.tokenEnd(start + 1);
          const tag = text.slice(start + 1, end);
          if (/^[A-Za-z]/.test(tag)) {
            const s = this.push(Frame.Tagged, start, end);
            this.fName[s] = tag;
            return end;
          }
          this.report('syntax-error', start, end, `\`#${tag}\` is not a valid tag; tags start with a letter, e.g. \`#inst\`.`);
          this.deliver(this.errorNode(start, end));
          return end;
        }
        this.report('syntax-error', start, start + 1, 'A lone `#` is not valid here; `#` starts `#{...}`, `#(...)`, `#"regex"`, `#_`, `#\'var` or a tag.');
        return start + 1;
      }
    }
  }

  /** Symbols, numbers, `nil`, `true`, `false`. */
  private readToken(start: number): number {
    const text = this.text;
    const n = this.n;
    const c = text.charCodeAt(start);
    if ((c >= Ch.D0 && c <= Ch.D9) || ((c === Ch.Plus || c === Ch.Minus) && isDigit(text.charCodeAt(start + 1)))) {
      return this.readNumber(start);
    }
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
      if (len === 3 && text.startsWith('nil', start)) this.deliver({ kind: 'nil', start, end });
      else if (len === 4 && text.startsWith('true', start)) this.deliver({ kind: 'boolean', start, end, value: true });
      else if (len === 5 && text.startsWith('false', start)) this.deliver({ kind: 'boolean', start, end, value: false });
      else this.deliver({ kind: 'symbol', start, end, ns: null, name: this.intern(start, end, hash) });
    } else if (slash > start && slash < end - 1) {
      this.deliver({ kind: 'symbol', start, end, ns: this.intern(start, slash, nsHash), name: this.intern(slash + 1, end, hash) });
    } else if (len === 1) {
      this.deliver({ kind: 'symbol', start, end, ns: null, name: '/' });
    } else {
      // `/x` or `x/`.
      this.report('syntax-error', start, end, `Invalid symbol \`${text.slice(start, end)}\`.`);
      this.deliver(this.errorNode(start, end));
    }
    return end;
  }

  private readNumber(start: number): number {
    const text = this.text;
    const end = this.tokenEnd(start + 1);
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
    if (j === end && digits <= 15 && !leadingZero) {
      this.deliver({ kind: 'number', start, end, value: sign === Ch.Minus ? -value : value, big: null, numberKind });
      return end;
    }
    this.deliver(this.readNumberSlow(start, end));
    return end;
  }

  private readNumberSlow(start: number, end: number): Node {
    const token = this.text.slice(start, end);
    const m = intRe.exec(token);
    if (m) {
      const neg = m[1] === '-';
      let big: bigint;
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

/** Index of a closing delimiter in `openCount`. */
function closerSlot(closer: number): number {
  return closer === Ch.RParen ? 0 : closer === Ch.RBrack ? 1 : 2;
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
