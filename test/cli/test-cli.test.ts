// `flow-edn test` as a user runs it: one scenario (a sim file, or FLOW --scenario NAME), a
// key-level diff when :expect fails, and the failed run's store kept for `flow-edn show`.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(__dirname, '..', '..', '..');
const cli = join(root, 'out', 'cli.js');
const examples = join(root, 'examples');
const dir = mkdtempSync(join(tmpdir(), 'flow-edn-test-cli-'));

function run(args: string[]): { code: number; stdout: string; stderr: string; json: any } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  let json: unknown = null;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    // text
  }
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, json };
}

const flow = join(dir, 'orders.flow.edn');
copyFileSync(join(examples, 'advanced-order-orchestration-fixed.flow.edn'), flow);
copyFileSync(join(examples, 'advanced-order-orchestration-fixed.sim.edn'), join(dir, 'orders.sim.edn'));
copyFileSync(join(examples, 'advanced-order-orchestration-fixed.low-risk.sim.edn'), join(dir, 'orders.low-risk.sim.edn'));
// Wrong on purpose: two nested keys differ, one is missing.
writeFileSync(
  join(dir, 'orders.wrong.sim.edn'),
  `{:input {:order-id "A-1003"}
 :bindings {:sendgrid {:mock {:status 202}}}
 :mocks {:fetch-order {:status 200 :body {:id "A-1003"}} :fetch-risk {:status 200 :body {:risk-level :low :score 5}}
         :fulfill-order {:status 201 :body {:fulfillment-id "F-3"}}}
 :clock {:start "2026-11-29T10:00:00Z"}
 :expect {:status :completed
          :output {:action :approve
                   :risk-summary {:risk-level :high :risk-score 5}
                   :fulfillment {:status 202 :body {:fulfillment-id "F-3"}}
                   :no-such-key 1}}}`,
);

test('test runs one scenario named by its sim file, or by --scenario; the others do not run', () => {
  const one = run(['test', join(dir, 'orders.low-risk.sim.edn'), '--format', 'json']);
  assert.equal(one.code, 0, one.stdout + one.stderr);
  assert.deepEqual(one.json.scenarios.map((s: any) => s.scenario), ['low-risk']);
  const named = run(['test', flow, '--scenario', 'default', '--format', 'json']);
  assert.equal(named.code, 0, named.stdout + named.stderr);
  assert.deepEqual(named.json.scenarios.map((s: any) => [s.scenario, s.passed]), [['default', true]]);
  const unknown = run(['test', flow, '--scenario', 'nope']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /has no scenario 'nope'; it has low-risk, default, wrong/);
  const all = run(['test', dir, '--format', 'json']);
  assert.equal(all.json.scenarios.length, 3);
});

test('a failed :expect shows each differing key (path, expected, actual) and keeps the run for show', () => {
  const r = run(['test', join(dir, 'orders.wrong.sim.edn')]);
  assert.equal(r.code, 1);
  const lines = r.stdout.split('\n');
  assert.match(lines[0]!, /^✘ .*orders\.wrong\.sim\.edn \(completed\)$/);
  assert.deepEqual(lines.slice(1, 5), [
    '    output [:risk-summary :risk-level]: expected :high, got :low',
    '    output [:fulfillment :status]: expected 202, got 201',
    '    output [:no-such-key]: expected 1, got nil (no such key)',
    lines[4],
  ]);
  const kept = /^ {4}kept: flow-edn show (r-\S+) --db (\S+)$/.exec(lines[4]!);
  assert.ok(kept, lines[4]);
  assert.ok(existsSync(kept[2]!), 'the store is kept');
  const shown = spawnSync(process.execPath, [cli, 'show', kept[1]!, '--db', kept[2]!, '--format', 'json'], { encoding: 'utf8' });
  assert.equal(shown.status, 0, shown.stderr);
  assert.equal(JSON.parse(shown.stdout).runId, kept[1]);
  const json = run(['test', join(dir, 'orders.wrong.sim.edn'), '--format', 'json']).json.scenarios[0];
  assert.deepEqual(json.diff, [
    { path: '[:risk-summary :risk-level]', expected: ':high', actual: ':low' },
    { path: '[:fulfillment :status]', expected: '202', actual: '201' },
    { path: '[:no-such-key]', expected: '1', actual: 'nil (no such key)' },
  ]);
  assert.ok(existsSync(json.store));
});
