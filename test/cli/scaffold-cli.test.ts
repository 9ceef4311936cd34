// The scaffold commands as a user runs them (the built bin, child processes): `scenario new`
// for every example flow writes a file that `check` finds clean and `run --sim` completes;
// `webhook payload` prints every key the flow reads; `new` writes a flow and scenario that
// check clean and run; refusals (existing files, bad slugs, no webhook) exit 2 with a reason.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(__dirname, '..', '..', '..');
const cli = join(root, 'out', 'cli.js');
const examples = join(root, 'examples');
const dir = mkdtempSync(join(tmpdir(), 'flow-edn-scaffold-cli-'));
const db = join(dir, 'runs.db');

function run(args: string[], cwd = dir): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const flows = readdirSync(examples).filter((f) => f.endsWith('.flow.edn'));
for (const f of flows) copyFileSync(join(examples, f), join(dir, f));

for (const file of flows) {
  test(`scenario new ${file}: checks clean and runs to completion`, () => {
    const made = run(['scenario', 'new', file, 'gen']);
    assert.equal(made.code, 0, made.stderr);
    const sim = file.replace(/\.flow\.edn$/, '.gen.sim.edn');
    assert.equal(made.stdout.trim(), sim);
    const checked = run(['check', '--format', 'json', sim]);
    assert.equal(checked.code, 0, checked.stdout + checked.stderr);
    assert.deepEqual(JSON.parse(checked.stdout).files.flatMap((f: { diagnostics: unknown[] }) => f.diagnostics), []);
    const ran = run(['run', file, '--sim', sim, '--db', db, '--format', 'json']);
    const report = JSON.parse(ran.stdout);
    assert.equal(report.status, 'completed', ran.stdout);
    assert.equal(ran.code, 0);
  });
}

test('scenario new refuses to overwrite without --force, and overwrites with it', () => {
  assert.equal(run(['scenario', 'new', 'hello-world.flow.edn', 'again']).code, 0);
  const again = run(['scenario', 'new', 'hello-world.flow.edn', 'again']);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /hello-world\.again\.sim\.edn already exists; pass --force to overwrite/);
  assert.equal(run(['scenario', 'new', 'hello-world.flow.edn', 'again', '--force']).code, 0);
});

test('scenario new: bad name, missing flow, not a flow file', () => {
  assert.match(run(['scenario', 'new', 'hello-world.flow.edn', 'a.b']).stderr, /invalid scenario name "a\.b"/);
  const missing = run(['scenario', 'new', 'nope.flow.edn', 'x']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read 'nope\.flow\.edn'/);
  assert.match(run(['scenario', 'new', 'x.edn', 'x']).stderr, /x\.edn is not a flow file/);
  assert.equal(run(['scenario', 'new', 'hello-world.flow.edn']).code, 2);
});

const webhooks: { file: string; trigger?: string; keys: string[] }[] = [
  { file: 'order-callback.flow.edn', keys: ['order-id'] },
  { file: 'webhook-processor.flow.edn', keys: ['event-id'] },
  { file: 'advanced-order-orchestration.flow.edn', trigger: 'Order Updated', keys: ['order-id'] },
];
for (const w of webhooks) {
  test(`webhook payload ${w.file}: every key the body reads`, () => {
    const r = run(['webhook', 'payload', w.file, ...(w.trigger ? ['--trigger', w.trigger] : [])]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(Object.keys(JSON.parse(r.stdout)).sort(), w.keys);
    assert.match(r.stdout, /^\{\n {2}"/, 'pretty JSON');
  });
}

test('webhook payload for a :webhook interface: invocation input types and nested reads', () => {
  writeFileSync(join(dir, 'intake.flow.edn'), `{:slug :intake
 :concurrency {:type :singleton :on-new-version :supersede}
 :invocations {:default {:inputs [{:name :amount :type :number :required true}]}}
 :interfaces {:manual [{:id :run :invocation :default}]
              :webhook [{:id :hook :invocation :default :event-name "intake"
                         :auth {:type :api-key :secret-ref :intake-secret}}]}
 :flow '(let [{:keys [amount] :as input} (flow/input)]
          {:amount amount :email (get-in input [:customer :email]) :paid? (:paid? input)})}
`);
  const r = run(['webhook', 'payload', 'intake.flow.edn', '--trigger', 'hook']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { amount: 1, customer: { email: 'example-email' }, 'paid?': false });
  // Its scenario binds the webhook secret and runs.
  assert.equal(run(['scenario', 'new', 'intake.flow.edn', 'default']).stdout.trim(), 'intake.sim.edn');
  assert.match(readFileSync(join(dir, 'intake.sim.edn'), 'utf8'), /:intake-secret \{:value "local-secret"\}/);
  const ran = run(['run', 'intake.flow.edn', '--db', db, '--format', 'json']);
  assert.deepEqual(JSON.parse(ran.stdout).output, { amount: 1, email: 'example-email', 'paid?': false });
});

test('webhook payload: no webhook, or an unknown trigger, exits 2 naming the webhooks', () => {
  const none = run(['webhook', 'payload', 'hello-world.flow.edn']);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /:hello-world has no webhook; its webhooks: none/);
  const unknown = run(['webhook', 'payload', 'order-callback.flow.edn', '--trigger', 'nope']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /no webhook "nope"; its webhooks: .*Order webhook/);
});

test('new SLUG --dir: a flow and its scenario that check clean and run', () => {
  const out = join(dir, 'fresh');
  const made = run(['new', 'order-sync', '--dir', out]);
  assert.equal(made.code, 0, made.stderr);
  assert.ok(existsSync(join(out, 'order-sync.flow.edn')) && existsSync(join(out, 'order-sync.sim.edn')));
  const checked = run(['check', '--format', 'json', out]);
  assert.equal(checked.code, 0);
  const parsed = JSON.parse(checked.stdout);
  assert.equal(parsed.files.length, 2);
  assert.deepEqual(parsed.files.flatMap((f: { diagnostics: unknown[] }) => f.diagnostics), []);
  const ran = run(['run', join(out, 'order-sync.flow.edn'), '--db', db, '--format', 'json']);
  const report = JSON.parse(ran.stdout);
  assert.equal(report.status, 'completed', ran.stdout);
  assert.deepEqual(report.output, { message: 'Hello, example-name!' });
  const again = run(['new', 'order-sync', '--dir', out]);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /already exist; pass --force/);
  assert.match(readFileSync(join(out, 'order-sync.flow.edn'), 'utf8'), /:slug :order-sync/);
});

test('new: a bad slug is refused with what a slug is', () => {
  const r = run(['new', 'Order Sync']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /flow-edn new: invalid flow slug "Order Sync": a slug is a letter followed by letters, digits, `_` or `-` .*e\.g\. order-sync/);
  assert.equal(existsSync(join(dir, 'Order Sync.flow.edn')), false);
});

test('--help for the new commands', () => {
  assert.match(run(['scenario', '--help']).stdout, /Usage: flow-edn scenario new FLOW NAME \[--force\]/);
  assert.match(run(['new', '--help']).stdout, /Usage: flow-edn new SLUG \[--dir DIR\] \[--force\]/);
  assert.match(run(['webhook', '--help']).stdout, /Usage: flow-edn webhook payload FLOW \[--trigger ID\]/);
  assert.match(run(['--help']).stdout, /scenario +scenario new FLOW NAME/);
});
