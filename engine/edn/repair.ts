// Delimiter repair by indentation, as the platform's `flows paren-repair` does it: parinfer's
// indent mode infers every closer from the author's indentation and never moves a line, so
// the repaired text keeps the indentation. Edits are the changed stretches only.

import { indentMode } from 'parinfer';
import { readEdn } from './reader';

export interface Repair {
  /** The repaired text (the input when nothing needed or could be repaired). */
  text: string;
  changed: boolean;
  /** Why the text could not be repaired (an unclosed string, say), or null. */
  problem: string | null;
}

const delimiterCodes = new Set(['unbalanced-delimiter']);

/** True when the reader finds unbalanced delimiters in the text. */
export function hasDelimiterProblems(text: string): boolean {
  return readEdn(text).findings.some((f) => delimiterCodes.has(f.code));
}

export function repairDelimiters(text: string): Repair {
  if (!hasDelimiterProblems(text)) return { text, changed: false, problem: null };
  // A closer inside a line that closes nothing open (a `]` typed for a `)`) stops indent mode;
  // it is dropped and the closers are inferred again, as the platform's fallback repair does.
  // Quotes inside comments are masked while parinfer works (it refuses an odd count there)
  // and put back after: comments are text, not code.
  const masked = maskCommentQuotes(text);
  let current = masked.text;
  for (let attempt = 0; attempt < MAX_STRAY_CLOSERS; attempt++) {
    const result = indentMode(current);
    if (result.success) {
      const repaired = masked.restore(result.text);
      if (repaired === null || hasDelimiterProblems(repaired)) return { text, changed: false, problem: 'the delimiters could not be inferred from the indentation' };
      return { text: repaired, changed: repaired !== text, problem: null };
    }
    const e = result.error;
    if (e === undefined || (e.name !== 'unmatched-close-paren' && e.name !== 'leading-close-paren')) {
      return { text, changed: false, problem: e ? `${e.message} (line ${e.lineNo + 1}, column ${e.x + 1})` : 'parinfer could not repair the text' };
    }
    const at = lineStart(current, e.lineNo) + e.x;
    current = current.slice(0, at) + current.slice(at + 1);
  }
  return { text, changed: false, problem: `more than ${MAX_STRAY_CLOSERS} closers close nothing; remove the stray ones by hand` };
}

const MAX_STRAY_CLOSERS = 50;

/** The text with `"` inside `;` comments replaced by `'`, and how to put them back: per line,
 *  the comment (unchanged by parinfer, which only moves closers before it) is restored. */
function maskCommentQuotes(text: string): { text: string; restore: (repaired: string) => string | null } {
  const comments = new Map<number, { masked: string; original: string }>();
  let out = '';
  let line = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') line++;
    if (inString) {
      if (c === '\\') {
        out += c + (text[i + 1] ?? '');
        if (text[i + 1] === '\n') line++;
        i++;
        continue;
      }
      if (c === '"') inString = false;
      out += c;
      continue;
    }
    if (c === '\\') {
      out += c + (text[i + 1] ?? '');
      i++;
      continue;
    }
    if (c === '"') inString = true;
    if (c === ';') {
      let end = text.indexOf('\n', i);
      if (end < 0) end = text.length;
      const original = text.slice(i, end);
      if (original.includes('"')) {
        const m = original.replace(/"/g, "'");
        comments.set(line, { masked: m, original });
        out += m;
      } else out += original;
      i = end - 1;
      continue;
    }
    out += c;
  }
  if (comments.size === 0) return { text, restore: (r) => r };
  return {
    text: out,
    restore: (repaired) => {
      const lines = repaired.split('\n');
      for (const [l, c] of comments) {
        const at = lines[l]?.lastIndexOf(c.masked) ?? -1;
        if (at < 0) return null;
        lines[l] = lines[l]!.slice(0, at) + c.original + lines[l]!.slice(at + c.masked.length);
      }
      return lines.join('\n');
    },
  };
}

function lineStart(text: string, line: number): number {
  let at = 0;
  for (let l = 0; l < line; l++) at = text.indexOf('\n', at) + 1;
  return at;
}

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/** Edits turning `before` into `after`: per line when the repair kept the line count (it
 *  always does: parinfer never adds or joins lines), else one edit around the change. */
export function repairEdits(before: string, after: string): TextEdit[] {
  const a = before.split('\n');
  const b = after.split('\n');
  if (a.length !== b.length) return [minimalEdit(before, after, 0)];
  const edits: TextEdit[] = [];
  let offset = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) edits.push(minimalEdit(a[i]!, b[i]!, offset));
    offset += a[i]!.length + 1;
  }
  return edits;
}

/** The smallest single edit turning `before` into `after` (offsets shifted by `base`). */
function minimalEdit(before: string, after: string, base: number): TextEdit {
  let p = 0;
  const max = Math.min(before.length, after.length);
  while (p < max && before.charCodeAt(p) === after.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && before.charCodeAt(before.length - 1 - s) === after.charCodeAt(after.length - 1 - s)) s++;
  return { start: base + p, end: base + before.length - s, newText: after.slice(p, after.length - s) };
}
