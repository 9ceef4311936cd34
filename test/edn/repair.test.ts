// Delimiter repair by indentation on the broken files of the reader's fuzz corpus: each kind of
// delimiter damage to every example flow is repaired so the text reads with no delimiter
// findings and every line keeps its indentation; random mutations either repair the same way
// or say why not; balanced text is left alone. Plus `flow-edn repair` as a user runs it.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { readEdn } from '../../engine/edn/reader';
import { repairDelimiters, repairEdits } from '../../engine/edn/repair';
import { mutate, mutation } from './mutations';
import { exampleFlows, repoRoot } from './support';

const examples = exampleFlows().filter((e) => e.name.startsWith('examples/'));

const delimiterFindings = (text: string) => readEdn(text).findings.filter((f) => f.code === 'unbalanced-delimiter');
/** Where a line's code starts: past its indentation and any closers that lead it (indent
 *  mode moves leading closers to the line above; the code stays in its column). */
const codeColumn = (line: string) => /^[ \t)\]}]*/.exec(line)![0].length;
const indent = (line: string) => /^[ \t]*/.exec(line)![0];

/** The repair's promises on one broken text that it repaired. */
function assertRepaired(before: string, after: string, what: string): void {
  assert.deepEqual(delimiterFindings(after), [], `${what}: delimiters still unbalanced`);
  const a = before.split('\n');
  const b = after.split('\n');
  assert.equal(b.length, a.length, `${what}: line count`);
  for (let i = 0; i < a.length; i++) {
    // A line of closers only may move up to the line above; a comment after stray closers
    // moves left with them; code keeps its column.
    if (b[i]!.trim() === '' || b[i]!.trimStart().startsWith(';')) continue;
    const leading = /^[ \t]*([)\]}]*)/.exec(a[i]!)![1]!.length;
    if (leading === 0) assert.equal(indent(b[i]!), indent(a[i]!), `${what}: line ${i + 1} re-indented`);
    else {
      // Closers leading a line go up to the line above; the code moves left by at most them.
      const moved = codeColumn(a[i]!) - codeColumn(b[i]!);
      assert.ok(moved >= 0 && moved <= leading, `${what}: line ${i + 1} moved ${moved} columns`);
    }
  }
  // The edits of the quick fix turn the old text into the repaired one.
  let text = before;
  for (const e of [...repairEdits(before, after)].reverse()) text = text.slice(0, e.start) + e.newText + text.slice(e.end);
  assert.equal(text, after, `${what}: edits`);
  assert.equal(repairDelimiters(after).changed, false, `${what}: a second repair changes nothing`);
}

/** Every kind of delimiter damage at every delimiter position the reader reads as code. */
function damages(text: string): { what: string; text: string }[] {
  const out: { what: string; text: string }[] = [];
  const parsed = readEdn(text);
  const positions: { at: number; ch: string }[] = [];
  const stack = [...parsed.forms];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if ('children' in n) {
      positions.push({ at: n.start + (n.prefix === null ? (n.kind === 'set' || n.kind === 'fn' ? 1 : 0) : 0), ch: text[n.start]! });
      if (n.closed) positions.push({ at: n.end - 1, ch: text[n.end - 1]! });
      stack.push(...n.children);
    } else if ('form' in n && n.form) stack.push(n.form);
    if (n.kind === 'meta') stack.push(n.meta);
  }
  for (const { at, ch } of positions) {
    if (!'()[]{}'.includes(text[at]!)) continue;
    out.push({ what: `delete ${ch} at ${at}`, text: text.slice(0, at) + text.slice(at + 1) });
    if (')]}'.includes(text[at]!)) {
      out.push({ what: `duplicate ${ch} at ${at}`, text: text.slice(0, at) + text[at] + text.slice(at) });
      const swap = text[at] === ')' ? ']' : ')';
      out.push({ what: `wrong closer at ${at}`, text: text.slice(0, at) + swap + text.slice(at + 1) });
    }
  }
  // A whole line's trailing closers deleted, as when a line is edited in the middle.
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const m = /[)\]}]+\s*$/.exec(line);
    if (m && !line.trimStart().startsWith(';')) out.push({ what: `trailing closers of line ${i + 1}`, text: [...lines.slice(0, i), line.slice(0, m.index), ...lines.slice(i + 1)].join('\n') });
  });
  return out;
}

describe('delimiter repair', () => {
  test('balanced text is left alone', () => {
    for (const e of examples) assert.deepEqual(repairDelimiters(e.text), { text: e.text, changed: false, problem: null });
  });

  test('every kind of delimiter damage to every example is repaired by indentation', (t) => {
    let repaired = 0;
    let broken = 0;
    for (const e of examples) {
      for (const d of damages(e.text)) {
        if (delimiterFindings(d.text).length === 0) continue; // e.g. a swapped closer that still pairs
        broken++;
        const r = repairDelimiters(d.text);
        assert.equal(r.problem, null, `${e.name} ${d.what}: ${r.problem}`);
        assertRepaired(d.text, r.text, `${e.name} ${d.what}`);
        repaired++;
      }
    }
    t.diagnostic(`${repaired} of ${broken} damaged files repaired`);
    assert.ok(broken > 500, `${broken} damaged files`);
  });

  test('mutated example flows (the reader fuzz corpus): repaired by indentation, or a reason', (t) => {
    let repaired = 0;
    let refused = 0;
    fc.assert(
      fc.property(fc.nat({ max: examples.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 8 }), (which, muts) => {
        const text = mutate(examples[which]!.text, muts);
        const r = repairDelimiters(text);
        if (delimiterFindings(text).length === 0) {
          assert.equal(r.changed, false);
          return;
        }
        if (r.problem !== null) {
          // Only a string left open refuses: the closers cannot be told from the string's text.
          assert.equal(r.text, text);
          assert.match(r.problem, /closing quote/, r.problem);
          assert.ok(readEdn(text).findings.some((f) => f.code === 'unterminated-string'), `refused without an open string: ${r.problem}`);
          refused++;
          return;
        }
        assertRepaired(text, r.text, JSON.stringify(muts));
        repaired++;
      }),
      { seed: 42, numRuns: 1500 },
    );
    t.diagnostic(`mutations with unbalanced delimiters: ${repaired} repaired, ${refused} refused (a string left open)`);
    assert.ok(repaired > 500, `${repaired} repaired`);
  });

  test('every prefix of an example (typing it from the start): repaired, or a string left open', () => {
    const text = examples.reduce((a, b) => (b.text.length > a.text.length ? b : a)).text;
    let repaired = 0;
    for (let k = 1; k <= text.length; k += 5) {
      const prefix = text.slice(0, k);
      if (delimiterFindings(prefix).length === 0) continue;
      const r = repairDelimiters(prefix);
      if (r.problem !== null) {
        assert.ok(readEdn(prefix).findings.some((f) => f.code === 'unterminated-string'), `prefix ${k}: ${r.problem}`);
        continue;
      }
      assertRepaired(prefix, r.text, `prefix ${k}`);
      repaired++;
    }
    assert.ok(repaired > 500, `${repaired} prefixes repaired`);
  });

  test('quotes inside comments do not stop the repair, and come back unchanged', () => {
    const text = '{:slug :t ; say "hi\n :flow \'(let [x (inc 1 ; an odd " here\n              y 2]\n          x)}';
    const r = repairDelimiters(text);
    assert.equal(r.problem, null);
    assertRepaired(text, r.text, 'comment quotes');
    assert.ok(r.text.includes('(inc 1) ; an odd " here'), r.text);
  });

  test('an unclosed string is refused with a reason, the text unchanged', () => {
    const text = '{:slug :t\n :name "T\n :flow \'(let [x 1] x)';
    const r = repairDelimiters(text);
    assert.equal(r.changed, false);
    assert.match(r.problem ?? '', /quote|string/i);
  });
});

describe('flow-edn repair', () => {
  const cli = join(repoRoot(), 'out', 'cli.js');
  const run = (args: string[], cwd: string) => spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
  const broken = "{:slug :t\n :name \"T\"\n :concurrency {:type :singleton :on-new-version :supersede}\n :flow '(let [x (inc 1\n              y 2]\n          (+ x y)\n :schedules []}\n";

  test('prints a unified diff by default and changes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flow-edn-repair-'));
    writeFileSync(join(dir, 'a.flow.edn'), broken);
    const r = run(['repair', 'a.flow.edn'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(join(dir, 'a.flow.edn'), 'utf8'), broken);
    assert.match(r.stdout, /^--- a\/a\.flow\.edn\n\+\+\+ b\/a\.flow\.edn\n@@ -1,7 \+1,7 @@\n/);
    assert.match(r.stdout, /^- :flow '\(let \[x \(inc 1$/m);
    assert.match(r.stdout, /^\+ :flow '\(let \[x \(inc 1\)$/m);
    assert.match(r.stdout, /^\+ {10}\(\+ x y\)\)$/m);
  });

  test('--write writes the repair; a file with nothing to repair is left as is', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flow-edn-repair-'));
    writeFileSync(join(dir, 'a.flow.edn'), broken);
    const r = run(['repair', '--write', 'a.flow.edn'], dir);
    assert.equal(r.status, 0, r.stderr);
    const fixed = readFileSync(join(dir, 'a.flow.edn'), 'utf8');
    assert.deepEqual(delimiterFindings(fixed), []);
    assert.ok(fixed.includes("(let [x (inc 1)\n              y 2]\n          (+ x y))\n :schedules []}"), fixed);
    const again = run(['repair', '--write', 'a.flow.edn'], dir);
    assert.equal(again.status, 0);
    assert.match(again.stderr, /nothing to repair/);
  });

  test('an unrepairable file exits 1 naming the file; a missing file exits 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flow-edn-repair-'));
    writeFileSync(join(dir, 'b.flow.edn'), '{:slug :t :name "T\n :flow (let [x 1]');
    const r = run(['repair', 'b.flow.edn'], dir);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^b\.flow\.edn: cannot repair/);
    assert.equal(run(['repair', 'nope.flow.edn'], dir).status, 2);
  });
});
