// The run commands as a user runs them (the built bin, child processes, one store file):
// run, waits, approve/reject from another process, runs, show (timeline, JSON report,
// --resource), resume --advance, and test; design §7's JSON shapes and exit codes.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(__dirname, '..', '..', '..');
const cli = join(root, 'out', 'cli.js');
const examples = join(root, 'examples');
const dir = mkdtempSync(join(tmpdir(), 'flow-edn-run-cli-'));
const db = join(dir, 'runs.db');

function run(args: string[], cwd = dir): { code: number; stdout: string; stderr: string; json: any } {
  const withDb = args[0] === 'test' ? args : [...args, '--db', db];
  const r = spawnSync(process.execPath, [cli, ...withDb], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FLOW_EDN_USER: 'cli-test' } });
  let json: unknown = null;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    // text output
  }
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, json };
}

const reportKeys = ['branches', 'error', 'flow', 'output', 'outputEdn', 'runId', 'status', 'steps', 'waits'];

// A flow that waits for a person, with a simulation that sends the notification to a mock.
const waitFlow = join(dir, 'approval.flow.edn');
writeFileSync(waitFlow, `{:slug :approval :name "Approval"
 :concurrency {:type :singleton :on-new-version :supersede}
 :invocations {:default {:inputs []}}
 :interfaces {:manual [{:id :run :invocation :default}]}
 :flow '(let [input (flow/input)
              a ^{:label "Big?" :yes "Ask" :no "Skip"}
                (if (> (:total input) 100)
                  (flow/step :wait :manager {:key (str "order:" (:id input)) :timeout "2h"
                                             :on-timeout :continue :default-value {:action :reject :reason :timeout}})
                  {:action :approve})
              saved (flow/step :function :save {:code '(fn [i] i) :input {:decision a} :persist {:type :blob}})]
          {:action (:action a) :ref (:ref saved)})}
`);
writeFileSync(join(dir, 'approval.sim.edn'), '{:input {:id "A-1" :total 500} :clock {:start "2026-11-29T10:00:00Z"}}');

test('run: a waiting run exits 0 with the §7 report; waits lists it; approve from another process completes it', () => {
  const started = run(['run', waitFlow, '--format', 'json']);
  assert.equal(started.code, 0, started.stderr);
  assert.deepEqual(Object.keys(started.json).sort(), reportKeys);
  assert.equal(started.json.status, 'waiting');
  assert.deepEqual(started.json.branches, [{ label: 'Big?', taken: 'yes', branch: 'Ask', line: 6 }]);
  assert.deepEqual(started.json.waits.map((w: any) => [w.step, w.key, w.status]), [['manager', 'order:A-1', 'pending']]);
  const runId = started.json.runId;

  const waits = run(['waits', '--format', 'json']);
  assert.equal(waits.code, 0);
  assert.deepEqual(waits.json.waits.map((w: any) => [w.runId, w.step, w.key, w.status]), [[runId, 'manager', 'order:A-1', 'pending']]);
  assert.equal(waits.json.waits[0].expiresAt, '2026-11-29T12:00:00.000Z');

  const approved = run(['approve', runId, '--payload', '{:note "ok"}', '--format', 'json']);
  assert.equal(approved.code, 0, approved.stderr);
  assert.equal(approved.json.status, 'completed');
  assert.deepEqual(approved.json.output.action, 'approve');
  assert.match(approved.json.outputEdn, /:action :approve/);
  assert.deepEqual(approved.json.steps.map((s: any) => [s.id, s.type, s.status, s.attempts]), [['manager', 'wait', 'completed', 1], ['save', 'function', 'completed', 1]]);

  const again = run(['reject', runId]);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /already approved by cli-test/);

  const resource = run(['show', '--resource', approved.json.output.ref]);
  assert.equal(resource.code, 0);
  assert.match(resource.stdout, /:decision \{:action :approve, :by "cli-test", :note "ok"\}/);

  const shown = run(['show', runId]);
  assert.equal(shown.code, 0);
  assert.match(shown.stdout, /⑂ Big\? \(line 6\): yes → Ask/);
  assert.match(shown.stdout, /⏵ :manager approved by cli-test/);
  assert.match(shown.stdout, /■ completed/);

  const runs = run(['runs', '--format', 'json']);
  assert.ok(runs.json.runs.some((r: any) => r.runId === runId && r.status === 'completed' && r.flow === 'approval' && r.startedAt === '2026-11-29T10:00:00.000Z'));
  assert.deepEqual(Object.keys(runs.json.runs[0]).sort(), ['endedAt', 'flow', 'runId', 'startedAt', 'status', 'trigger']);
});

test('resume --advance lets the wait time out on the virtual clock; a late approve is refused, exit 1', () => {
  const started = run(['run', waitFlow, '--format', 'json']);
  const runId = started.json.runId;
  const resumed = run(['resume', runId, '--advance', '3h', '--format', 'json']);
  assert.equal(resumed.code, 0);
  assert.equal(resumed.json.status, 'completed');
  assert.equal(resumed.json.output.action, 'reject');
  const late = run(['approve', runId]);
  assert.equal(late.code, 1);
  assert.match(late.stderr, /timed out/);
});

test('run --input overrides the simulation input (JSON or EDN); a failed run exits 1', () => {
  const small = run(['run', waitFlow, '--input', '{"id": "A-2", "total": 5}', '--format', 'json']);
  assert.equal(small.code, 0);
  assert.equal(small.json.status, 'completed');
  assert.deepEqual(small.json.branches.map((b: any) => b.branch), ['Skip']);
  const bad = run(['run', waitFlow, '--input', '{:id "A-3" :total "lots"}', '--format', 'json']);
  assert.equal(bad.code, 1);
  assert.equal(bad.json.status, 'failed');
  assert.ok(bad.json.error.message.length > 0);
});

test('run refuses a flow that does not check (exit 1) and a missing file (exit 2)', () => {
  const broken = join(dir, 'broken.flow.edn');
  writeFileSync(broken, `{:slug :b :name "B" :concurrency {:type :singleton :on-new-version :supersede} :schedules [] :flow '(let [x (flow/step :htp :x {})] x)}`);
  const r = run(['run', broken]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /does not check.*broken\.flow\.edn:1:\d+: Unknown step type `:htp`/s);
  assert.equal(run(['run', join(dir, 'nope.flow.edn')]).code, 2);
  assert.equal(run(['approve', 'r-unknown']).code, 2);
});

test('test: every example scenario passes (exit 0); a wrong expectation fails (exit 1) and says why', () => {
  const ok = run(['test', examples, '--format', 'json']);
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.ok(ok.json.summary.passed >= 7);
  assert.equal(ok.json.summary.failed, 0);
  const proj = join(dir, 'proj');
  require('node:fs').mkdirSync(proj);
  copyFileSync(waitFlow, join(proj, 'approval.flow.edn'));
  writeFileSync(join(proj, 'approval.small.sim.edn'), '{:input {:id "A-9" :total 5} :expect {:status :completed :output {:action :reject}}}');
  const bad = run(['test', proj]);
  assert.equal(bad.code, 1);
  assert.match(bad.stdout, /✘ .*approval\.small\.sim\.edn \(completed\)/);
  assert.match(bad.stdout, /^ {4}output \[:action\]: expected :reject, got :approve$/m);
  assert.match(bad.stdout, /0 passed, 1 failed/);
});

test('check also checks simulation files against their flow', () => {
  const proj = join(dir, 'simcheck');
  require('node:fs').mkdirSync(proj);
  copyFileSync(waitFlow, join(proj, 'approval.flow.edn'));
  writeFileSync(join(proj, 'approval.sim.edn'), '{:input {} :mocks {:managr {:action :approve}} :bindings {:crm {:base-url "x"}}}');
  const r = spawnSync(process.execPath, [cli, 'check', '--format', 'json', proj], { encoding: 'utf8' });
  assert.equal(r.status, 1);
  const files = JSON.parse(r.stdout).files;
  const sim = files.find((f: any) => f.path.endsWith('approval.sim.edn'));
  const codes = sim.diagnostics.map((d: any) => d.code);
  assert.ok(codes.includes('unknown-step'), JSON.stringify(sim));
  assert.ok(sim.diagnostics.some((d: any) => /did you mean :manager\?/.test(d.message)));
  assert.ok(codes.includes('unknown-connection'));
});
