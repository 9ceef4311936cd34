// The command-line bench's 5,000-line flow (bench/grow-flow.ts): the founding flow's steps
// repeated, each copy's bound names and step ids numbered. It must stay a flow the checker
// accepts as it accepts the founding flow itself (the same findings, no new ones), or the bench
// would time error paths instead of a check.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkText } from '../../engine/language/check';
import { growFlow } from '../../bench/grow-flow';

const examples = join(__dirname, '..', '..', '..', 'examples');
const findings = (text: string) => checkText(text).findings.map((f) => `${f.severity} ${f.code}`).sort();

for (const name of ['advanced-order-orchestration-fixed', 'advanced-order-orchestration']) {
  test(`${name} grown to 5,000 lines checks as the flow itself does, once per copy`, () => {
    const text = readFileSync(join(examples, `${name}.flow.edn`), 'utf8');
    const grown = growFlow(text, 5000);
    const lines = grown.split('\n').length;
    assert.ok(lines >= 5000 && lines < 5200, `${lines} lines`);
    const own = findings(text);
    const got = findings(grown);
    // Flow-level findings once; step-level ones once per copy.
    const result = checkText(grown);
    assert.equal(result.findings.filter((f) => f.severity === 'error').length, 0, JSON.stringify(result.findings.filter((f) => f.severity === 'error').slice(0, 3)));
    assert.deepEqual([...new Set(got)], [...new Set(own)]);
    const ids = result.steps.map((s) => s.id);
    assert.equal(new Set(ids).size, ids.length, 'step ids are unique');
    assert.ok(ids.length >= 8 * 70, `${ids.length} steps`);
  });
}

test('a flow whose :flow is not a quoted let is refused with the reason', () => {
  assert.throws(() => growFlow('{:slug :x :flow \'(flow/step :function :a {:code "(fn [x] x)"})}', 100), /not a quoted let/);
});
