// Run Flow's scenario choice: none or one starts at once (the default x.sim.edn, or a single
// named one); several ask with the last used first, then the default; New Scenario's file name.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { newScenarioPath, scenarioPlan } from '../../client/runs/scenario-pick';

function folder(files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'flow-edn-pick-'));
  for (const f of files) writeFileSync(join(dir, f), '{}');
  return dir;
}

test('no scenario: start with none; only x.sim.edn or only one named: start with it', () => {
  const none = folder(['orders.flow.edn', 'other.sim.edn']);
  assert.deepEqual(scenarioPlan(join(none, 'orders.flow.edn'), undefined), { kind: 'start', scenario: null });
  const one = folder(['orders.flow.edn', 'orders.sim.edn']);
  assert.deepEqual(scenarioPlan(join(one, 'orders.flow.edn'), undefined), { kind: 'start', scenario: join(one, 'orders.sim.edn') });
  const named = folder(['orders.flow.edn', 'orders.high-risk.sim.edn', 'orders.extra.more.sim.edn']);
  assert.deepEqual(scenarioPlan(join(named, 'orders.flow.edn'), 'elsewhere'), { kind: 'start', scenario: join(named, 'orders.high-risk.sim.edn') });
});

test('several: ask, the last used first, then the default, then by name', () => {
  const dir = folder(['orders.flow.edn', 'orders.sim.edn', 'orders.b.sim.edn', 'orders.a.sim.edn']);
  const flow = join(dir, 'orders.flow.edn');
  const fresh = scenarioPlan(flow, undefined);
  assert.equal(fresh.kind, 'ask');
  assert.deepEqual(fresh.kind === 'ask' && fresh.choices.map((c) => [c.name, c.last]), [['default', false], ['a', false], ['b', false]]);
  const again = scenarioPlan(flow, join(dir, 'orders.b.sim.edn'));
  assert.deepEqual(again.kind === 'ask' && again.choices.map((c) => [c.name, c.last]), [['b', true], ['default', false], ['a', false]]);
  const gone = scenarioPlan(flow, join(dir, 'orders.deleted.sim.edn'));
  assert.deepEqual(gone.kind === 'ask' && gone.choices.map((c) => c.name), ['default', 'a', 'b'], 'a remembered file that is gone is ignored');
});

test('New Scenario names x.<name>.sim.edn beside x.flow.edn, and refuses what cannot be named', () => {
  assert.deepEqual(newScenarioPath('/w/orders.flow.edn', 'high-risk'), { path: '/w/orders.high-risk.sim.edn' });
  assert.deepEqual(newScenarioPath('/w/orders.flow.clj', 'default'), { path: '/w/orders.sim.edn' });
  assert.match((newScenarioPath('/w/orders.flow.edn', 'a b') as { error: string }).error, /invalid scenario name "a b"/);
  assert.match((newScenarioPath('/w/flows/orders.edn', 'x') as { error: string }).error, /orders\.edn is not named x\.flow\.edn/);
});
