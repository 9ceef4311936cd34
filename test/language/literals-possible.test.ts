// The literal lints' text pre-check (check/literals-possible.ts) never skips a finding: on
// seeded texts full of quotes, escapes, comments, regexes, `ws-` spelt through escapes and
// strings around the large-inline-string limit, whenever it says "impossible" the walk over
// every string finds nothing. And it does say so for ordinary flows (the point of it).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readEdn } from '../../engine/edn/reader';
import { limitValue } from '../../engine/language/catalog/limits';
import { CheckContext } from '../../engine/language/check/check-context';
import { checkLiterals } from '../../engine/language/check/literals';
import { literalFindingPossible } from '../../engine/language/check/literals-possible';
import { generateFlow } from '../../bench/generate';
import { exampleFlows } from '../edn/support';
import { seeded } from '../support/seeded';

const limit = limitValue('large-inline-string');

/** The literal findings of a full walk (the pre-check forced to "possible"). */
function walked(text: string): string[] {
  const ctx = new CheckContext(text);
  ctx.literalsPossible = true;
  checkLiterals(ctx, readEdn(text).forms);
  return ctx.findings.map((f) => `${f.code}@${f.start}`);
}

const pieces = ['"', '\\', '\\"', '\\\\', '\\u0077', '\\u002d', '\\163', '\\s', '\\w', '\\-', 'w', 's', '-', 'ws-', 'ws-a1', ' ', '\n', ';', '#"', '\\a', ':k', '(', ')', '{', '}', '[', ']', 'x'];

function randomText(r: () => number): string {
  const parts: string[] = [];
  const n = 1 + Math.floor(r() * 40);
  for (let i = 0; i < n; i++) {
    const roll = r();
    // Runs near the limit make strings just under, at and over it.
    if (roll < 0.08) parts.push('a'.repeat(limit - 3 + Math.floor(r() * 6)));
    else parts.push(pieces[Math.floor(r() * pieces.length)]!);
  }
  return parts.join('');
}

test('the pre-check never skips a literal finding (4,000 seeded texts)', () => {
  const r = seeded(4242);
  let skipped = 0;
  let withFindings = 0;
  for (let i = 0; i < 4000; i++) {
    const text = randomText(r);
    const found = walked(text);
    if (found.length > 0) withFindings++;
    if (!literalFindingPossible(text, limit)) {
      skipped++;
      assert.deepEqual(found, [], `skipped a finding in ${JSON.stringify(text.length > 300 ? text.slice(0, 300) + '...' : text)}`);
    }
  }
  // Both sides were exercised.
  assert.ok(skipped > 300, `skipped ${skipped}`);
  assert.ok(withFindings > 500, `texts with findings ${withFindings}`);
});

test('strings at the limit: up to it is skipped, over it is walked (escaped quotes count as long); escapes spelling ws- are walked', () => {
  const a = (n: number) => 'a'.repeat(n);
  for (const text of [`{:a "${a(limit)}"}`, `{:a "${a(limit)}`, `{:a "w\\ns-1"}`]) {
    assert.equal(literalFindingPossible(text, limit), false, text.slice(0, 20));
    assert.deepEqual(walked(text), []);
  }
  for (const text of [`{:a "${a(limit + 1)}"}`, `{:a "${a(limit + 1)}`, `{:a "x\\"${a(limit)}"}`, `{:a "w\\u0073-1"}`, `{:a "w\\s-1"}`, `{:a "\\167s-1"}`]) {
    assert.equal(literalFindingPossible(text, limit), true, text.slice(0, 20));
    assert.notDeepEqual(walked(text), []);
  }
});

test('ordinary flows skip the walk', () => {
  assert.equal(literalFindingPossible(generateFlow(5000), limit), false);
  const skipped = exampleFlows().filter((f) => !literalFindingPossible(f.text, limit));
  assert.ok(skipped.length >= exampleFlows().length / 2, `${skipped.length} of ${exampleFlows().length} examples skip the walk`);
});
