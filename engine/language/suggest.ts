// Did-you-mean: the closest names to a misspelt one, by edit distance (with transpositions),
// so messages and quick fixes can offer `:fetch-risk` for `:fetch-riks`.

/** Optimal string alignment distance (Damerau-Levenshtein without repeated edits). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const m = a.length;
  const n = b.length;
  if (m === 0) return n;
  if (n === 0) return m;
  let prev2: number[] = new Array(n + 1).fill(0);
  let prev: number[] = Array.from({ length: n + 1 }, (_, j) => j);
  let cur: number[] = new Array(n + 1).fill(0);
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n]!;
}

/** Candidates close enough to `name` to be what was meant, best first (at most `limit`). */
export function suggest(name: string, candidates: Iterable<string>, limit = 3): string[] {
  const max = Math.max(1, Math.min(3, Math.floor(name.length / 3)));
  const scored: { c: string; d: number }[] = [];
  for (const c of candidates) {
    if (c === name) continue;
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    const shared = commonPrefix(name, c);
    const prefix = c.startsWith(name) || name.startsWith(c) || (shared >= 4 && shared >= 0.6 * Math.min(name.length, c.length));
    if (d <= max || (prefix && Math.min(c.length, name.length) >= 3)) scored.push({ c, d: prefix ? Math.min(d, max) : d });
  }
  scored.sort((x, y) => x.d - y.d || (x.c < y.c ? -1 : 1));
  return [...new Set(scored.map((s) => s.c))].slice(0, limit);
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
