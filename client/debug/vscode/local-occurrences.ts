// Where the locals of a paused frame appear in the flow text, for inline values: symbol tokens
// (not keywords, not inside `;` comments) named like a local, the first of each name per line.
// Function code held in strings counts too (its symbols are code). No `vscode`; tested in Node.

export interface Occurrence {
  name: string;
  line: number;
  /** Column of the token's first character. */
  character: number;
}

/** Characters that end a symbol token (whitespace, delimiters, quotes, reader prefixes). */
const DELIMITER = /[\s,()[\]{}"'`~^@;\\]/;

/**
 * Occurrences of `names` on lines `fromLine..toLine` (0-based, inclusive). The text is read
 * from its start so that a string or comment open before `fromLine` is known.
 */
export function localOccurrences(text: string, names: ReadonlySet<string>, fromLine: number, toLine: number): Occurrence[] {
  const found: Occurrence[] = [];
  let line = 0;
  let lineStart = 0;
  let inString = false;
  let seen = new Set<string>();
  let i = 0;
  while (i < text.length && line <= toLine) {
    const c = text[i]!;
    if (c === '\n') {
      line++;
      lineStart = i + 1;
      seen = new Set();
      i++;
      continue;
    }
    if (c === '\\') {
      // An escape in a string, or a character literal (\a, \newline) outside one: never a symbol.
      i += 2;
      while (!inString && i < text.length && !DELIMITER.test(text[i]!)) i++;
      continue;
    }
    if (c === '"') {
      inString = !inString;
      i++;
      continue;
    }
    if (c === ';' && !inString) {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (DELIMITER.test(c)) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < text.length && !DELIMITER.test(text[end]!)) end++;
    const token = text.slice(i, end);
    if (line >= fromLine && token[0] !== ':' && names.has(token) && !seen.has(token)) {
      seen.add(token);
      found.push({ name: token, line, character: i - lineStart });
    }
    i = end;
  }
  return found;
}

/** A value for one line of inline text: cut to `max` characters. */
export function inlineText(name: string, value: string, max = 60): string {
  const flat = value.replace(/\s+/g, ' ');
  return `${name} = ${flat.length > max ? `${flat.slice(0, max - 1)}…` : flat}`;
}
