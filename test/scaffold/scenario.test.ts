// The generated scenario for every example flow checks clean against its flow (no errors, no
// warnings) and holds a binding per slot and a mock per step that cannot run locally; the
// new-flow scaffold checks clean and its slug is validated. Runs are tested in test/cli.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkText } from '../../engine/language/check/index';
import { checkSimulationText } from '../../engine/language/check/simulation';
import { parseSimulation } from '../../engine/run/simulation';
import { checkSlug, newFlowText } from '../../engine/scaffold/new-flow';
import { ScaffoldError, scenarioText } from '../../engine/scaffold/scenario';

const examples = join(__dirname, '..', '..', '..', 'examples');
const flows = readdirSync(examples).filter((f) => f.endsWith('.flow.edn'));
const options = (flowFile: string) => ({ name: 'gen', flowFile, clockStart: '2026-11-29T10:00:00Z' });

function findingsOf(flowText: string, simText: string): string[] {
  return checkSimulationText(simText, checkText(flowText)).map((f) => `${f.severity} ${f.code}: ${f.message}`);
}

for (const file of flows) {
  test(`scenario for ${file} checks clean against its flow`, () => {
    const flowText = readFileSync(join(examples, file), 'utf8');
    const text = scenarioText(flowText, options(file));
    assert.deepEqual(findingsOf(flowText, text), [], text);
    const sim = parseSimulation(text, `x.gen.sim.edn`);
    assert.equal(sim.clock?.start, Date.parse('2026-11-29T10:00:00Z'));
    assert.equal(sim.expect, null, 'no :expect: it is a comment');
    assert.match(text, /;; :expect \{:status :completed/);
  });
}

test('scenario: a binding per slot (mock or secret value, each with a comment) and a mock per step by type', () => {
  const flowText = readFileSync(join(examples, 'advanced-order-orchestration-fixed.flow.edn'), 'utf8');
  const text = scenarioText(flowText, options('x.flow.edn'));
  const sim = parseSimulation(text, null);
  assert.deepEqual([...sim.bindings.keys()].sort(), ['orders-api', 'sendgrid', 'webhook-signing-secret']);
  assert.match(text, /;; Orders API \(:http-api\): .*\n\s+:orders-api \{:mock \{:status 200 :body \{\}\}\}/);
  assert.match(text, /;; Webhook Signing Secret \(:secret\): .*\n\s+:webhook-signing-secret \{:value "local-secret"\}/);
  assert.match(text, /:fetch-order \[\{:status 200 :body \{\}\}\]/);
  assert.match(text, /:manager-approval \{:action :approve :by "you@example.com"\}/);
  // :function and :kv steps run locally: named in a comment, not mocked.
  assert.deepEqual([...sim.mocks.keys()].sort(), ['fetch-order', 'fetch-risk', 'fulfill-order', 'manager-approval', 'send-outcome-email']);
  assert.match(text, /run locally .*:risk-summary \(:function\).*:write-audit \(:kv\)/);
});

test('scenario: a step type that cannot run locally gets {:result ...}', () => {
  const flowText = readFileSync(join(examples, 'welcome-user-llm.flow.edn'), 'utf8');
  assert.match(scenarioText(flowText, options('x.flow.edn')), /:welcome \{:result \{\}\}/);
});

test('scenario: a file without a flow map is refused with its name', () => {
  assert.throws(() => scenarioText('[1 2]', options('bad.flow.edn')), (e: Error) => e instanceof ScaffoldError && /bad\.flow\.edn holds no flow map/.test(e.message));
});

test('new flow: current dialect, checks clean with its generated scenario', () => {
  const text = newFlowText('order-sync');
  const flow = checkText(text);
  assert.deepEqual(flow.findings.map((f) => `${f.severity} ${f.code}: ${f.message}`), []);
  assert.match(text, /:invocations \{:default \{:label "Run" :inputs \[\{:name :name :type :string/);
  // The platform CLI's shapes (`breyta flows init`): test/client/platform-scaffolds.test.ts compares them key by key.
  assert.match(text, /:interfaces \{:manual \[\{:id :run :label "Run" :invocation :default\}\]\}/);
  assert.equal(flow.steps.length, 1);
  const sim = scenarioText(text, { ...options('order-sync.flow.edn'), name: 'default' });
  assert.deepEqual(findingsOf(text, sim), []);
});

test('new flow: a bad slug is refused with what a slug is and a suggestion', () => {
  assert.throws(() => checkSlug('Order Sync!'), /invalid flow slug "Order Sync!": a slug is a letter followed by .* e\.g\. order-sync/);
  assert.throws(() => checkSlug('9lives'), /invalid flow slug "9lives"/);
  assert.throws(() => newFlowText(''), ScaffoldError);
  checkSlug('a_b-9');
});
