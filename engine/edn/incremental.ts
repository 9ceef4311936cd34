// Incremental re-read: the parse of a new version of a text from the parse of an earlier one,
// re-reading only the stretch between the two top-level sync points around the change (the
// places where the reader stood with nothing open). The result is exactly what `readEdn`
// gives for the new text (same nodes, offsets and findings), or the full read when it cannot
// be proved so cheaply: the change reopens a form, runs a string or comment past the stretch,
// the finding cap is near, or a finding after the change quotes a line number that moved.

import type { Node } from './nodes';
import { readEdn, readEdnRange, setSyncPoints, syncPointsOf, MAX_FINDINGS, type ParsedFile } from './reader';

/** How the last `readEdnIncremental` was answered (for benches and tests). */
export const incrementalStats = { incremental: 0, full: 0 };

/** Reads `text`, re-using `base` (the parse of an earlier version) where the change allows. */
export function readEdnIncremental(base: ParsedFile, text: string): ParsedFile {
  const result = tryIncremental(base, text);
  if (result !== null) {
    incrementalStats.incremental++;
    return result;
  }
  incrementalStats.full++;
  return readEdn(text);
}

function tryIncremental(base: ParsedFile, text: string): ParsedFile | null {
  const old = base.text;
  const syncs = syncPointsOf(base);
  if (syncs === undefined || base.findings.length >= MAX_FINDINGS) return null;
  if (old === text) return base;
  // The changed stretch: old[p, oldEnd) became text[p, newEnd).
  const minLen = Math.min(old.length, text.length);
  let p = 0;
  while (p < minLen && old.charCodeAt(p) === text.charCodeAt(p)) p++;
  let s = 0;
  while (s < minLen - p && old.charCodeAt(old.length - 1 - s) === text.charCodeAt(text.length - 1 - s)) s++;
  const oldEnd = old.length - s;
  const delta = text.length - old.length;

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
  if (later > 0 && newlines(old, p, oldEnd) !== newlines(text, p, text.length - s)) {
    for (let k = findingsAfter; k < base.findings.length; k++) if (/line \d/.test(base.findings[k]!.message)) return null;
  }

  const forms = base.forms.slice(0, formsBefore);
  for (const f of range.forms) forms.push(f);
  for (let k = formsAfter; k < base.forms.length; k++) forms.push(delta === 0 ? base.forms[k]! : shifted(base.forms[k]!, delta));
  const findings = base.findings.slice(0, findingsBefore);
  for (const f of range.findings) findings.push(f);
  for (let k = findingsAfter; k < base.findings.length; k++) {
    const f = base.findings[k]!;
    findings.push(delta === 0 ? f : { ...f, start: f.start + delta, end: f.end + delta });
  }
  const newSyncs = syncs.slice(0, r + 1);
  if (newSyncs.length === 0) newSyncs.push(0);
  for (const x of range.syncs) if (x > newSyncs[newSyncs.length - 1]!) newSyncs.push(x);
  // The stop itself is one only when the re-read reached it by a form, as a full read records.
  for (let k = e + 1; k < syncs.length; k++) {
    const x = syncs[k]! + delta;
    if (x > newSyncs[newSyncs.length - 1]!) newSyncs.push(x);
  }
  const parsed: ParsedFile = { text, forms, findings };
  setSyncPoints(parsed, newSyncs);
  return parsed;
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

