// A unified diff (`diff -u` shape, three lines of context) of two texts. Built for repairs,
// which change lines in place: lines are paired by position when the counts agree, otherwise
// the changed middle (after the common head and tail) is one hunk.

const CONTEXT = 3;

export function unifiedDiff(path: string, before: string, after: string): string {
  // A final newline ends the last line; it does not start another.
  const a = linesOf(before);
  const b = linesOf(after);
  const out = path.startsWith('/') ? [`--- ${path}`, `+++ ${path}`] : [`--- a/${path}`, `+++ b/${path}`];
  if (a.length !== b.length) {
    let head = 0;
    while (head < a.length && head < b.length && a[head] === b[head]) head++;
    let tail = 0;
    while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
    out.push(...hunk(a, b, head, a.length - tail, head, b.length - tail));
    return out.join('\n');
  }
  const changed = a.map((line, i) => line !== b[i]);
  let i = 0;
  while (i < a.length) {
    if (!changed[i]) {
      i++;
      continue;
    }
    let end = i + 1;
    for (;;) {
      let next = end;
      while (next < a.length && !changed[next]) next++;
      if (next < a.length && next - end <= 2 * CONTEXT) end = next + 1;
      else break;
    }
    out.push(...hunk(a, b, i, end, i, end));
    i = end;
  }
  return out.join('\n');
}

/** One hunk: lines [aFrom, aTo) of `a` replaced by [bFrom, bTo) of `b`, with context. */
function hunk(a: string[], b: string[], aFrom: number, aTo: number, bFrom: number, bTo: number): string[] {
  const pre = Math.max(0, aFrom - CONTEXT);
  const postA = Math.min(a.length, aTo + CONTEXT);
  const postB = bTo + (postA - aTo);
  const lines = [`@@ -${pre + 1},${postA - pre} +${bFrom - (aFrom - pre) + 1},${postB - (bFrom - (aFrom - pre))} @@`];
  for (let k = pre; k < aFrom; k++) lines.push(' ' + a[k]);
  if (aTo - aFrom === bTo - bFrom) {
    // Paired lines: unchanged ones inside the hunk are context.
    for (let k = 0; k < aTo - aFrom; k++) {
      const x = a[aFrom + k]!;
      const y = b[bFrom + k]!;
      if (x === y) lines.push(' ' + x);
      else lines.push('-' + x, '+' + y);
    }
  } else {
    for (let k = aFrom; k < aTo; k++) lines.push('-' + a[k]);
    for (let k = bFrom; k < bTo; k++) lines.push('+' + b[k]);
  }
  for (let k = aTo; k < postA; k++) lines.push(' ' + a[k]);
  return lines;
}

function linesOf(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
