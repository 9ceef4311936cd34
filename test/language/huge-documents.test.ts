// Huge and broken documents stay cheap to check (issue 10 #12): 20,000 or 40,000 top-level
// forms, or 200 KB of unclosed `"a` strings, give a bounded number of findings (the extra
// forms are named up to a few, then reported once), so diagnostics and their transport do
// not grow with the garbage.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkText } from '../../engine/language/check/index';

for (const [name, text] of [
  ['20,000 top-level forms', '{:slug :a :name "A" :flow \'(let [x 1] x)}\n' + '{:a 1}\n'.repeat(20_000)],
  ['40,000 top-level forms', '(x)\n'.repeat(40_000)],
  ['200 KB of unclosed "a strings', '"a'.repeat(100_001)],
] as const) {
  test(`${name}: a bounded number of findings, the rest reported once`, () => {
    const findings = checkText(text).findings;
    assert.ok(findings.length <= 250, `${findings.length} findings`);
    const rest = findings.filter((f) => /more top-level forms from here to the end/.test(f.message));
    assert.equal(rest.length, 1, findings.map((f) => f.message).slice(0, 30).join('\n'));
    assert.equal(rest[0]!.end, text.trimEnd().length);
  });
}

test('a few extra forms are each named', () => {
  const findings = checkText('{:slug :a :name "A" :flow \'(let [x 1] x)}\n{:b 1}\n(c)').findings.filter((f) => /exactly one map/.test(f.message));
  assert.deepEqual(findings.map((f) => f.message), ['A flow file holds exactly one map; remove `{:b 1}` or move it inside the map.', 'A flow file holds exactly one map; remove `(c)` or move it inside the map.']);
});
