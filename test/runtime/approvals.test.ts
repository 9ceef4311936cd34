// Approval links and the wait API: the links a wait's notification carries point at this
// server with an unguessable token; opening one resolves the wait once (page or JSON); reuse,
// a wrong token and a use after the timeout change nothing; timeouts fire on the server's
// clock, also for waits that expired while it was down; approve/reject/timeout races have
// exactly one winner, every time.

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { after, before, test } from 'node:test';
import { ManualClock } from '../../engine/runtime/clock';
import type { RunEvent } from '../../engine/run/events';
import { http, postJson, serve, tempDir, write, type Served } from './support';

const FLOW = `{:slug :approve :name "Approve"
 :concurrency {:type :keyed :key-field :k :on-new-version :coexist}
 :requires [{:slot :mailer :type :http-api :label "Mailer" :base-url "https://mail.example.com" :auth {:type :none}}]
 :triggers [{:type :event :label "In" :config {:source :webhook :path "/in/approve" :auth {:type :api-key :secret-ref :key}}}]
 :flow '(let [in (flow/input)
              a (flow/step :wait :approval {:key (str "approval:" (:k in)) :timeout "2h"
                                            :notify {:channels {:http {:connection :mailer :path "/send" :method :post
                                                                       :json {:approve "{{approval-url}}" :reject "{{rejection-url}}"}}}}})]
          {:k (:k in) :action (:action a) :by (:by a) :note (:note a)})}`;
const SIM = '{:bindings {:key {:value "k-1"} :mailer {:mock {:status 202}}}}';

const dir = tempDir();
write(dir, 'approve.flow.edn', FLOW);
write(dir, 'approve.sim.edn', SIM);
const clock = new ManualClock(Date.UTC(2026, 10, 29, 10, 0));
let s: Served;
let n = 0;

before(async () => {
  s = await serve(dir, { clock });
});
after(() => s.close());

/** Starts a run that waits; returns it with the links from the e-mail it sent. */
async function waitingRun(server = s): Promise<{ runId: string; approve: string; reject: string; waitId: string }> {
  const a = await postJson(`${server.url}/in/approve`, { k: `k${++n}` }, { 'X-API-Key': 'k-1' });
  assert.equal(a.json.status, 'waiting', a.text);
  const mail = server.store.events(a.json.runId).map((e) => JSON.parse(e.data) as RunEvent).find((e) => e.type === 'request');
  assert.ok(mail && mail.type === 'request' && mail.body);
  const { approve, reject } = JSON.parse(mail.body!) as { approve: string; reject: string };
  assert.ok(approve.startsWith(`${server.url}/waits/`), `the link points at this server: ${approve}`);
  assert.match(approve, /\/approve\?token=[0-9a-f]{36}$/);
  return { runId: a.json.runId, approve, reject, waitId: /\/waits\/([^/]+)\//.exec(approve)![1]! };
}

const resolvedEvents = (runId: string) => s.store.events(runId).filter((e) => e.type === 'wait-resolved').length;

test('approve through the link (JSON for a client); reuse and the other link change nothing', async () => {
  const r = await waitingRun();
  const ok = await http('GET', r.approve);
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.wait.status, 'approved');
  assert.equal(ok.json.run.status, 'completed');
  assert.deepEqual(ok.json.run.output, { k: `k${n}`, action: 'approve', by: 'approval-link', note: null });
  const again = await http('GET', r.approve);
  assert.equal(again.status, 409);
  assert.equal(again.json.error.reason, 'already-resolved');
  assert.match(again.json.error.message, /already approved by approval-link at .*; this approve changed nothing/);
  const other = await http('POST', r.reject);
  assert.equal(other.status, 409);
  assert.equal(s.store.getRun(r.runId)!.status, 'completed');
  assert.equal(resolvedEvents(r.runId), 1);
});

test('reject through the link in a browser gets a small page; wrong token 403, unknown wait 404', async () => {
  const r = await waitingRun();
  const bad = await http('GET', r.reject.replace(/token=.*/, 'token=' + '0'.repeat(36)), null, { accept: 'text/html' });
  assert.equal(bad.status, 403);
  assert.equal(s.store.getWait(r.waitId)!.status, 'pending');
  const none = await http('GET', r.reject.replace(/token=.*/, ''));
  assert.equal(none.status, 403);
  assert.match(none.json.error.message, /missing \?token=/);
  assert.equal((await http('GET', `${s.url}/waits/w-000000000000/approve?token=x`)).status, 404);
  const page = await http('GET', r.reject, null, { accept: 'text/html,application/xhtml+xml' });
  assert.equal(page.status, 200);
  assert.match(String(page.headers['content-type']), /text\/html/);
  assert.match(page.text, /<h1>Rejected<\/h1>/);
  assert.match(String(page.headers['content-security-policy']), /default-src 'none'/);
  assert.match(s.store.getRun(r.runId)!.output!, /:action :reject/);
  const reuse = await http('GET', r.reject, null, { accept: 'text/html' });
  assert.equal(reuse.status, 409);
  assert.match(reuse.text, /already decided/);
});

test('the timeout fires on the server clock; a link used afterwards answers 410 and changes nothing', async () => {
  const r = await waitingRun();
  const from = s.events.length;
  clock.advance(2 * 3600_000);
  const settled = await s.waitFor((e) => e.type === 'run-settled' && e.runId === r.runId, 'the timeout', from);
  assert.equal(settled.type === 'run-settled' && settled.status, 'failed');
  assert.match(s.store.getRun(r.runId)!.error!, /timed out at \d{4}-\d\d-\d\dT[\d:.]+Z, the end of its 2h timeout/);
  const late = await http('GET', r.approve);
  assert.equal(late.status, 410);
  assert.equal(late.json.error.reason, 'timed-out');
  assert.equal(s.store.getWait(r.waitId)!.status, 'timed-out');
});

test('the JSON API lists waits and completes one with a payload; a second resolution is refused', async () => {
  const r = await waitingRun();
  const list = await http('GET', `${s.url}/api/waits`);
  assert.ok(list.json.waits.some((w: { waitId: string; status: string; flow: string }) => w.waitId === r.waitId && w.status === 'pending' && w.flow === 'approve'));
  assert.ok(!JSON.stringify(list.json).includes('token'), 'tokens are not listed');
  const done = await postJson(`${s.url}/api/waits/${r.waitId}/approve`, { payload: { note: 'looks fine' }, by: 'ops@example.com' }, s.api);
  assert.equal(done.status, 200, done.text);
  assert.deepEqual(done.json.run.output, { k: `k${n}`, action: 'approve', by: 'ops@example.com', note: 'looks fine' });
  const twice = await postJson(`${s.url}/api/waits/${r.waitId}/reject`, {}, s.api);
  assert.equal(twice.status, 409);
  const runs = await http('GET', `${s.url}/api/runs/${r.runId}`);
  assert.equal(runs.json.run.status, 'completed');
});

test('racing approve, reject and the timeout: exactly one wins, every time', async () => {
  const orders = fc.sample(fc.tuple(fc.shuffledSubarray(['approve', 'reject', 'timeout'] as const, { minLength: 3, maxLength: 3 }), fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 3, maxLength: 3 })), { seed: 77, numRuns: 15 });
  const winners = new Set<string>();
  for (const [order, pauses] of orders) {
    const r = await waitingRun();
    const expiresAt = s.store.getWait(r.waitId)!.expiresAt!;
    const answers = new Map<string, number>();
    const from = s.events.length;
    await Promise.all(
      order.map(async (who, i) => {
        for (let k = 0; k < pauses[i]!; k++) await new Promise((res) => setImmediate(res));
        if (who === 'timeout') clock.advanceTo(expiresAt);
        else answers.set(who, (await http('GET', who === 'approve' ? r.approve : r.reject)).status);
      }),
    );
    await s.waitFor((e) => e.type === 'run-settled' && e.runId === r.runId && e.status !== 'waiting', `run ${r.runId} to end`, from);
    const wait = s.store.getWait(r.waitId)!;
    const run = s.store.getRun(r.runId)!;
    winners.add(wait.status);
    const wins = [...answers.values()].filter((st) => st === 200).length;
    if (wait.status === 'timed-out') {
      assert.equal(wins, 0, `order ${order}: the timeout won, no link may succeed`);
      assert.equal(run.status, 'failed');
    } else {
      assert.equal(wins, 1, `order ${order}: exactly one link wins (${[...answers]})`);
      assert.equal(answers.get(wait.status === 'approved' ? 'approve' : 'reject'), 200);
      assert.match(run.output!, new RegExp(`:action :${wait.status === 'approved' ? 'approve' : 'reject'}`));
    }
    for (const st of answers.values()) assert.ok([200, 409, 410].includes(st));
    assert.equal(resolvedEvents(r.runId), 1, 'one resolution recorded');
  }
  assert.ok(winners.size >= 2, `the races had different winners: ${[...winners]}`);
});

test('a wait that expired while the server was down times out at start-up', async () => {
  const d2 = tempDir();
  write(d2, 'approve.flow.edn', FLOW);
  write(d2, 'approve.sim.edn', SIM);
  const c2 = new ManualClock(Date.UTC(2026, 10, 29, 12, 0));
  const a = await serve(d2, { clock: c2 });
  let r;
  try {
    r = await waitingRun(a);
  } finally {
    await a.close();
  }
  c2.advance(3 * 3600_000);
  const b = await serve(d2, { clock: c2 });
  try {
    const recovered = b.events.find((e) => e.type === 'recovered');
    assert.ok(recovered && recovered.type === 'recovered' && recovered.expiredWaits.includes(r.waitId));
    await b.waitFor((e) => e.type === 'run-settled' && e.runId === r.runId && e.status === 'failed', 'the timeout at start-up');
    assert.ok(b.log.some((l) => l.includes('expired while the server was down')));
  } finally {
    await b.close();
  }
});
