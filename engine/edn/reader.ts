// The EDN/Clojure reader: text -> syntax nodes with offsets, in one linear pass with an
// explicit stack (no recursion, so no depth limit from the JS stack). It never throws: bad
// input yields error nodes and findings, and reading goes on. Unclosed collections are cut
// back by indentation (a child that starts a line at or left of the opener's column belongs
// to the parent), so one missing `)` while typing does not swallow the rest of the file.
// This file is the frame stack (open forms, delivery, closing, recovery, map checks); atoms
// are read by the free functions of `scanner.ts` and `scan-names.ts`.
//
// Speed, warm (design §10: >= 1/2 of JSON.parse, >= 4x edn-data; bench/reader.ts) and in a
// cold command-line process (bench/reader-cold.ts), comes from allocating little besides the
// nodes themselves: open forms live in parallel arrays rather than frame objects; finished
// forms wait on one shared value stack and a collection's children are sliced off it in one
// exact-size copy when it closes; keyword and symbol names are interned; numbers are computed
// from their digits without slicing. And from few bytecodes per form, since a short process
// runs this code in V8's interpreter: the main loop dispatches through a table (one jump),
// hands atoms on and closes collections inline in the common case, and while the process is
// young (`scan-tier.ts`) finds token ends, whitespace runs and names with native helpers
// (sticky regexes, a Map) instead of per-character loops. The output does not depend on any
// of this: test/edn/reader-reference.test.ts pins it to the reader as it was before.
//
import type { Finding } from './findings';
import type { CollNode, Node, WrapNode } from './nodes';
import { LineIndex } from './positions';
import { Ch, cls, lineEnd, scanChar, scanRegex, scanString, scanSymbolic, TERM, tokenEnd, WS, WS_RE, type Report } from './scanner';
import { Interner, scanKeyword, scanKeywordByLoop, scanToken, scanTokenByLoop } from './scan-names';
import { nativeScan } from './scan-tier';

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
export const MAX_FINDINGS = 200;

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

/** What the main loop does on a character: a table, so that its switch is one jump (a switch
 *  on sparse character codes is a chain of compares in the interpreter). */
const enum Act {
  Token = 0, Ws, Keyword, Str, List, Vector, Map, Close, Comment, Quote, Backtick, Tilde, At, Caret, Char, Hash,
}
const act = new Uint8Array(128);
for (let c = 0; c < 128; c++) if (cls[c]! & WS) act[c] = Act.Ws;
for (const [ch, a] of [[':', Act.Keyword], ['"', Act.Str], ['(', Act.List], ['[', Act.Vector], ['{', Act.Map], [')', Act.Close], [']', Act.Close], ['}', Act.Close], [';', Act.Comment], ["'", Act.Quote], ['`', Act.Backtick], ['~', Act.Tilde], ['@', Act.At], ['^', Act.Caret], ['\\', Act.Char], ['#', Act.Hash]] as const) act[ch.charCodeAt(0)] = a;

/** Reads a whole file. Never throws. */
export function readEdn(text: string): ParsedFile {
  return new Reader(text).read();
}

/** Offsets where the reader stood at the top level with nothing open or pending (ascending,
 *  0 first): reading from one of them depends on nothing before it. Kept beside each file the
 *  reader produced (not a field, so that parsed files stay plain data) for `incremental.ts`. */
const syncPoints = new WeakMap<ParsedFile, number[]>();

export function syncPointsOf(parsed: ParsedFile): number[] | undefined {
  return syncPoints.get(parsed);
}

export function setSyncPoints(parsed: ParsedFile, syncs: number[]): void {
  syncPoints.set(parsed, syncs);
}

/** What reading `text` from the sync point `from` up to `stop` gave: the top-level forms,
 *  findings and sync points in that range, and whether the reader stopped exactly at `stop`
 *  at the top level (`synced`); a `stop` at the end of the text reads the file's end too. */
export interface RangeRead {
  forms: Node[];
  findings: Finding[];
  syncs: number[];
  synced: boolean;
}

export function readEdnRange(text: string, from: number, stop: number): RangeRead {
  return new Reader(text).readRange(from, stop);
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

  /** Interned keyword and symbol names. */
  private readonly names: Interner;
  /** `report` for the scanner's free functions. */
  private readonly reportFn: Report = (code, start, end, message) => this.report(code, start, end, message);

  private lines: LineIndex | null = null;

  constructor(private readonly text: string) {
    this.n = text.length;
    this.names = new Interner(text);
  }

  read(): ParsedFile {
    const syncs: number[] = [0];
    this.loop(0, this.n, syncs);
    this.unwind(0, this.n);
    this.findings.sort((a, b) => a.start - b.start || a.end - b.end);
    const parsed = { text: this.text, forms: this.values.slice(0, this.vtop), findings: this.findings };
    syncPoints.set(parsed, syncs);
    return parsed;
  }

  readRange(from: number, stop: number): RangeRead {
    const syncs: number[] = [];
    const i = this.loop(from, stop, syncs);
    let synced = i === stop && this.sp === 0;
    if (stop >= this.n) {
      this.unwind(0, this.n);
      synced = true;
    }
    this.findings.sort((a, b) => a.start - b.start || a.end - b.end);
    return { forms: this.values.slice(0, this.vtop), findings: this.findings, syncs, synced };
  }

  /** The main loop from `i` (a sync point) while before `stop`; records in `syncs` each point
   *  after a form where nothing is open. Returns where it stopped. Atoms are handed on here
   *  (the common case of `deliver` written out): this loop runs once per form. */
  private loop(i: number, stop: number, syncs: number[]): number {
    const text = this.text;
    const n = stop;
    const names = this.names;
    const report = this.reportFn;
    const values = this.values;
    const fType = this.fType;
    const native = nativeScan;
    while (i < n) {
      const c = text.charCodeAt(i);
      let node: Node;
      switch (c < 128 ? act[c]! : Act.Token) {
        case Act.Ws:
          // A run (a line break and its indentation) in one native scan, or one tight loop; it
          // may not pass `stop`.
          i++;
          if (native) {
            if (i < n && text.charCodeAt(i) <= Ch.Space) {
              WS_RE.lastIndex = i;
              WS_RE.test(text);
              i = WS_RE.lastIndex < n ? WS_RE.lastIndex : n;
            }
          } else {
            while (i < n) {
              const d = text.charCodeAt(i);
              if (d >= 128 || !(cls[d]! & WS)) break;
              i++;
            }
          }
          continue;
        case Act.Keyword:
          node = native ? scanKeyword(text, i, names, report) : scanKeywordByLoop(text, i, names, report);
          break;
        case Act.Str:
          node = scanString(text, i, report);
          break;
        case Act.List:
          i = this.open('list', i, i + 1, Ch.RParen, null);
          continue;
        case Act.Vector:
          i = this.open('vector', i, i + 1, Ch.RBrack, null);
          continue;
        case Act.Map:
          i = this.open('map', i, i + 1, Ch.RBrace, null);
          continue;
        case Act.Close:
          this.close(c, i);
          i++;
          if (this.sp === 0 && syncs[syncs.length - 1] !== i) syncs.push(i);
          continue;
        case Act.Comment:
          i = lineEnd(text, i);
          if (this.sp === 0 && syncs[syncs.length - 1] !== i) syncs.push(i);
          continue;
        case Act.Quote:
          i = this.pushWrap('quote', i, 1);
          continue;
        case Act.Backtick:
          i = this.pushWrap('syntax-quote', i, 1);
          continue;
        case Act.Tilde:
          i = text.charCodeAt(i + 1) === Ch.At ? this.pushWrap('unquote-splicing', i, 2) : this.pushWrap('unquote', i, 1);
          continue;
        case Act.At:
          i = this.pushWrap('deref', i, 1);
          continue;
        case Act.Caret:
          this.push(Frame.Meta, i, i + 1);
          i++;
          continue;
        case Act.Char:
          node = scanChar(text, i, report);
          break;
        case Act.Hash:
          i = this.readDispatch(i);
          if (this.sp === 0 && syncs[syncs.length - 1] !== i) syncs.push(i);
          continue;
        default:
          node = native ? scanToken(text, i, names, report) : scanTokenByLoop(text, i, names, report);
      }
      if (fType[this.sp]! <= Frame.Coll) values[this.vtop++] = node;
      else this.deliverSlow(node);
      i = node.end;
      if (this.sp === 0 && syncs[syncs.length - 1] !== i) syncs.push(i);
    }
    return i;
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
    // `push` written out (this runs once per collection); a collection's frame needs no `fMeta`.
    const s = ++this.sp;
    if (s === MAX_DEPTH + 1) this.report('syntax-error', start, contentStart, `Nesting deeper than ${MAX_DEPTH} levels is not supported; flatten this data.`);
    this.fType[s] = Frame.Coll;
    this.fStart[s] = start;
    this.fEnd[s] = contentStart;
    this.fBase[s] = this.vtop;
    this.fCloser[s] = closer;
    this.fName[s] = kind;
    this.fPrefix[s] = prefix;
    this.openCount[closer === Ch.RParen ? 0 : closer === Ch.RBrack ? 1 : 2]!++;
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
    const s = this.sp;
    if (this.fType[s] !== Frame.Coll || this.fCloser[s] !== closer) return this.closeOther(closer, at);
    // The common case: it closes the innermost frame, a collection.
    const base = this.fBase[s]!;
    const children = this.values.slice(base, this.vtop);
    this.vtop = base;
    this.sp = s - 1;
    this.openCount[closer === Ch.RParen ? 0 : closer === Ch.RBrack ? 1 : 2]!--;
    const kind = this.fName[s] as CollNode['kind'];
    let node: Node = { kind, start: this.fStart[s]!, end: at + 1, children, closed: true, prefix: this.fPrefix[s]! };
    // A map of one entry (or none) and a set of one item can have neither problem.
    if (kind === 'map' ? children.length > 2 || children.length === 1 : kind === 'set' && children.length > 1) this.checkMapArity(node as CollNode);
    if (s > MAX_DEPTH) node = this.errorNode(node.start, node.end);
    else if (kind === 'reader-cond') return this.deliverForm(node);
    if (this.fType[s - 1]! <= Frame.Coll) this.values[this.vtop++] = node;
    else this.deliverSlow(node);
  }

  /** A closer with prefix frames before it, or closing an outer collection, or nothing. */
  private closeOther(closer: number, at: number): void {
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
      const key = c[i]!;
      for (let j = 0; j < i; j += step) {
        const other = c[j]!;
        // Keywords (nearly every key) compared here, without a call per pair.
        if (key.kind === 'keyword' ? other.kind === 'keyword' && key.name === other.name && key.ns === other.ns && key.auto === other.auto : this.sameKey(key, other)) {
          const text = this.snippet(key);
          this.report(
            'duplicate-key',
            key.start,
            key.end,
            node.kind === 'map'
              ? `Duplicate key \`${text}\` in this map (first at line ${this.lineOf(other.start) + 1}); Clojure's reader refuses it. Remove one.`
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

  // ---- dispatch -----------------------------------------------------------------------

  /** Hands a scanned atom on and returns where reading goes on. */
  private take(node: Node): number {
    this.deliver(node);
    return node.end;
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
        return this.take(scanRegex(text, start, this.reportFn));
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
        return lineEnd(text, start);
      case Ch.Quest: {
        const splicing = text.charCodeAt(start + 2) === Ch.At;
        const open = start + (splicing ? 3 : 2);
        if (text.charCodeAt(open) === Ch.LParen) return this.open('reader-cond', start, open + 1, Ch.RParen, splicing ? '?@' : '?');
        this.report('syntax-error', start, open, 'A reader conditional is written `#?(:clj ... :default ...)`.');
        return open;
      }
      case Ch.Hash:
        return this.take(scanSymbolic(text, start, this.reportFn));
      case Ch.Colon: {
        // Namespaced map `#:ns{...}`.
        const end = tokenEnd(text, start + 2);
        if (text.charCodeAt(end) === Ch.LBrace && end > start + 2) return this.open('map', start, end + 1, Ch.RBrace, text.slice(start + 2, end));
        this.report('syntax-error', start, Math.max(end, start + 2), 'A namespaced map is written `#:ns{:key value}`.');
        return Math.max(end, start + 2);
      }
      default: {
        if (start + 1 < this.n && !(c < 128 && cls[c]! & TERM)) {
          // Tagged literal: `#inst`, `#env`, `#flow/include`, ...
          const end = tokenEnd(text, start + 1);
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
}

/** Index of a closing delimiter in `openCount`. */
function closerSlot(closer: number): number {
  return closer === Ch.RParen ? 0 : closer === Ch.RBrack ? 1 : 2;
}
