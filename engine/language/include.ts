// `#flow/include "path"` expansion, as the platform does it at lint, push and run: the tag and
// its string are replaced by the included file's text (itself expanded), recursively, relative
// to the including file, refusing absolute paths, paths leaving the root flow's folder and
// cycles; tags inside strings, comments and `#_`-discarded forms stay as written. A segment map
// takes every offset of the expanded text back to its file.

import { readFileSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';

const TAG = '#flow/include';

/** A stretch of the expanded text copied from one file. */
export interface Segment {
  start: number;
  end: number;
  file: string;
  /** Offset in `file` of the segment's first character. */
  fileStart: number;
  /** In the root file, the include directive this stretch came through (null for root text). */
  via: { start: number; end: number } | null;
}

export interface IncludeProblem {
  file: string;
  start: number;
  end: number;
  message: string;
}

export interface ExpandedSource {
  text: string;
  segments: Segment[];
  /** Every file read, the root first, with its text. */
  files: Map<string, string>;
  problems: IncludeProblem[];
}

export type ReadText = (absPath: string) => string | null;

const readText: ReadText = (p) => {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return null;
  }
};

function realPath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

/** True when the text has an include tag anywhere (a cheap test before expanding). */
export function hasIncludes(text: string): boolean {
  return text.includes(TAG);
}

const delimiters = new Set([' ', '\t', '\r', '\n', ',', '(', ')', '[', ']', '{', '}', '"', ';', "'", '`', '~', '@', '^']);

/** Expands the includes of `text`, read from `path` (absolute or relative to the cwd). */
export function expandIncludes(path: string, text: string, read: ReadText = readText): ExpandedSource {
  const root = resolve(path);
  const rootDir = realPath(dirname(root));
  const out: ExpandedSource = { text: '', segments: [], files: new Map([[root, text]]), problems: [] };
  const parts: string[] = [];
  let length = 0;
  const emit = (file: string, src: string, from: number, to: number, via: Segment['via']) => {
    if (to <= from) return;
    parts.push(src.slice(from, to));
    out.segments.push({ start: length, end: length + (to - from), file, fileStart: from, via });
    length += to - from;
  };

  const expand = (file: string, src: string, stack: string[], via: Segment['via']): void => {
    const scan = new Scanner(src);
    let copied = 0;
    for (;;) {
      const at = scan.nextInclude();
      if (at < 0) break;
      const pathStart = scan.skipBlank(at + TAG.length);
      const lit = src[pathStart] === '"' ? scan.stringEnd(pathStart) : -1;
      if (lit < 0) {
        out.problems.push({ file, start: at, end: at + TAG.length, message: `\`${TAG}\` must be followed by a string path, e.g. \`${TAG} "steps.edn"\`.` });
        continue;
      }
      const directive = { start: at, end: lit };
      const target = src.slice(pathStart + 1, lit - 1).replace(/\\(.)/g, '$1');
      const where = via ?? directive;
      const fail = (message: string) => out.problems.push({ file, start: directive.start, end: directive.end, message });
      scan.pos = lit;
      if (isAbsolute(target)) {
        fail(`Absolute include paths are not allowed: "${target}". Write the path relative to this file.`);
        continue;
      }
      const abs = realPath(resolve(dirname(file), target));
      const rel = relative(rootDir, abs);
      if (rel === '..' || rel.startsWith('..' + sep) || isAbsolute(rel)) {
        fail(`The include "${target}" leaves the root flow's folder; keep included files beside or below the flow file.`);
        continue;
      }
      if (stack.includes(abs)) {
        fail(`Include cycle: ${[...stack, abs].map((p) => relative(rootDir, p) || p).join(' -> ')}. Remove one of the includes.`);
        continue;
      }
      const included = out.files.get(abs) ?? read(abs);
      if (included === null) {
        fail(`Cannot read the included file "${target}" (${abs}).`);
        continue;
      }
      out.files.set(abs, included);
      emit(file, src, copied, at, via);
      expand(abs, included, [...stack, abs], where);
      copied = lit;
    }
    emit(file, src, copied, src.length, via);
  };
  expand(root, text, [root], null);
  out.text = parts.join('');
  return out;
}

/** Where a span of the expanded text is: in one file when it lies in one segment, else at the
 *  root's include directive that holds its start (or the root text around it). */
export function locate(src: ExpandedSource, start: number, end: number): { file: string; start: number; end: number } {
  const seg = segmentAt(src.segments, start);
  if (seg === undefined) return { file: [...src.files.keys()][0]!, start, end };
  const last = end > start ? segmentAt(src.segments, end - 1) : seg;
  if (last !== undefined && last.file === seg.file && last.via === seg.via) {
    return { file: seg.file, start: seg.fileStart + (start - seg.start), end: last.fileStart + (end - last.start) };
  }
  const root = [...src.files.keys()][0]!;
  const s = seg.via ? seg.via.start : seg.fileStart + (start - seg.start);
  const e = last === undefined ? s : last.via ? last.via.end : last.fileStart + (end - last.start);
  return { file: root, start: s, end: Math.max(s, e) };
}

function segmentAt(segments: Segment[], offset: number): Segment | undefined {
  let lo = 0;
  let hi = segments.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = segments[mid]!;
    if (offset < s.start) hi = mid - 1;
    else if (offset >= s.end) lo = mid + 1;
    else return s;
  }
  return segments[segments.length - 1];
}

/** Finds include tags outside strings, comments, character literals and discarded forms. */
class Scanner {
  pos = 0;
  constructor(private readonly src: string) {}

  nextInclude(): number {
    const s = this.src;
    while (this.pos < s.length) {
      const i = this.pos;
      const c = s[i]!;
      if (c === ';') this.pos = this.lineEnd(i);
      else if (c === '"') this.pos = Math.max(this.stringEnd(i), i + 1);
      else if (c === '\\') this.pos = i + 2;
      else if (c === '#' && s[i + 1] === '_') this.pos = this.discardEnd(i + 2);
      else if (c === '#' && s.startsWith(TAG, i) && (i === 0 || delimiters.has(s[i - 1]!)) && (i + TAG.length >= s.length || delimiters.has(s[i + TAG.length]!))) {
        this.pos = i + TAG.length;
        return i;
      } else this.pos = i + 1;
    }
    return -1;
  }

  skipBlank(i: number): number {
    const s = this.src;
    for (;;) {
      while (i < s.length && (s[i] === ' ' || s[i] === '\t' || s[i] === '\r' || s[i] === '\n' || s[i] === ',')) i++;
      if (s[i] === ';') i = this.lineEnd(i);
      else return i;
    }
  }

  lineEnd(i: number): number {
    const n = this.src.indexOf('\n', i);
    return n < 0 ? this.src.length : n + 1;
  }

  /** End (exclusive) of the string starting at `i`, or -1 when it never closes. */
  stringEnd(i: number): number {
    const s = this.src;
    for (let j = i + 1; j < s.length; j++) {
      if (s[j] === '\\') j++;
      else if (s[j] === '"') return j + 1;
    }
    return -1;
  }

  /** End of the form a `#_` at `i` discards (nested `#_` discard their own forms first). */
  discardEnd(i: number): number {
    const s = this.src;
    i = this.skipBlank(i);
    if (s.startsWith('#_', i)) i = this.skipBlank(this.discardEnd(i + 2));
    while (i < s.length && (s[i] === "'" || s[i] === '`' || s[i] === '@' || s[i] === '~')) i++;
    if (s[i] === '^') return this.discardEnd(this.formEnd(i + 1));
    return this.formEnd(i);
  }

  /** End of one form at `i`, by delimiter counting (strings, comments and chars skipped). */
  formEnd(i: number): number {
    const s = this.src;
    i = this.skipBlank(i);
    while (s[i] === '#' && i + 1 < s.length && !'{(_"\'?'.includes(s[i + 1]!)) {
      // a tag such as #inst or #flow/include: the tag, then its form
      let j = i + 1;
      while (j < s.length && !delimiters.has(s[j]!)) j++;
      i = this.skipBlank(j);
    }
    if (s[i] === '#') i++;
    if (s[i] === '?') i += s[i + 1] === '@' ? 2 : 1;
    if (s[i] === '"') return Math.max(this.stringEnd(i), i + 1);
    if (s[i] === '\\') {
      let j = i + 2;
      while (j < s.length && !delimiters.has(s[j]!)) j++;
      return j;
    }
    if (s[i] === '(' || s[i] === '[' || s[i] === '{') {
      let depth = 0;
      for (let j = i; j < s.length; j++) {
        const c = s[j]!;
        if (c === '"') j = Math.max(this.stringEnd(j), j + 1) - 1;
        else if (c === ';') j = this.lineEnd(j) - 1;
        else if (c === '\\') j++;
        else if (c === '(' || c === '[' || c === '{') depth++;
        else if (c === ')' || c === ']' || c === '}') {
          depth--;
          if (depth === 0) return j + 1;
        }
      }
      return s.length;
    }
    let j = i;
    while (j < s.length && !delimiters.has(s[j]!)) j++;
    return Math.max(j, i + 1);
  }
}
