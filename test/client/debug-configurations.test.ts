// The `flow-edn` debug configurations without VS Code (client/debug/vscode/launch-config.ts):
// one per scenario beside the flow, F5 with no launch.json on the active flow, and the checks
// and defaults applied before a session starts, with messages naming the file and the fix.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkConfiguration, completeConfiguration, scenarioConfigurations, type FlowDebugConfiguration } from '../../client/debug/vscode/launch-config';

function folderWith(files: string[]): string {
  const folder = mkdtempSync(join(tmpdir(), 'flow-edn-debugconf-'));
  for (const f of files) {
    mkdirSync(join(folder, f, '..'), { recursive: true });
    writeFileSync(join(folder, f), '{}');
  }
  return folder;
}

const ORDER_FILES = ['flows/order.flow.edn', 'flows/order.sim.edn', 'flows/order.high-risk.sim.edn', 'flows/order.api-down.sim.edn', 'flows/order-other.sim.edn', 'flows/order.a.b.sim.edn', 'flows/other.flow.edn'];

test('one launch configuration per scenario: the default first, then x.<name>.sim.edn sorted', () => {
  const folder = folderWith(ORDER_FILES);
  const configs = scenarioConfigurations(join(folder, 'flows/order.flow.edn'), folder);
  assert.deepEqual(
    configs.map((c) => [c.name, c.scenario]),
    [
      ['Debug order (default scenario)', undefined],
      ['Debug order: api-down', 'api-down'],
      ['Debug order: high-risk', 'high-risk'],
    ],
  );
  for (const c of configs) {
    assert.equal(c.type, 'flow-edn');
    assert.equal(c.request, 'launch');
    assert.equal(c.flow, '${workspaceFolder}/flows/order.flow.edn');
    assert.equal(c.stopOnEntry, false);
  }
});

test('a flow without x.sim.edn offers a run with no scenario; outside the folder the path stays absolute', () => {
  const folder = folderWith(['flows/other.flow.edn', 'flows/other.slow.sim.edn']);
  const outside = folderWith([]);
  const configs = scenarioConfigurations(join(folder, 'flows/other.flow.edn'), outside);
  assert.deepEqual(configs.map((c) => c.name), ['Debug other (no scenario)', 'Debug other: slow']);
  assert.equal(configs[0]!.flow, join(folder, 'flows/other.flow.edn'));
});

test('F5 with no launch.json debugs the active flow, or says what to open', () => {
  const active = '/w/flows/order.flow.edn';
  const f5 = completeConfiguration({}, { activeFlow: active, folder: '/w' });
  assert.deepEqual(f5, { config: { type: 'flow-edn', request: 'launch', name: 'Debug order', flow: active } });
  const ctrlF5 = completeConfiguration({ type: 'flow-edn', noDebug: true }, { activeFlow: active });
  assert.deepEqual(ctrlF5, { config: { type: 'flow-edn', request: 'launch', name: 'Debug order', flow: active, noDebug: true } });
  const none = completeConfiguration({}, { folder: '/w' });
  assert.ok('error' in none);
  assert.match(none.error, /open a flow file .* press F5 again/);
});

test('a launch without flow takes the active flow; attach needs runId; unknown requests are named', () => {
  const launch = completeConfiguration({ type: 'flow-edn', request: 'launch', name: 'x', scenario: 'high-risk' }, { activeFlow: '/w/a.flow.edn' });
  assert.ok('config' in launch);
  assert.equal(launch.config.flow, '/w/a.flow.edn');
  assert.equal(launch.config.scenario, 'high-risk');
  const noFlow = completeConfiguration({ type: 'flow-edn', request: 'launch', name: 'Mine' }, {});
  assert.ok('error' in noFlow && /"Mine" names no "flow"/.test(noFlow.error));
  const attach = completeConfiguration({ type: 'flow-edn', request: 'attach', name: 'A' }, {});
  assert.ok('error' in attach && /needs "runId"/.test(attach.error));
  assert.ok('config' in completeConfiguration({ type: 'flow-edn', request: 'attach', name: 'A', runId: 'r-1' }, {}));
  const odd = completeConfiguration({ type: 'flow-edn', request: 'run', name: 'B' }, {});
  assert.ok('error' in odd && /use "launch" or "attach"/.test(odd.error));
});

test('before the session: paths made absolute, the folder store by default, scenario names checked', () => {
  const folder = folderWith(ORDER_FILES);
  const base: FlowDebugConfiguration = { type: 'flow-edn', request: 'launch', name: 'n', flow: 'flows/order.flow.edn' };
  const ok = checkConfiguration({ ...base, scenario: 'high-risk' }, { folder });
  assert.ok('config' in ok);
  assert.equal(ok.config.flow, join(folder, 'flows/order.flow.edn'));
  assert.equal(ok.config.db, join(folder, '.flow-edn/runs.db'));
  assert.equal(ok.config.scenario, 'high-risk');
  const path = checkConfiguration({ ...base, scenario: 'flows/order.api-down.sim.edn', db: 'other.db' }, { folder });
  assert.ok('config' in path);
  assert.equal(path.config.scenario, join(folder, 'flows/order.api-down.sim.edn'));
  assert.equal(path.config.db, join(folder, 'other.db'));
  const unknown = checkConfiguration({ ...base, scenario: 'low-risk' }, { folder });
  assert.ok('error' in unknown);
  assert.equal(unknown.error, `Flow EDN: ${join(folder, 'flows/order.flow.edn')} has no scenario 'low-risk' (x.low-risk.sim.edn beside it); it has api-down, high-risk, default (or none).`);
  assert.ok('config' in checkConfiguration({ ...base, scenario: 'none' }, { folder }));
  assert.ok('config' in checkConfiguration({ ...base, scenario: 'default' }, { folder }));
  const missing = checkConfiguration({ ...base, flow: 'flows/nope.flow.edn' }, { folder });
  assert.ok('error' in missing && missing.error.includes(`cannot debug ${join(folder, 'flows/nope.flow.edn')}: no such file. Set "flow" in "n"`));
  const clock = checkConfiguration({ ...base, clock: 'fast' as never }, { folder });
  assert.ok('error' in clock && /use "virtual" or "real"/.test(clock.error));
  const execution = checkConfiguration({ ...base, execution: 'threads' as never }, { folder });
  assert.ok('error' in execution && /"execution" of .* is "threads"; use "inline" or "worker"/.test(execution.error));
  const attach = checkConfiguration({ type: 'flow-edn', request: 'attach', name: 'a', runId: 'r-1' }, { folder });
  assert.ok('config' in attach && attach.config.db === join(folder, '.flow-edn/runs.db'));
});
