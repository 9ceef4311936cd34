// Concurrency per spec §3 through real HTTP: many deliveries for a few keys in random order
// (fast-check, fixed seed) never have two active runs of one key, all complete, and each
// key's runs start in arrival order; singleton flows run one at a time; a failure or a
// cancellation frees the slot for the next in line.

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { after, before, test } from 'node:test';
import type { RunRecord } from '../../engine/store/port';
import { Observer, observedFlow, KEY_SIM } from './observer';
import { http, keyedFlow, postJson, serve, tempDir, write, type Served } from './support';

let s: Served;
const observer = new Observer();

before(async () => {
  await observer.start();
  const dir = tempDir();
  write(dir, 'keyed.flow.edn', observedFlow('keyed', observer.url, '{:type :keyed :key-field :k :on-new-version :supersede}'));
  write(dir, 'keyed.sim.edn', KEY_SIM);
  write(dir, 'single.flow.edn', observedFlow('single', observer.url, '{:type :singleton :on-new-version :supersede}'));
  write(dir, 'single.sim.edn', KEY_SIM);
  s = await serve(dir);
});
after(async () => {
  await s.close();
  await observer.close();
});

/** Per key, no two runs' [start, end] overlap in the store either. */
function assertNoOverlap(runs: RunRecord[]): void {
  const byKey = new Map<string, RunRecord[]>();
  for (const r of runs) byKey.set(r.concurrencyKey ?? '*', [...(byKey.get(r.concurrencyKey ?? '*') ?? []), r]);
  for (const [key, list] of byKey) {
    list.sort((a, b) => a.createdAt - b.createdAt || (a.endedAt ?? 0) - (b.endedAt ?? 0));
    for (let i = 1; i < list.length; i++) assert.ok(list[i]!.createdAt >= list[i - 1]!.endedAt!, `key ${key}: ${list[i]!.id} started before ${list[i - 1]!.id} ended`);
  }
}

test('random deliveries for a few keys: one active run per key, all complete, arrival order per key', async () => {
  let round = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(fc.record({ key: fc.integer({ min: 0, max: 2 }), delay: fc.integer({ min: 0, max: 6 }) }), { minLength: 12, maxLength: 30 }), async (deliveries) => {
      round++;
      const delays = new Map(deliveries.map((d, n) => [n, d.delay]));
      observer.delay = (n) => delays.get(n) ?? 0;
      // Sent all at once: the server's arrival order is whatever order it accepts them in.
      const answers = await Promise.all(deliveries.map((d, n) => postJson(`${s.url}/in/keyed`, { k: `r${round}-k${d.key}`, n }, { 'X-API-Key': 'k-1' })));
      for (const a of answers) assert.equal(a.status, 202, a.text);
      const ids = answers.map((a) => a.json.runId as string);
      const arrival = new Map(answers.map((a) => [a.json.runId as string, a.json.arrival as number]));
      assert.ok(answers.some((a) => a.json.concurrencyDecision === 'queued') || deliveries.length < 4 || new Set(deliveries.map((d) => d.key)).size === deliveries.length);
      await Promise.all(ids.map((id) => s.waitFor((e) => e.type === 'run-settled' && e.runId === id && e.status !== 'running' && e.status !== 'waiting', `run ${id}`)));
      const runs = ids.map((id) => s.store.getRun(id)!);
      for (const r of runs) assert.equal(r.status, 'completed', `${r.id}: ${r.error}`);
      assert.deepEqual(observer.violations, []);
      for (const [key, order] of observer.beginOrder()) {
        if (!key.startsWith(`r${round}-`)) continue;
        const seqs = order.map((id) => arrival.get(id)!);
        assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), `key ${key} started out of arrival order`);
      }
      assertNoOverlap(runs);
      assert.equal(s.store.queuedRuns({ flow: 'keyed' }).length, 0);
    }),
    { seed: 20261129, numRuns: 4 },
  );
});

test('a singleton flow runs one delivery at a time, in arrival order', async () => {
  observer.delay = () => 3;
  const answers = await Promise.all([0, 1, 2, 3, 4].map((n) => postJson(`${s.url}/in/single`, { k: 'solo', n: 100 + n }, { 'X-API-Key': 'k-1' })));
  const ids = answers.map((a) => a.json.runId as string);
  assert.equal(answers.filter((a) => a.json.concurrencyDecision === 'started').length, 1);
  await Promise.all(ids.map((id) => s.waitFor((e) => e.type === 'run-settled' && e.runId === id && e.status === 'completed', `run ${id}`)));
  assert.deepEqual(observer.violations, []);
  const order = observer.beginOrder().get('solo')!;
  const arrival = new Map(answers.map((a) => [a.json.runId, a.json.arrival]));
  assert.deepEqual(order.map((id) => arrival.get(id)), [...order.map((id) => arrival.get(id))].sort((a, b) => a - b));
  assertNoOverlap(ids.map((id) => s.store.getRun(id)!));
});

test('a failed or cancelled run frees its slot; a duplicate delivery of a running key is deduped', async () => {
  const dir = tempDir();
  write(dir, 'gate.flow.edn', keyedFlow('gate', `(let [in (flow/input)
      w (flow/step :wait :hold {:key (str "hold:" (:n in)) :timeout "1h"})]
    (if (= :reject (:action w)) (throw (ex-info "rejected" {})) (:n in)))`, `:triggers [{:type :event :label "In" :config {:source :webhook :path "/in/gate" :auth {:type :api-key :secret-ref :key}}}]`));
  write(dir, 'gate.sim.edn', KEY_SIM);
  const g = await serve(dir, { db: ':memory:', lock: false });
  try {
    const send = (n: number) => postJson(`${g.url}/in/gate`, { k: 'a', n }, { 'X-API-Key': 'k-1' });
    const first = await send(1);
    assert.equal(first.json.status, 'waiting');
    const dup = await send(1);
    assert.equal(dup.status, 200);
    assert.deepEqual([dup.json.concurrencyDecision, dup.json.deduped, dup.json.runId], ['deduped', true, first.json.runId]);
    const second = await send(2);
    const third = await send(3);
    assert.deepEqual([second.json.concurrencyDecision, third.json.concurrencyDecision], ['queued', 'queued']);
    const dupQueued = await send(3);
    assert.deepEqual([dupQueued.json.concurrencyDecision, dupQueued.json.runId], ['deduped', third.json.runId]);
    // Reject the first: its run fails, and the second starts.
    const w1 = g.store.findWaits({ runId: first.json.runId })[0]!;
    const rejected = await postJson(`${g.url}/api/waits/${w1.id}/reject`, {}, g.api);
    assert.equal(rejected.status, 200, rejected.text);
    assert.equal(rejected.json.run.status, 'failed');
    await g.waitFor((e) => e.type === 'run-settled' && e.runId === second.json.runId && e.status === 'waiting', 'second run waiting');
    // Cancel the second through the API: the third starts.
    const cancelled = await http('POST', `${g.url}/api/runs/${second.json.runId}/cancel`, null, g.api);
    assert.deepEqual(cancelled.json, { runId: second.json.runId, status: 'cancelled' });
    await g.waitFor((e) => e.type === 'run-settled' && e.runId === third.json.runId && e.status === 'waiting', 'third run waiting');
    assert.equal(g.store.getRun(second.json.runId)!.status, 'cancelled');
    assert.equal(g.store.findWaits({ runId: second.json.runId })[0]!.status, 'cancelled');
    const runs = await http('GET', `${g.url}/api/runs?flow=gate`);
    assert.deepEqual(runs.json.runs.map((r: { status: string }) => r.status).sort(), ['cancelled', 'failed', 'waiting']);
  } finally {
    await g.close();
  }
});
