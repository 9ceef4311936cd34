// Offsets <-> (line, character) for a text, both 0-based as in LSP, characters in UTF-16
// code units. Built once per text (or from the index of an earlier version of it, re-scanning
// only the changed stretch); lookups are binary searches.

import { textChange } from './text-change';

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export class LineIndex {
  private readonly starts: number[];

  constructor(
    readonly text: string,
    starts?: number[],
  ) {
    if (starts === undefined) {
      starts = [0];
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    }
    this.starts = starts;
  }

  /** The index of `text`, a new version of `previous.text`: line starts before the change are
   *  kept, those in it found again, later ones moved (`previous` stays as it was). */
  static edited(previous: LineIndex, text: string): LineIndex {
    const { start: p, oldEnd, newEnd } = textChange(previous.text, text);
    const delta = text.length - previous.text.length;
    const starts = previous.starts;
    // Starts at k follow a line break at k - 1: kept when k <= p, moved when k > oldEnd.
    const keep = firstAbove(starts, p);
    const moved = firstAbove(starts, oldEnd);
    const fresh: number[] = [];
    for (let i = text.indexOf('\n', p); i >= 0 && i < newEnd; i = text.indexOf('\n', i + 1)) fresh.push(i + 1);
    const out = starts.slice();
    out.splice(keep, moved - keep, ...fresh);
    if (delta !== 0) for (let k = keep + fresh.length; k < out.length; k++) out[k]! += delta;
    return new LineIndex(text, out);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo]! };
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }

  offset(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.starts.length) return this.text.length;
    const lineStart = this.starts[position.line]!;
    const lineEnd = position.line + 1 < this.starts.length ? this.starts[position.line + 1]! - 1 : this.text.length;
    return Math.min(lineStart + Math.max(0, position.character), lineEnd);
  }

  /** The text of a line without its line break. */
  lineText(line: number): string {
    const start = this.starts[line] ?? this.text.length;
    const next = this.starts[line + 1];
    const end = next === undefined ? this.text.length : next - 1;
    return this.text.slice(start, end).replace(/\r$/, '');
  }
}

/** Index of the first element above `x` in ascending `xs` (its length when none). */
function firstAbove(xs: number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
