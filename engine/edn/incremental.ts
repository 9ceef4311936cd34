// Incremental re-read: the parse of a new version of a text from the parse of an earlier one.
// A change strictly inside one closed collection (a map entry, a body form) re-reads that
// collection alone; otherwise the stretch between the two top-level sync points around the
// change (where the reader stood with nothing open) is read again. Later nodes move by the
// length difference. The result is exactly what `readEdn` gives for the new text (same nodes,
// offsets and findings), or the full read when that cannot be proved cheaply (the change
// reopens a form or runs a string past the stretch, the finding cap is near, a later finding
// quotes a line number that moved, ...). `test/edn/incremental.test.ts` checks it.

import type { Finding } from './findings';
import { childrenOf, isColl, type CollNode, type Node, type StringNode } from './nodes';
import { scanString } from './scanner';
import { textChange, type TextChange } from './text-change';
import { readEdn, readEdnRange, setSyncPoints, syncPointsOf, MAX_DEPTH, MAX_FINDINGS, type ParsedFile } from './reader';

/** How often `readEdnIncremental` re-read one string (`string`), one collection (`inside`),
 *  the stretch between two top-level sync points (`incremental`), or the whole text (`full`). */
export const incrementalStats = { incremental: 0, inside: 0, string: 0, full: 0 };

/** Reads `text`, re-using `base` (the parse of an earlier version) where the change allows.
 *  With `consume`, the nodes of `base` after the change are moved in place rather than
 *  copied (no allocation for them): `base` is handed over and must not be used again. */
export function readEdnIncremental(base: ParsedFile, text: string, options: { consume?: boolean } = {}): ParsedFile {
  inPlace = options.consume === true;
  if (base.text === text && syncPointsOf(base) !== undefined && base.findings.length < MAX_FINDINGS) return base;
  const change = textChange(base.text, text);
  const result = tryIncremental(base, text, change);
  if (result !== null) {
    edits.set(result, { base, change });
    return result;
  }
  incrementalStats.full++;
  return readEdn(text);
}

/** The parse each incremental read started from and what changed: nodes outside the change
 *  are the base's own (moved), so a check of the base can be reused (check/incremental.ts). */
const edits = new WeakMap<ParsedFile, { base: ParsedFile; change: TextChange }>();

export function editOf(parsed: ParsedFile): { base: ParsedFile; change: TextChange } | undefined {
  return edits.get(parsed);
}

/** Set for one call: later nodes are moved in place (the base is consumed). */
let inPlace = false;

function tryIncremental(base: ParsedFile, text: string, change: TextChange): ParsedFile | null {
  const old = base.text;
  const syncs = syncPointsOf(base);
  if (syncs === undefined || base.findings.length >= MAX_FINDINGS) return null;
  // The changed stretch: old[p, oldEnd) became text[p, newEnd).
  const { start: p, oldEnd, newEnd } = change;
  const delta = text.length - old.length;
  const inString = tryInsideString(base, syncs, text, p, oldEnd, delta);
  if (inString !== null) {
    incrementalStats.string++;
    return inString;
  }
  const nested = tryInsideForm(base, syncs, text, p, oldEnd, delta);
  if (nested !== null) {
    incrementalStats.inside++;
    return nested;
  }

  // Restart at the last sync point well before the change (the reader may have looked one
  // character past a form's end), stop at the first sync point after it.
  const r = lastBelow(syncs, p - 1);
  const from = r >= 0 ? syncs[r]! : 0;
  let e = r + 1;
  while (e < syncs.length && syncs[e]! <= oldEnd) e++;
  // A stop at the end of the text reads the file's end (unclosed forms) again, so nothing after.
  const toEnd = e >= syncs.length || syncs[e]! >= old.length;
  if (toEnd) e = syncs.length;
  const oldStop = toEnd ? old.length : syncs[e]!;
  const stop = toEnd ? text.length : oldStop + delta;

  const range = readEdnRange(text, from, stop);
  if (!range.synced) return null;

  // Forms and findings before `from` stay; those from `oldStop` on move by `delta`.
  const formsBefore = firstAtOrAfter(base.forms, from);
  const formsAfter = toEnd ? base.forms.length : firstAtOrAfter(base.forms, oldStop);
  const findingsBefore = firstAtOrAfter(base.findings, from);
  const findingsAfter = toEnd ? base.findings.length : firstAtOrAfter(base.findings, oldStop);
  const later = base.findings.length - findingsAfter;
  if (findingsBefore + range.findings.length + later >= MAX_FINDINGS) return null;
  if (later > 0 && newlines(old, p, oldEnd) !== newlines(text, p, newEnd)) {
    for (let k = findingsAfter; k < base.findings.length; k++) if (/line \d/.test(base.findings[k]!.message)) return null;
  }

  const forms = spliceForms(base.forms, formsBefore, formsAfter, range.forms, delta);
  const findings = base.findings.slice(0, findingsBefore);
  for (const f of range.findings) findings.push(f);
  for (let k = findingsAfter; k < base.findings.length; k++) {
    const f = base.findings[k]!;
    findings.push(delta === 0 ? f : { ...f, start: f.start + delta, end: f.end + delta });
  }
  // Sync points: those up to `from` stay, the re-read's replace the ones up to the stop (the
  // stop itself is one only when the re-read reached it by a form, as a full read records),
  // later ones move. All of the re-read's lie after `from` and before the later ones.
  const fresh = r < 0 ? [0, ...range.syncs] : range.syncs;
  const newSyncs = spliceNumbers(syncs, r + 1, Math.min(e + 1, syncs.length), fresh, delta);
  incrementalStats.incremental++;
  const parsed: ParsedFile = { text, forms, findings };
  setSyncPoints(parsed, newSyncs);
  return parsed;
}

/**
 * The cheapest case: a change strictly inside the quotes of a string (typing in a label, a
 * message, a template). The string alone is scanned again; the same as a full read when it
 * still ends where the old one ended (moved by `delta`), its ancestors are closed, and no
 * parent compares it (a map key, a set item), reads it as metadata or a tag's value.
 */
function tryInsideString(base: ParsedFile, syncs: number[], text: string, p: number, oldEnd: number, delta: number): ParsedFile | null {
  const path: Node[] = [];
  const index: number[] = [];
  let siblings = base.forms;
  for (;;) {
    const k = lastStartingAtOrBefore(siblings, p);
    if (k < 0) return null;
    const node = siblings[k]!;
    if (node.end <= oldEnd) return null;
    path.push(node);
    index.push(k);
    if (node.kind === 'string') break;
    if (isColl(node) && !node.closed) return null;
    siblings = childrenOf(node);
    if (siblings.length === 0) return null;
  }
  const old = path[path.length - 1]! as StringNode;
  if (!old.closed || p <= old.start || oldEnd >= old.end) return null;
  const depth = path.length - 1;
  if (depth > 0) {
    const parent = path[depth - 1]!;
    if (parent.kind === 'set' || parent.kind === 'tagged' || parent.kind === 'reader-cond' || (parent.kind === 'map' && index[depth]! % 2 === 0)) return null;
    if (parent.kind === 'meta' && parent.meta === old) return null;
  }
  if (base.text.includes('#?')) return null;
  const n = text.length;
  const found: Finding[] = [];
  const fresh = scanString(text, old.start, (code, start, end, message) => {
    found.push({ code, severity: 'error', start, end: Math.max(end, start + 1 > n ? n : start + 1), message });
  });
  if (!fresh.closed || fresh.end !== old.end + delta) return null;

  return putInPlace(base, syncs, text, p, oldEnd, delta, path, index, fresh, found);
}

/**
 * A change strictly inside one closed collection (an entry of the top-level map, a form of
 * the `:flow` body, ...) whose ancestors are all closed: that collection alone is read again,
 * as a top-level form, and put in its place. The same as a full read when the re-read gives
 * one form ending where the old one ended (moved by `delta`), with no closer that matched
 * nothing (in place it might have closed an ancestor), at a depth below the limit, and when
 * no parent compares it as a key (map keys, set items) or decides it as a reader conditional.
 */
function tryInsideForm(base: ParsedFile, syncs: number[], text: string, p: number, oldEnd: number, delta: number): ParsedFile | null {
  // Reader conditionals and forms cut back from an unclosed collection were read under frames
  // that the tree does not show.
  if (base.text.includes('#?')) return null;
  for (const f of base.findings) if (f.code === 'unbalanced-delimiter') return null;
  // The path from a top-level form down to the deepest closed collection holding the change.
  const path: Node[] = [];
  const index: number[] = [];
  let siblings = base.forms;
  let target: CollNode | null = null;
  for (;;) {
    const k = lastStartingAtOrBefore(siblings, p);
    if (k < 0) break;
    const node = siblings[k]!;
    if (node.end <= oldEnd) break;
    path.push(node);
    index.push(k);
    if (isColl(node)) {
      if (!node.closed) return null;
      if (p >= contentStart(node) && oldEnd < node.end) target = node;
      else break;
    }
    const inner = childrenOf(node);
    if (inner.length === 0) break;
    siblings = inner;
  }
  if (target === null) return null;
  // Cut the path at the target; its parent must not compare it.
  const depth = path.indexOf(target);
  path.length = depth + 1;
  index.length = depth + 1;
  for (let d = 1; d <= depth; d++) {
    const parent = path[d - 1]!;
    if (parent.kind === 'set' || (parent.kind === 'map' && index[d]! % 2 === 0)) return null;
    if (parent.kind === 'meta' && parent.meta === path[d]) return null;
  }
  for (const node of path) if (isColl(node) && !node.closed) return null;

  const from = target.start;
  const stop = target.end + delta;
  const range = readEdnRange(text, from, stop);
  if (!range.synced || range.forms.length !== 1) return null;
  const fresh = range.forms[0]!;
  if (fresh.start !== from || fresh.end !== stop) return null;
  for (const f of range.findings) if (f.code === 'unbalanced-delimiter') return null;
  if (depth + maxDepth(fresh) >= MAX_DEPTH - 2) return null;

  return putInPlace(base, syncs, text, p, oldEnd, delta, path, index, fresh, range.findings);
}

/**
 * The re-read `fresh` (with its findings) put where the last node of `path` was (`index`: each
 * node's place among its siblings), its ancestors rebuilt and later forms, findings and sync
 * points moved by `delta`; null when a finding outside it would change too.
 */
function putInPlace(base: ParsedFile, syncs: number[], text: string, p: number, oldEnd: number, delta: number, path: Node[], index: number[], fresh: Node, freshFindings: readonly Finding[]): ParsedFile | null {
  const depth = path.length - 1;
  const old = path[depth]!;
  const findingsBefore = firstAtOrAfter(base.findings, old.start);
  const findingsAfter = firstAtOrAfter(base.findings, old.end);
  // A finding about a form around the old one (it quotes its text) would change too.
  for (let k = 0; k < findingsBefore; k++) if (base.findings[k]!.end > old.start) return null;
  const later = base.findings.length - findingsAfter;
  if (findingsBefore + freshFindings.length + later >= MAX_FINDINGS) return null;
  if (later > 0 && newlines(base.text, p, oldEnd) !== newlines(text, p, oldEnd + delta)) {
    for (let k = findingsAfter; k < base.findings.length; k++) if (/line \d/.test(base.findings[k]!.message)) return null;
  }

  // Rebuild the path bottom-up: each ancestor gets the new child, and its later children move.
  let node: Node = fresh;
  for (let d = depth - 1; d >= 0; d--) node = withChild(path[d]!, index[d + 1]!, node, delta);
  const top = index[0]!;
  const forms = spliceForms(base.forms, top, top + 1, [node], delta);
  const findings = base.findings.slice(0, findingsBefore);
  for (const f of freshFindings) findings.push(f);
  for (let k = findingsAfter; k < base.findings.length; k++) {
    const f = base.findings[k]!;
    findings.push(delta === 0 ? f : { ...f, start: f.start + delta, end: f.end + delta });
  }
  const firstMoved = lastBelow(syncs, old.start + 1) + 1;
  const parsed: ParsedFile = { text, forms, findings };
  setSyncPoints(parsed, spliceNumbers(syncs, firstMoved, firstMoved, [], delta));
  return parsed;
}

/** `xs` with the items from `from` up to `to` replaced by `fresh`, the later ones moved. */
function spliceNumbers(xs: number[], from: number, to: number, fresh: number[], delta: number): number[] {
  const out = inPlace ? xs : xs.slice();
  if (fresh.length !== to - from) out.splice(from, to - from, ...fresh);
  else for (let k = 0; k < fresh.length; k++) out[from + k] = fresh[k]!;
  if (delta !== 0) for (let k = from + fresh.length; k < out.length; k++) out[k] += delta;
  return out;
}

/** `forms` with those from `from` up to `to` replaced by `fresh`, the later ones moved. */
function spliceForms(forms: Node[], from: number, to: number, fresh: Node[], delta: number): Node[] {
  if (!inPlace) {
    const out = forms.slice(0, from);
    for (const f of fresh) out.push(f);
    for (let k = to; k < forms.length; k++) out.push(delta === 0 ? forms[k]! : shifted(forms[k]!, delta));
    return out;
  }
  if (fresh.length === to - from) for (let k = 0; k < fresh.length; k++) forms[from + k] = fresh[k]!;
  else forms.splice(from, to - from, ...fresh);
  if (delta !== 0) for (let k = from + fresh.length; k < forms.length; k++) moveInPlace(forms[k]!, delta);
  return forms;
}

/** Moves `node` and everything in it by `delta`, in place. */
function moveInPlace(node: Node, delta: number): void {
  node.start += delta;
  node.end += delta;
  switch (node.kind) {
    case 'list':
    case 'vector':
    case 'map':
    case 'set':
    case 'fn':
    case 'reader-cond': {
      const c = node.children;
      for (let k = 0; k < c.length; k++) moveInPlace(c[k]!, delta);
      return;
    }
    case 'quote':
    case 'syntax-quote':
    case 'unquote':
    case 'unquote-splicing':
    case 'deref':
    case 'var':
    case 'tagged':
      if (node.form) moveInPlace(node.form, delta);
      return;
    case 'meta':
      moveInPlace(node.meta, delta);
      if (node.form) moveInPlace(node.form, delta);
      return;
  }
}

/** `parent` with its child number `k` (in `childrenOf` order) replaced, later ones moved. */
function withChild(parent: Node, k: number, child: Node, delta: number): Node {
  if (inPlace) return withChildInPlace(parent, k, child, delta);
  const end = parent.end + delta;
  switch (parent.kind) {
    case 'list':
    case 'vector':
    case 'map':
    case 'set':
    case 'fn':
    case 'reader-cond': {
      const c = parent.children;
      const children = new Array<Node>(c.length);
      for (let j = 0; j < k; j++) children[j] = c[j]!;
      children[k] = child;
      for (let j = k + 1; j < c.length; j++) children[j] = delta === 0 ? c[j]! : shifted(c[j]!, delta);
      return { kind: parent.kind, start: parent.start, end, children, closed: parent.closed, prefix: parent.prefix };
    }
    case 'quote':
    case 'syntax-quote':
    case 'unquote':
    case 'unquote-splicing':
    case 'deref':
    case 'var':
      return { kind: parent.kind, start: parent.start, end, form: child };
    case 'meta':
      return k === 0 ? { kind: 'meta', start: parent.start, end, meta: child, form: parent.form && shifted(parent.form, delta) } : { kind: 'meta', start: parent.start, end, meta: parent.meta, form: child };
    case 'tagged':
      return { kind: 'tagged', start: parent.start, end, tag: parent.tag, form: child };
    default:
      return parent;
  }
}

function withChildInPlace(parent: Node, k: number, child: Node, delta: number): Node {
  parent.end += delta;
  if (isColl(parent)) {
    const c = parent.children;
    c[k] = child;
    if (delta !== 0) for (let j = k + 1; j < c.length; j++) moveInPlace(c[j]!, delta);
  } else if (parent.kind === 'meta') {
    if (k === 0) {
      parent.meta = child;
      if (parent.form && delta !== 0) moveInPlace(parent.form, delta);
    } else parent.form = child;
  } else if (parent.kind !== 'error' && 'form' in parent) parent.form = child;
  return parent;
}

/** Where a collection's children begin (after `(`, `#{`, `#(`, `#:ns{`). */
function contentStart(node: CollNode): number {
  if (node.kind === 'set' || node.kind === 'fn') return node.start + 2;
  if (node.kind === 'map' && node.prefix !== null) return node.start + node.prefix.length + 3;
  return node.start + 1;
}

/** The number of nested levels of forms in `node` (1 for an atom). */
function maxDepth(node: Node): number {
  let max = 0;
  const stack: [Node, number][] = [[node, 1]];
  while (stack.length > 0) {
    const [n, d] = stack.pop()!;
    if (d > max) max = d;
    for (const c of childrenOf(n)) stack.push([c, d + 1]);
  }
  return max;
}

/** Index of the last span starting at or before `at` (spans sorted by start), or -1. */
function lastStartingAtOrBefore(spans: Node[], at: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (spans[mid]!.start <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Index of the last element below `limit` in ascending `xs`, or -1. */
function lastBelow(xs: number[], limit: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! < limit) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Index of the first span starting at or after `at` (spans sorted by start). */
function firstAtOrAfter(spans: { start: number }[], at: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (spans[mid]!.start < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function newlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let k = from; k < to; k++) if (text.charCodeAt(k) === 10) count++;
  return count;
}

/** A copy of `node` and everything in it moved by `delta` (the earlier tree stays intact). */
function shifted(node: Node, delta: number): Node {
  const start = node.start + delta;
  const end = node.end + delta;
  switch (node.kind) {
    case 'list':
    case 'vector':
    case 'map':
    case 'set':
    case 'fn':
    case 'reader-cond': {
      const c = node.children;
      const children = new Array<Node>(c.length);
      for (let k = 0; k < c.length; k++) children[k] = shifted(c[k]!, delta);
      return { kind: node.kind, start, end, children, closed: node.closed, prefix: node.prefix };
    }
    case 'quote':
    case 'syntax-quote':
    case 'unquote':
    case 'unquote-splicing':
    case 'deref':
    case 'var':
      return { kind: node.kind, start, end, form: node.form && shifted(node.form, delta) };
    case 'meta':
      return { kind: 'meta', start, end, meta: shifted(node.meta, delta), form: node.form && shifted(node.form, delta) };
    case 'tagged':
      return { kind: 'tagged', start, end, tag: node.tag, form: node.form && shifted(node.form, delta) };
    default:
      return { ...node, start, end };
  }
}

