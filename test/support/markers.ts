// Test text with markers: `|` marks the caret, `|...|` a range (the first pair found).
// Write `||` for a literal bar. One helper turns marked text into text plus offsets.

export interface Marked {
  text: string;
  /** Offsets of every single `|` in the cleaned text, in order. */
  carets: number[];
}

/** Removes every `|` (keeping `||` as a literal `|`) and returns their offsets. */
export function parseMarkers(source: string): Marked {
  let text = '';
  const carets: number[] = [];
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '|') {
      if (source[i + 1] === '|') {
        text += '|';
        i++;
      } else {
        carets.push(text.length);
      }
      continue;
    }
    text += ch;
  }
  return { text, carets };
}

/** Text with exactly one caret. */
export function withCaret(source: string): { text: string; offset: number } {
  const { text, carets } = parseMarkers(source);
  if (carets.length !== 1) throw new Error(`expected one | caret, found ${carets.length} in: ${source}`);
  return { text, offset: carets[0]! };
}

/** Text with one `|range|`. */
export function withRange(source: string): { text: string; start: number; end: number } {
  const { text, carets } = parseMarkers(source);
  if (carets.length !== 2) throw new Error(`expected a |range| (two bars), found ${carets.length} in: ${source}`);
  return { text, start: carets[0]!, end: carets[1]! };
}
