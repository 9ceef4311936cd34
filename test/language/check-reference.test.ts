// The checker says exactly what it said before its cold-speed work: every text of the
// reference corpus (check-corpus.ts: examples, fixtures, generated flows and seeded mutants)
// checked in full, and checked while typing from one version to the next, gives the recorded
// findings (codes, severities, ranges, messages, data, order), step sites and slots. Texts
// are matched by hash, so fixtures added later only leave the reference (they are not failures).

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
// Looked up by the text's hash: a fixture added or edited later is a text the reference does
// not hold (checked by the other tests, not here); the rest must still match.
const byText = new Map(reference.map((d) => [d.text, d]));
let matched = 0;

function assertAsRecorded(name: string, text: string, result: CheckResult, how: string): void {
  const got = digest(name, text, result);
  const want = byText.get(got.text);
  if (want === undefined) return;
  matched++;
  assert.equal(got.codes, want.codes, `${name} (${how}): codes found differ`);
  assert.equal(got.result, want.result, `${name} (${how}): findings, steps or slots differ from the recorded check`);
}

describe('the checker matches its recorded reference', () => {
  test(`the reference is broad (${reference.length} texts)`, () => {
    assert.ok(reference.length > 1000, `${reference.length} texts`);
    // The mutants reach well beyond clean flows: many codes are exercised.
    const codes = new Set(reference.flatMap((d) => d.codes.split(' ').filter(Boolean).map((c) => c.split(':')[0])));
    assert.ok(codes.size >= 25, `codes exercised: ${[...codes].join(', ')}`);
  });

  test('each text checked in full', () => {
    matched = 0;
    for (const c of cases) assertAsRecorded(c.name, c.text, checkParsed(readEdn(c.text)), 'full check');
    // Fixtures added or edited since the recording are not in it; nearly all the rest are.
    assert.ok(matched >= reference.length * 0.8, `${matched} of ${reference.length} recorded texts are still in the corpus`);
  });

  test('each file typed through its mutants, checked while typing', () => {
    matched = 0;
    for (const file of corpus) {
      let parsed: ParsedFile = readEdn(file.text);
      let result = checkParsedIncremental(parsed);
      assertAsRecorded(file.name, file.text, result, 'first incremental check');
      file.mutants.forEach((text, m) => {
        parsed = readEdnIncremental(parsed, text, { consume: true });
        result = checkParsedIncremental(parsed, result);
        assertAsRecorded(`${file.name} mutant ${m}`, text, result, 'checked while typing from the previous mutant');
      });
    }
    assert.ok(matched >= reference.length * 0.8, `${matched} of ${reference.length} recorded texts are still in the corpus`);
  });
});
