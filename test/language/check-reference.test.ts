// The checker says exactly what it said before its cold-speed work: every text of the
// reference corpus (check-corpus.ts: examples, fixtures, generated flows and seeded mutants)
// checked in full, and checked while typing from one version to the next, gives the recorded
// findings (codes, severities, ranges, messages, data, order), step sites and slots.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describe, test } from 'node:test';
import { readEdn, type ParsedFile } from '../../engine/edn/reader';
import { readEdnIncremental } from '../../engine/edn/incremental';
import { checkParsed, type CheckResult } from '../../engine/language/check/index';
import { checkParsedIncremental } from '../../engine/language/check/incremental';
import { checkCorpus, corpusCases, digest, referencePath, type Digest } from './check-corpus';

const corpus = checkCorpus();
const cases = corpusCases(corpus);
const reference = JSON.parse(fs.readFileSync(referencePath(), 'utf8')) as Digest[];

function assertAsRecorded(i: number, name: string, text: string, result: CheckResult, how: string): void {
  const want = reference[i]!;
  const got = digest(name, text, result);
  assert.equal(got.name, want.name, `case ${i}: the corpus changed (re-record only on purpose)`);
  assert.equal(got.text, want.text, `${name}: the corpus text changed (re-record only on purpose)`);
  assert.equal(got.codes, want.codes, `${name} (${how}): codes found differ`);
  assert.equal(got.result, want.result, `${name} (${how}): findings, steps or slots differ from the recorded check`);
}

describe('the checker matches its recorded reference', () => {
  test(`the corpus is the recorded one (${reference.length} texts)`, () => {
    assert.equal(cases.length, reference.length);
    assert.ok(cases.length > 1000, `${cases.length} texts`);
    // The mutants reach well beyond clean flows: many codes are exercised.
    const codes = new Set(reference.flatMap((d) => d.codes.split(' ').filter(Boolean).map((c) => c.split(':')[0])));
    assert.ok(codes.size >= 25, `codes exercised: ${[...codes].join(', ')}`);
  });

  test('each text checked in full', () => {
    cases.forEach((c, i) => assertAsRecorded(i, c.name, c.text, checkParsed(readEdn(c.text)), 'full check'));
  });

  test('each file typed through its mutants, checked while typing', () => {
    let i = 0;
    for (const file of corpus) {
      let parsed: ParsedFile = readEdn(file.text);
      let result = checkParsedIncremental(parsed);
      assertAsRecorded(i++, file.name, file.text, result, 'first incremental check');
      file.mutants.forEach((text, m) => {
        parsed = readEdnIncremental(parsed, text, { consume: true });
        result = checkParsedIncremental(parsed, result);
        assertAsRecorded(i++, `${file.name} mutant ${m}`, text, result, 'checked while typing from the previous mutant');
      });
    }
  });
});
