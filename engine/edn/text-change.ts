// Where two versions of a text differ: the common prefix and suffix, compared in chunks (one
// string comparison per chunk, much faster than a character loop on texts of 100s of KB).

export interface TextChange {
  /** old[start, oldEnd) became new[start, newEnd). */
  start: number;
  oldEnd: number;
  newEnd: number;
}

const CHUNK = 2048;

export function textChange(old: string, text: string): TextChange {
  const minLen = Math.min(old.length, text.length);
  let p = 0;
  while (p + CHUNK <= minLen && old.slice(p, p + CHUNK) === text.slice(p, p + CHUNK)) p += CHUNK;
  while (p < minLen && old.charCodeAt(p) === text.charCodeAt(p)) p++;
  // Suffix: never overlapping the prefix in either text.
  const room = minLen - p;
  let s = 0;
  while (s + CHUNK <= room && old.slice(old.length - s - CHUNK, old.length - s) === text.slice(text.length - s - CHUNK, text.length - s)) s += CHUNK;
  while (s < room && old.charCodeAt(old.length - 1 - s) === text.charCodeAt(text.length - 1 - s)) s++;
  return { start: p, oldEnd: old.length - s, newEnd: text.length - s };
}
