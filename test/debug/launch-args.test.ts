// Launch arguments: the scenario by name or path (or none), the input as EDN or JSON (or a
// JSON value), the store's default beside the CLI's, and the errors a user sees; and a
// launch with noDebug runs the flow through, stopping nowhere.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { executionOf, launchRequest, resolveDb } from '../../client/debug/launch-args';
import { printValue } from '../../engine/edn/printer';
import { launch, lineOf, scratch, sessions } from './support';

const session = sessions(after);

test('scenario by name, by path, none, or the flow\'s default; unknown names list the scenarios', () => {
  const { dir, flow } = scratch('args');
  assert.equal(launchRequest({ flow }).scenario, undefined, 'the default scenario: left to the run service');
  assert.equal(launchRequest({ flow, scenario: 'low-risk' }).scenario, join(dir, 'advanced-order-orchestration-fixed.low-risk.sim.edn'));
  assert.equal(launchRequest({ flow, scenario: 'advanced-order-orchestration-fixed.low-risk.sim.edn' }).scenario, join(dir, 'advanced-order-orchestration-fixed.low-risk.sim.edn'));
  assert.equal(launchRequest({ flow, scenario: 'none' }).scenario, null);
  assert.throws(() => launchRequest({ flow, scenario: 'nope' }), /no scenario "nope" for advanced-order-orchestration-fixed\.flow\.edn: expected .*advanced-order-orchestration-fixed\.nope\.sim\.edn; its scenarios: .*low-risk/);
  assert.throws(() => launchRequest({}), /launch needs "flow"/);
  assert.throws(() => launchRequest({ flow: join(dir, 'missing.flow.edn') }), /missing\.flow\.edn does not exist/);
  assert.throws(() => launchRequest({ flow, clock: 'fast' as never }), /"clock" is "virtual" or "real"/);
  assert.throws(() => executionOf({ execution: 'threads' }), /"execution" is "inline" or "worker", not "threads"/);
  assert.equal(executionOf({ execution: 'worker' }), 'worker');
  assert.equal(executionOf({}), undefined);
});

test('input as EDN text, JSON text or a JSON value; a bad one says so', () => {
  const { flow } = scratch('input');
  assert.equal(printValue(launchRequest({ flow, input: '{:order-id "B-2"}' }).input), '{:order-id "B-2"}');
  assert.equal(printValue(launchRequest({ flow, input: '{"order-id": "B-3"}' }).input), '{:order-id "B-3"}');
  assert.equal(printValue(launchRequest({ flow, input: { 'order-id': 'B-4' } }).input), '{:order-id "B-4"}');
  assert.throws(() => launchRequest({ flow, input: '{:a' }), /"input" is neither JSON nor one EDN value/);
});

test('the store: db as given, else .flow-edn/runs.db under the workspace folder, cwd, or the flow\'s folder', () => {
  assert.equal(resolveDb({ db: '/x/y.db' }, '/w/f.flow.edn'), '/x/y.db');
  assert.equal(resolveDb({ db: 'rel.db', cwd: '/c' }, null), '/c/rel.db');
  assert.equal(resolveDb({ workspaceFolder: '/ws' }, '/w/f.flow.edn'), '/ws/.flow-edn/runs.db');
  assert.equal(resolveDb({}, '/w/f.flow.edn'), '/w/.flow-edn/runs.db');
});

test('noDebug runs to the end past breakpoints; the input overrides the scenario\'s', async () => {
  const { dc, log } = await session();
  const { flow, db } = scratch('nodebug');
  await launch(dc, log, { flow, db, noDebug: true, input: '{:order-id "Z-9"}' }, () => dc.setBreakpointsRequest({ source: { path: flow }, breakpoints: [{ line: lineOf(flow, 'flow/step :http :fetch-risk') }] }));
  await log.next('terminated');
  assert.match(log.outputs(), /GET .*\/orders\/Z-9 /);
  assert.match(log.outputs(), / completed\n/);
});
