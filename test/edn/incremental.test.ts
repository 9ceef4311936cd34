// Property tests for the incremental re-read: for random documents (the example flows, the
// reader fuzz corpus's broken files, documents of many small top-level forms) and random
// edits, re-reading from the previous version's parse gives exactly what a full read gives:
// the same nodes, offsets, findings and sync points. Fixed seeds keep failures reproducible.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readEdn, syncPointsOf, type ParsedFile } from '../../engine/edn/reader';
import { incrementalStats, readEdnIncremental } from '../../engine/edn/incremental';
import { LineIndex } from '../../engine/edn/positions';
import { exampleFlows } from './support';
import { fragments, mutate, mutation } from './mutations';

function assertSameRead(incremental: ParsedFile, text: string, context: () => string): void {
  const full = readEdn(text);
  assert.equal(incremental.text, text);
  try {
    assert.deepStrictEqual(incremental.forms, full.forms);
    assert.deepStrictEqual(incremental.findings, full.findings);
    assert.deepStrictEqual(syncPointsOf(incremental), syncPointsOf(full));
  } catch (e) {
    assert.fail(`${(e as Error).message}\n${context()}`);
  }
}

/** One edit: replace `len` characters at `at` by `s` (positions wrap around the text). */
const edit = fc.record({
  at: fc.nat({ max: 1 << 20 }),
  len: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 12 })),
  s: fc.oneof(fc.constantFrom(...fragments, '', 'x', 'ab', '1', ' :b 2', '"\n"', ')\n(', '}\n{:a 1'), fc.string({ maxLength: 4 })),
});
type Edit = { at: number; len: number; s: string };

function apply(text: string, e: Edit): string {
  const at = text.length === 0 ? 0 : e.at % (text.length + 1);
  return text.slice(0, at) + e.s + text.slice(at + e.len);
}

const topLevelForms = ['{:a 1}', '(x)', '"a', '"a"', '[1 2]', ';c', '#_ (d)', "'(q)", '^:m {:k 1}', '#?(:clj (a) :cljs (b))', '#?@(:clj [a b])', '{:a 1 :a 2}', '(un', ')', ']', '#inst "x"', ':kw', 'sym', '\\c', '{:k (f\n  [1 2]\n :j 3}', '#{1 1}', '~@x', '#_', '^'];
const manyForms = fc
  .array(fc.tuple(fc.constantFrom(...topLevelForms), fc.constantFrom(' ', '\n', '', '\n  ', ',', '\n\n')), { minLength: 1, maxLength: 60 })
  .map((parts) => parts.map(([f, sep]) => f + sep).join(''));

/** Applies the edits one after another, each re-read from the previous version's parse. */
function checkChain(text: string, edits: Edit[], consume = false): void {
  let parsed = readEdn(text);
  let current = text;
  const history: string[] = [];
  for (const e of edits) {
    const next = apply(current, e);
    history.push(JSON.stringify(e));
    parsed = readEdnIncremental(parsed, next, { consume });
    current = next;
    assertSameRead(parsed, current, () => `base: ${JSON.stringify(text.length > 2000 ? text.slice(0, 2000) + '...' : text)}\nedits: ${history.join(' ')}`);
  }
}

describe('incremental re-read equals a full read', () => {
  const examples = exampleFlows();

  test('example flows, random edits', () => {
    assert.ok(examples.length > 0);
    fc.assert(
      fc.property(fc.nat({ max: examples.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 6 }), (k, edits) => checkChain(examples[k]!.text, edits)),
      { seed: 1206, numRuns: 400 },
    );
  });

  test('broken example flows (the reader fuzz corpus), random edits', () => {
    fc.assert(
      fc.property(fc.nat({ max: examples.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.array(edit, { minLength: 1, maxLength: 4 }), (k, muts, edits) =>
        checkChain(mutate(examples[k]!.text, muts), edits),
      ),
      { seed: 1207, numRuns: 300 },
    );
  });

  test('documents of many top-level forms, random edits', () => {
    fc.assert(fc.property(manyForms, fc.array(edit, { minLength: 1, maxLength: 8 }), (text, edits) => checkChain(text, edits)), { seed: 1208, numRuns: 1500 });
  });

  test('handing the earlier parse over (nodes moved in place) gives the same', () => {
    fc.assert(fc.property(manyForms, fc.array(edit, { minLength: 1, maxLength: 8 }), (text, edits) => checkChain(text, edits, true)), { seed: 1211, numRuns: 800 });
    fc.assert(
      fc.property(fc.nat({ max: examples.length - 1 }), fc.array(mutation, { maxLength: 2 }), fc.array(edit, { minLength: 1, maxLength: 6 }), (k, muts, edits) =>
        checkChain(mutate(examples[k]!.text, muts), edits, true),
      ),
      { seed: 1212, numRuns: 300 },
    );
  });

  test('an edit inside one of 20,000 forms re-reads only around it', () => {
    const text = '{:a 1}\n'.repeat(20_000);
    const base = readEdn(text);
    const at = 7 * 10_000 + 4; // inside the value of form 10,000
    const before = { ...incrementalStats };
    const next = readEdnIncremental(base, text.slice(0, at) + '23' + text.slice(at));
    assert.equal(incrementalStats.full, before.full, 'taken incrementally');
    assertSameRead(next, next.text, () => 'edit inside form 10,000');
    // The forms before the change are the earlier parse's own; later ones are moved copies.
    assert.equal(next.forms[0], base.forms[0]);
    assert.notEqual(next.forms[19_999], base.forms[19_999]);
    assert.equal(base.forms[19_999]!.start, 7 * 19_999, 'the earlier parse is left intact');
  });

  test('an edit inside one step of a flow body re-reads only that form', () => {
    const text = examples.find((e) => e.name.endsWith('advanced-order-orchestration.flow.edn'))!.text;
    const base = readEdn(text);
    const at = text.indexOf('(flow/step', text.length / 2) + 11;
    const before = { ...incrementalStats };
    const next = readEdnIncremental(base, text.slice(0, at) + 'x' + text.slice(at));
    assert.equal(incrementalStats.inside, before.inside + 1, 'taken inside one form');
    assertSameRead(next, next.text, () => 'edit inside a step');
  });

  test('an edit that opens a string to the end of the file falls back to a full read', () => {
    const text = '(x)\n'.repeat(1000);
    const base = readEdn(text);
    const before = { ...incrementalStats };
    const next = readEdnIncremental(base, text.slice(0, 2000) + '"' + text.slice(2000));
    assert.equal(incrementalStats.full, before.full + 1);
    assertSameRead(next, next.text, () => 'unclosed string');
  });
});

test('most random edits of the example flows take the path inside one form', () => {
  const examples = exampleFlows();
  const before = { ...incrementalStats };
  fc.assert(
    fc.property(fc.nat({ max: examples.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 3 }), (k, edits) => checkChain(examples[k]!.text, edits)),
    { seed: 1210, numRuns: 200 },
  );
  const inside = incrementalStats.inside - before.inside;
  const other = incrementalStats.incremental + incrementalStats.full - before.incremental - before.full;
  assert.ok(inside > other, `inside ${inside}, other ${other}`);
});

test('the documents of many forms mostly take the incremental path (so the properties above test it)', () => {
  const before = { ...incrementalStats };
  fc.assert(fc.property(manyForms, fc.array(edit, { minLength: 1, maxLength: 8 }), (text, edits) => checkChain(text, edits)), { seed: 1209, numRuns: 300 });
  const incremental = incrementalStats.incremental + incrementalStats.inside - before.incremental - before.inside;
  const full = incrementalStats.full - before.full;
  assert.ok(incremental > full, `incremental ${incremental}, full ${full}`);
});

test('a line index derived from an earlier version equals one built afresh', () => {
  const examples = exampleFlows();
  const texts = fc.oneof(manyForms, fc.nat({ max: examples.length - 1 }).map((k) => examples[k]!.text), fc.string({ unit: fc.constantFrom('a', '\n', '\r', ' ') }));
  fc.assert(
    fc.property(texts, fc.array(edit, { minLength: 1, maxLength: 6 }), (text, edits) => {
      let lines = new LineIndex(text);
      let current = text;
      for (const e of edits) {
        current = apply(current, e);
        lines = LineIndex.edited(lines, current);
        const fresh = new LineIndex(current);
        assert.equal(lines.lineCount, fresh.lineCount);
        for (let l = 0; l < fresh.lineCount; l++) assert.equal(lines.offset({ line: l, character: 0 }), fresh.offset({ line: l, character: 0 }));
        for (let o = 0; o <= current.length; o += 1 + (current.length >> 6)) assert.deepEqual(lines.position(o), fresh.position(o));
      }
    }),
    { seed: 1213, numRuns: 500 },
  );
});
