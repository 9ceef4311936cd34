// Inspecting runs from the command line (the built bin as a child process, one store file,
// outside services as real servers on 127.0.0.1): `show RUN --step ID` in JSON and text,
// run ids by prefix and `last`, `cancel`, `kv`, invocation inputs refused at start, colour
// and NO_COLOR, pretty-printed EDN.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { main } from '../../engine/cli/main';
import { colourWanted } from '../../engine/run/paint';
import { json, startServer, type TestServer } from '../run/support';

const root = join(__dirname, '..', '..', '..');
const cli = join(root, 'out', 'cli.js');
const examples = join(root, 'examples');
const dir = mkdtempSync(join(tmpdir(), 'flow-edn-inspect-'));
const db = join(dir, 'runs.db');
const run = promisify(execFile);

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
  json: any;
}

async function cmd(args: string[], env: Record<string, string> = {}): Promise<Ran> {
  let r: { stdout: string; stderr: string; code?: number };
  try {
    r = await run(process.execPath, [cli, ...args, '--db', db], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FLOW_EDN_USER: 'cli-test', ...env } });
  } catch (e) {
    r = e as { stdout: string; stderr: string; code: number };
  }
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(r.stdout);
  } catch {
    // text output
  }
  return { code: r.code ?? 0, stdout: r.stdout, stderr: r.stderr, json: parsed };
}

/** In process, with the output captured and colour as given. */
async function inProcess(args: string[], colour: boolean, width = 100): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main([...args, '--db', db], { out: (t) => (out += t + '\n'), err: (t) => (err += t + '\n'), colour, width });
  return { code, out, err };
}

let server: TestServer;
let calls = 0;
before(async () => {
  server = await startServer(async (req, res) => {
    if (req.url === '/things/T-9') return ++calls === 1 ? json(res, 503, { error: 'warming up' }, { 'retry-after': '0' }) : json(res, 200, { id: 'T-9', name: 'Widget' }, { 'x-trace': 'tr-1' });
    json(res, 404, { error: 'no ' + req.url });
  });
});
after(() => server.close());

const secret = 'tok-3f9a-very-secret';
const httpFlow = join(dir, 'things.flow.edn');
writeFileSync(httpFlow, `{:slug :things :name "Things"
 :concurrency {:type :singleton :on-new-version :supersede}
 :invocations {:default {:inputs [{:name :id :type :text :required true}]}}
 :interfaces {:manual [{:id :run :invocation :default}]}
 :requires [{:slot :api :type :http-api :label "API" :base-url "https://example.invalid" :auth {:type :bearer}}]
 :templates [{:id :get-thing :type :http-request :request {:method :get :path "/things/{{id}}"}}]
 :flow '(let [input (flow/input)
              thing (flow/step :http :get-thing {:connection :api :template :get-thing :data {:id (:id input)}
                                                 :retry {:max-attempts 3 :backoff-ms 10}})]
          (:body thing))}
`);
const httpSim = () => `{:input {:id "T-9"} :clock {:start "2026-11-29T10:00:00Z"} :bindings {:api {:base-url "${server.url}" :token #env "THINGS_TOKEN"}}}`;

test('show RUN --step ID --format json: each attempt with its request and response, config rendered, secrets as ***', async () => {
  writeFileSync(join(dir, 'things.sim.edn'), httpSim());
  const started = await cmd(['run', httpFlow, '--format', 'json'], { THINGS_TOKEN: secret });
  assert.equal(started.code, 0, started.stderr);
  assert.equal(started.json.status, 'completed');
  const shown = await cmd(['show', started.json.runId, '--step', 'get-thing', '--format', 'json']);
  assert.equal(shown.code, 0, shown.stderr);
  assert.equal(shown.stdout.includes(secret), false, 'the secret is not printed');
  const r = shown.json;
  assert.deepEqual(Object.keys(r), ['runId', 'step']);
  assert.deepEqual(Object.keys(r.step), ['id', 'type', 'occurrences']);
  assert.equal(r.step.type, 'http');
  const [o] = r.step.occurrences;
  assert.equal(r.step.occurrences.length, 1);
  for (const k of ['key', 'status', 'config', 'input', 'attempts', 'result', 'resultEdn']) assert.ok(k in o, `occurrence has ${k}`);
  assert.equal(o.key, 'get-thing#0');
  assert.equal(o.status, 'completed');
  assert.equal(o.config.path, '/things/T-9', 'the template rendered with :data');
  assert.deepEqual(o.attempts.map((a: any) => [a.n, a.status, a.response?.status]), [[1, 'retry', 503], [2, 'ok', 200]]);
  for (const a of o.attempts) {
    assert.deepEqual(Object.keys(a), ['n', 'status', 'startedAt', 'durationMs', 'request', 'response', 'error']);
    assert.match(a.startedAt, /^2026-11-29T10:00:0\d\.\d{3}Z$/);
    assert.equal(typeof a.durationMs, 'number');
    assert.equal(a.request.method, 'GET');
    assert.equal(a.request.url, `${server.url}/things/T-9`);
    assert.equal(a.request.headers.authorization, 'Bearer ***');
  }
  assert.match(o.attempts[0].error, /answered 503/);
  assert.equal(o.attempts[1].error, null);
  assert.equal(o.attempts[1].response.headers['x-trace'], 'tr-1');
  assert.deepEqual(JSON.parse(o.attempts[1].response.body), { id: 'T-9', name: 'Widget' });
  assert.equal(o.result.status, 200);
  assert.deepEqual(o.result.body, { id: 'T-9', name: 'Widget' });
  assert.match(o.resultEdn, /^\{:status 200, :headers \{.*\}, :body \{:id "T-9", :name "Widget"\}\}$/);
  // The server got the real token.
  assert.equal(server.received.at(-1)!.headers['authorization'], `Bearer ${secret}`);

  const text = await cmd(['show', started.json.runId, '--step', ':get-thing']);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^run r-\S+ {2}step :get-thing \(:http\) {2}1 occurrence$/m);
  assert.match(text.stdout, /^ {2}attempt 1 {2}retry {2}2026-11-29T10:00:00\.000Z/m);
  assert.match(text.stdout, /^ {4}response: 503$/m);
  assert.match(text.stdout, /^ {2}attempt 2 {2}ok/m);
  assert.match(text.stdout, /^ {6}authorization: Bearer \*\*\*$/m);
  assert.match(text.stdout, /^ {2}result:/m);
  assert.equal(text.stdout.includes(secret), false);

  const missing = await cmd(['show', started.json.runId, '--step', 'nope']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /has no step :nope; it reached :get-thing/);
});

test("show --step on the founding flow: :fetch-risk's request and response, the approval wait's notification and resolution", async () => {
  const started = await cmd(['run', join(examples, 'advanced-order-orchestration-fixed.flow.edn'), '--format', 'json']);
  assert.equal(started.code, 0, started.stderr);
  const risk = (await cmd(['show', 'last', '--step', 'fetch-risk', '--format', 'json'])).json;
  assert.equal(risk.runId, started.json.runId);
  const [o] = risk.step.occurrences;
  assert.equal(o.config.path, '/orders/A-1001/risk');
  assert.equal(o.attempts[0].request.url, 'http://orders-api.mock.invalid/orders/A-1001/risk');
  assert.equal(o.attempts[0].request.mocked, true);
  assert.deepEqual(JSON.parse(o.attempts[0].response.body), { 'risk-level': 'high', score: 91 });
  const wait = (await cmd(['show', 'last', '--step', 'manager-approval', '--format', 'json'])).json;
  const [w] = wait.step.occurrences;
  assert.equal(wait.step.type, 'wait');
  assert.equal(w.attempts[0].request.purpose, 'notification');
  assert.match(JSON.parse(w.attempts[0].request.body).subject, /^Approve order A-1001$/);
  assert.equal(w.attempts[0].response.status, 202);
  assert.deepEqual(
    { key: w.wait.key, status: w.wait.status, by: w.wait.resolvedBy, expiresAt: w.wait.expiresAt, resolution: w.wait.resolution },
    { key: 'approval:order:A-1001', status: 'approved', by: 'simulation', expiresAt: '2026-11-29T12:00:00.000Z', resolution: { action: 'approve', by: 'manager@example.com' } },
  );
  assert.deepEqual(w.result, { action: 'approve', by: 'manager@example.com' });
  const text = await cmd(['show', 'last', '--step', 'manager-approval']);
  assert.match(text.stdout, /^ {4}notification: POST http:\/\/sendgrid\.mock\.invalid\/v3\/mail\/send {2}\(mocked\)$/m);
  assert.match(text.stdout, /^ {2}wait: key "approval:order:A-1001" approved by simulation at 2026-11-29T10:00:00\.000Z {2}\(expires 2026-11-29T12:00:00\.000Z\)$/m);
});

const waitFlow = join(dir, 'approval.flow.edn');
writeFileSync(waitFlow, `{:slug :approval :name "Approval"
 :concurrency {:type :singleton :on-new-version :supersede}
 :invocations {:default {:inputs []}}
 :interfaces {:manual [{:id :run :invocation :default}]}
 :flow '(flow/step :wait :manager {:key (str "order:" (:id (flow/input))) :timeout "2h"})}
`);

test('run ids: a unique prefix and `last` (of the store, or of a flow) work; an ambiguous or unknown id says so', async () => {
  writeFileSync(join(dir, 'approval.sim.edn'), '{:input {:id "P-1"} :clock {:start "2026-11-29T10:00:00Z"}}');
  const first = (await cmd(['run', waitFlow, '--format', 'json'])).json.runId as string;
  writeFileSync(join(dir, 'approval.sim.edn'), '{:input {:id "P-2"} :clock {:start "2026-11-29T11:00:00Z"}}');
  const second = (await cmd(['run', waitFlow, '--format', 'json'])).json.runId as string;
  assert.equal((await cmd(['show', 'last', '--format', 'json'])).json.runId, second);
  assert.equal((await cmd(['show', 'last:approval', '--format', 'json'])).json.runId, second);
  assert.equal((await cmd(['show', 'last', '--flow', 'things', '--format', 'json'])).json.flow, 'things');
  let n = 3;
  while (second.slice(0, n) === first.slice(0, n) || (await cmd(['runs', '--format', 'json'])).json.runs.filter((r: any) => r.runId.startsWith(second.slice(0, n))).length > 1) n++;
  const byPrefix = await cmd(['show', second.slice(0, n), '--format', 'json']);
  assert.equal(byPrefix.json.runId, second, byPrefix.stderr);
  const ambiguous = await cmd(['show', 'r-']);
  assert.equal(ambiguous.code, 2);
  assert.match(ambiguous.stderr, /run id prefix r- is ambiguous: \d+ runs match \(r-/);
  const unknown = await cmd(['approve', 'r-zzzz']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /no run with id r-zzzz in .*runs\.db/);
  const approved = await cmd(['approve', first.slice(0, n + 6), '--format', 'json']);
  assert.equal(approved.json.status, 'completed', approved.stderr);
});

test('cancel: a waiting run is cancelled with its wait; a later approve and a second cancel change nothing', async () => {
  writeFileSync(join(dir, 'approval.sim.edn'), '{:input {:id "C-1"} :clock {:start "2026-11-29T10:00:00Z"}}');
  const runId = (await cmd(['run', waitFlow, '--format', 'json'])).json.runId as string;
  const cancelled = await cmd(['cancel', 'last', '--format', 'json']);
  assert.equal(cancelled.code, 0, cancelled.stderr);
  assert.equal(cancelled.json.runId, runId);
  assert.equal(cancelled.json.status, 'cancelled');
  assert.deepEqual(cancelled.json.waits.map((w: any) => w.status), ['cancelled']);
  const approve = await cmd(['approve', runId]);
  assert.equal(approve.code, 1);
  assert.match(approve.stderr, /is already cancelled by cli-test/);
  const again = await cmd(['cancel', runId]);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /is already cancelled; nothing changed/);
  const timeline = await cmd(['show', runId]);
  assert.match(timeline.stdout, /⏵ :manager cancelled by cli-test\n.*■ cancelled: cancelled by cli-test$/m);
  assert.equal((await cmd(['runs', '--status', 'cancelled', '--format', 'json'])).json.runs.some((r: any) => r.runId === runId), true);
});

test('kv list|get|set|delete: values as EDN or JSON, ttl shown, JSON times in ISO-8601', async () => {
  const set = await cmd(['kv', 'set', 'orders:audit:A-1', '{:action :approve :by "ops"}', '--ttl', '2h', '--format', 'json']);
  assert.equal(set.code, 0, set.stderr);
  assert.equal((await cmd(['kv', 'set', 'orders:audit:A-2', '{"action": "reject"}'])).code, 0);
  assert.equal((await cmd(['kv', 'set', 'other', '7'])).code, 0);
  const got = (await cmd(['kv', 'get', 'orders:audit:A-1', '--format', 'json'])).json.entry;
  assert.deepEqual(got.value, { action: 'approve', by: 'ops' });
  assert.equal(got.valueEdn, '{:action :approve, :by "ops"}');
  assert.ok(got.ttlSeconds > 7190 && got.ttlSeconds <= 7200, String(got.ttlSeconds));
  assert.match(got.expiresAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  const list = await cmd(['kv', 'list', 'orders:']);
  assert.match(list.stdout, /^orders:audit:A-1 {2}ttl 1h 59m 5\ds \(expires \S+Z\)\n {2}\{:action :approve, :by "ops"\}$/m);
  assert.match(list.stdout, /^orders:audit:A-2 {2}no ttl\n {2}\{:action "reject"\}$/m);
  assert.equal(list.stdout.includes('other'), false);
  assert.equal((await cmd(['kv', 'delete', 'orders:audit:A-2'])).code, 0);
  const gone = await cmd(['kv', 'get', 'orders:audit:A-2']);
  assert.equal(gone.code, 1);
  assert.match(gone.stderr, /no key "orders:audit:A-2"/);
  const bad = await cmd(['kv', 'frob']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /kv takes list, get, set or delete, not 'frob'/);
});

test('run refuses a start whose input lacks a required invocation input, naming it; no run is created', async () => {
  const before = (await cmd(['runs', '--flow', 'things', '--format', 'json'])).json.runs.length;
  const refused = await cmd(['run', httpFlow, '--input', '{"name": "x"}']);
  assert.equal(refused.code, 2);
  assert.equal(refused.stderr.trim(), `flow-edn run: the run did not start: input :id is required by invocation :default but the run input has none; give it, e.g. --input '{:id "..."}'`);
  const typed = await cmd(['run', httpFlow, '--input', '{"id": 12}']);
  assert.equal(typed.code, 2);
  assert.match(typed.stderr, /input :id of invocation :default is :text, so it must be a string, not the number 12/);
  assert.equal((await cmd(['runs', '--flow', 'things', '--format', 'json'])).json.runs.length, before);
});

test('colour when the output is a terminal, none with NO_COLOR; EDN pretty-printed to the width', async () => {
  assert.equal(colourWanted({ isTTY: true }, {}), true);
  assert.equal(colourWanted({ isTTY: true }, { NO_COLOR: '1' }), false);
  assert.equal(colourWanted({ isTTY: true }, { NO_COLOR: '' }), true, 'an empty NO_COLOR does not count (no-color.org)');
  assert.equal(colourWanted({ isTTY: false }, {}), false);
  const coloured = await inProcess(['show', 'last:things'], true);
  assert.match(coloured.out, /\u001b\[32mCOMPLETED\u001b\[39m/);
  assert.match(coloured.out, /\u001b\[32m✔\u001b\[39m :get-thing/);
  const plain = await inProcess(['show', 'last:things'], false);
  assert.equal(/\u001b\[/.test(plain.out), false);
  // A wide output map breaks one entry per line, indented under the brace.
  const narrow = await inProcess(['show', 'last:advanced-order-orchestration-fixed'], false, 60);
  assert.match(narrow.out, /^output: \{:order-id "A-1001"\n {9}:action :approve\n {9}:approval \{:action :approve\n {20}:by "manager@example\.com"\}\n/m);
  assert.ok(narrow.out.split('\n').filter((l) => l.startsWith(' '.repeat(9))).every((l) => l.length <= 60 || !l.includes(', ')), 'every broken line fits 60 columns or holds one unbreakable entry');
  // An EDN resource too: the founding flow's persisted risk artifact.
  const ref = (await cmd(['show', 'last:advanced-order-orchestration-fixed', '--format', 'json'])).json.output['risk-artifact-ref'];
  const resource = await inProcess(['show', '--resource', ref], false, 60);
  assert.match(resource.out, /^\{:order \{:status 200\n {9}:headers \{"content-type" "application\/json"\}\n/);
  const wide = await inProcess(['show', 'last:things'], false, 200);
  assert.match(wide.out, /^output: \{:id "T-9", :name "Widget"\}$/m);
});

test('timeline wording: a skipped step shows as skipped, a resumed wait once, an error once, a timeout at its own expiry', async () => {
  const flow = join(dir, 'wording.flow.edn');
  writeFileSync(flow, `{:slug :wording :name "Wording"
 :concurrency {:type :singleton :on-new-version :supersede}
 :invocations {:default {:inputs []}}
 :interfaces {:manual [{:id :run :invocation :default}]}
 :flow '(let [a (flow/step :wait :manager {:key (str "w:" (:id (flow/input))) :timeout "2h"})
              b (flow/step :http :optional {:url "${server.url}/missing" :on-error :skip})]
          {:a (:action a) :b b})}
`);
  writeFileSync(join(dir, 'wording.sim.edn'), '{:input {:id "1"} :clock {:start "2026-11-29T10:00:00Z"}}');
  await cmd(['run', flow]);
  const approved = await cmd(['approve', 'last:wording']);
  assert.equal(approved.code, 0, approved.stderr);
  const lines = approved.stdout.split('\n');
  assert.equal(lines.filter((l) => l.includes('▶ :manager')).length, 1, 'the wait is started once');
  assert.equal(lines.filter((l) => l.includes('⏵ :manager approved by cli-test')).length, 1);
  assert.match(approved.stdout, /⤼ :optional skipped \(:on-error :skip\): GET http:\/\/127\.0\.0\.1:\d+\/missing answered 404/);
  assert.equal(lines.filter((l) => l.includes('answered 404')).length, 1, 'the error is printed once');
  const report = await cmd(['show', 'last:wording', '--format', 'json']);
  assert.deepEqual(report.json.steps.map((s: any) => [s.id, s.status]), [['manager', 'completed'], ['optional', 'skipped']]);
  // A wait noticed 3h late: the message gives the wait's own expiry, once.
  writeFileSync(join(dir, 'wording.sim.edn'), '{:input {:id "2"} :clock {:start "2026-11-29T10:00:00Z"}}');
  await cmd(['run', flow]);
  const late = await cmd(['resume', 'last:wording', '--advance', '3h']);
  assert.equal(late.code, 1);
  const message = 'wait :manager (key w:2) timed out at 2026-11-29T12:00:00.000Z, the end of its 2h timeout (:on-timeout :fail)';
  assert.equal(late.stdout.split(message).length - 1, 1, late.stdout);
  assert.match(late.stdout, / {2}■ failed$/m);
});
