// Agreement with the platform's own lint (`breyta flows lint --local-only`) on real flows from
// public sources: each corpus flow carries the platform's verdict (error / no error); ours must
// match, except the deliberate differences listed with their reasons in differences.json.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { describe, findingsOf } from './check-support';

type Verdict = 'error' | 'ok';
interface Entry {
  file: string;
  source: string;
  platform: Verdict;
}
interface Difference {
  ours: Verdict;
  reason: string;
}

const dir = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'platform-corpus');
const read = <T>(name: string): T => JSON.parse(readFileSync(join(dir, name), 'utf8')) as T;
const entries: Entry[] = [
  ...read<Entry[]>('corpus.json'),
  ...read<Entry[]>('lint-tests/lint-tests.json').map((e) => ({ ...e, file: 'lint-tests/' + e.file })),
];
const differences = read<Record<string, Difference>>('differences.json');

function ourVerdict(file: string): { verdict: Verdict; text: string; errors: ReturnType<typeof findingsOf> } {
  const text = readFileSync(join(dir, file), 'utf8');
  const errors = findingsOf(text).filter((f) => f.severity === 'error');
  return { verdict: errors.length > 0 ? 'error' : 'ok', text, errors };
}

test('the corpus holds the lint tests, scaffolds, documented flows and examples', () => {
  assert.ok(entries.length >= 190, `${entries.length} flows`);
  for (const prefix of ['lint-tests/', 'scaffolds/', 'spec/', 'examples/']) assert.ok(entries.some((e) => e.file.startsWith(prefix)), prefix);
});

for (const e of entries) {
  test(`platform ${e.platform}: ${e.file} (${e.source})`, () => {
    const { verdict, text, errors } = ourVerdict(e.file);
    const diff = differences[e.file];
    if (diff === undefined) {
      assert.equal(verdict, e.platform, `ours ${verdict}, the platform's lint ${e.platform}:\n${describe(errors, text)}`);
      return;
    }
    assert.notEqual(diff.ours, e.platform, 'a listed difference must differ from the platform');
    assert.ok(diff.reason.length > 20, 'a difference needs its reason');
    assert.equal(verdict, diff.ours, `the listed difference no longer holds (ours ${verdict}):\n${describe(errors, text)}`);
  });
}

test('every listed difference names a corpus flow', () => {
  const files = new Set(entries.map((e) => e.file));
  for (const file of Object.keys(differences)) assert.ok(files.has(file), file);
});

test('agreement figure', (t) => {
  let agree = 0;
  let falseErrors = 0;
  let misses = 0;
  for (const e of entries) {
    const { verdict } = ourVerdict(e.file);
    if (verdict === e.platform) agree++;
    else if (verdict === 'error') falseErrors++;
    else misses++;
  }
  t.diagnostic(`platform corpus: ${entries.length} flows, ${agree} agree, ${falseErrors} errors the platform's lint does not give, ${misses} misses (all listed with reasons)`);
  assert.equal(falseErrors + misses, Object.keys(differences).length);
});
