// Maps positions inside a string's value back to offsets in the source, so findings about
// text inside a string (function code, template variables) point at the exact characters
// even when the string holds escapes such as `\n` or `\"`.

import type { StringNode } from './nodes';

/** Returns `at(i)`: the source offset of the value's i-th UTF-16 unit (i may equal length). */
export function stringOffsets(text: string, node: StringNode): (index: number) => number {
  const starts: number[] = [];
  let j = node.start + 1;
  const end = node.closed ? node.end - 1 : node.end;
  let simple = true;
  while (j < end) {
    starts.push(j);
    if (text.charCodeAt(j) === 92 /* \ */) {
      simple = false;
      const e = text[j + 1];
      if (e === 'u') j += 6;
      else if (e !== undefined && e >= '0' && e <= '7') {
        let k = j + 1;
        while (k < j + 4 && text[k]! >= '0' && text[k]! <= '7') k++;
        j = k;
      } else j += 2;
    } else j++;
  }
  if (simple) return (i) => Math.min(node.start + 1 + i, end);
  return (i) => (i < starts.length ? starts[i]! : end);
}

/** Offset of (line, column) — 1-based line, 0-based column — inside a multi-line value. */
export function valueIndexOf(value: string, line: number, column: number): number {
  let index = 0;
  for (let l = 1; l < line; l++) {
    const nl = value.indexOf('\n', index);
    if (nl < 0) return value.length;
    index = nl + 1;
  }
  return Math.min(index + column, value.length);
}
