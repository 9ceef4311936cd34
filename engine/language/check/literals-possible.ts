// Whether any string of a text can draw a literal lint (check/literals.ts), answered from the
// text alone: most files hold no string near the large-inline-string limit and no `ws-`, and
// then the walk over every node of the file finds nothing and is skipped. Conservative: a
// `true` only means the walk must look.

/**
 * A string whose value is longer than `limit`, or whose value holds `ws-`, may be in `text`.
 *
 * Long strings: a string's opening and closing quotes are unescaped quotes (not preceded by an
 * odd run of backslashes) with no unescaped quote between them, so they are neighbours among
 * the text's unescaped quotes; its value is no longer than the gap between them (escapes only
 * shorten). An unclosed string runs to the end of the text. Other unescaped quotes (regexes,
 * comments, a `\\` character before a string) only split gaps further.
 *
 * `ws-` in a value: each of its three characters comes from itself or from an escape. Escapes
 * `\uXXXX` and octal ones can make any character; every other escape makes one of `"\` and
 * the controls, or (an invalid escape, reported by the reader) the character after the
 * backslash. So without `\u` and octal escapes, a value holding `ws-` means the text holds
 * `ws-` once its backslashes are removed.
 */
export function literalFindingPossible(text: string, limit: number): boolean {
  const backslash = text.indexOf('\\') >= 0;
  if (longStringPossible(text, limit, backslash)) return true;
  if (text.includes('ws-')) return true;
  if (!backslash) return false;
  if (/\\[uU0-7]/.test(text)) return true;
  return text.replaceAll('\\', '').includes('ws-');
}

function longStringPossible(text: string, limit: number, backslash: boolean): boolean {
  if (text.length <= limit) return false;
  let last = -1;
  for (let q = text.indexOf('"'); q >= 0; q = text.indexOf('"', q + 1)) {
    if (backslash && escaped(text, q)) continue;
    if (last >= 0 && q - last - 1 > limit) return true;
    last = q;
  }
  return last >= 0 && text.length - last - 1 > limit;
}

/** True when the character at `at` follows an odd run of backslashes. */
function escaped(text: string, at: number): boolean {
  let k = at - 1;
  while (k >= 0 && text.charCodeAt(k) === 92) k--;
  return (at - 1 - k) % 2 === 1;
}
