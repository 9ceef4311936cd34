// Durability (issue 4, design §4 and §10): a child process running a flow is killed with
// SIGKILL at random points, many times: mid-request, mid-retry (in a backoff, or on a later
// attempt after a 503), between steps, while the run waits and while an approval resumes it.
// After each kill the run is resumed in a new child (which may be killed too) until it
// completes. A counting HTTP server on 127.0.0.1 records every request with its
// Idempotency-Key (`<runId>:<stepKey>`) in arrival order, and the test checks that:
//   - every run completes with the expected output and journal;
//   - no step journaled at the moment of a kill is requested again after it, and at most one
//     step (the one in flight) is requested both before and after a kill;
//   - `:kv :increment` is exactly-once: the counter equals the number of increment steps;
//   - `PRAGMA integrity_check` is ok.
// Kill timings come from a seeded PRNG (DURABILITY_SEED, printed in the summary); the number
// of iterations from DURABILITY_ITERATIONS (default 48); DURABILITY_DEBUG=1 logs every child.
// Where a kill lands still depends on timing, so a seed fixes the plan, not the outcome.
//
// A SIGKILLed process never releases its run's lease (30 s): resuming at once relies on the
// engine taking over a lease whose owner process is dead (engine/run/lease.ts), which the
// last test here checks directly.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { decodeValue } from '../../engine/run/codec';
import { acquireRunLease, leaseOwnerId, leaseOwnerIsDead } from '../../engine/run/lease';
import { printValue } from '../../engine/edn/printer';
import { openStore } from '../../engine/store/index';
import type { RunStore } from '../../engine/store/port';
import { seeded } from '../support/seeded';

const SEED = Number(process.env.DURABILITY_SEED ?? 20261129) >>> 0;
const ITERATIONS = Number(process.env.DURABILITY_ITERATIONS ?? 48);
/** At most this many kills per run, so the file stays within its time budget. */
const MAX_KILLS_PER_RUN = 4;
const CHILD = join(__dirname, 'durability-child.js');

const rand = seeded(SEED);
const serverRand = seeded(SEED ^ 0x9e3779b9);

// ---- the counting server ----

interface Request {
  index: number;
  /** The Idempotency-Key header: `<runId>:<stepKey>`. */
  key: string;
  runId: string;
  stepKey: string;
  url: string;
  /** The status answered, or null while the request is held (or its client died first). */
  status: number | null;
  /** The client went away before the answer (killed mid-request). */
  abandoned: boolean;
}

/** How many first attempts of a step key the server fails with 503 (by step key). */
const FAILURES: Record<string, number> = { 'fetch-order#0': 1, 'fetch-item#1': 2, 'fetch-item#3': 1, 'charge#0': 1 };

let server: Server;
let baseUrl = '';
const received: Request[] = [];
let open = 0;

function answer(path: string, body: string): unknown {
  const m = /^\/orders\/(.+)$/.exec(path);
  if (m) return { id: m[1], risk: 'low' };
  const item = /^\/items\/(\d+)$/.exec(path);
  if (item) return { item: Number(item[1]), price: Number(item[1]) * 10 };
  if (path === '/charge') return { charged: JSON.parse(body) as unknown };
  if (path === '/done') return { ok: true };
  return undefined;
}

before(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const key = String(req.headers['idempotency-key'] ?? '');
      const colon = key.lastIndexOf(':');
      const r: Request = { index: received.length, key, runId: key.slice(0, colon), stepKey: key.slice(colon + 1), url: req.url ?? '/', status: null, abandoned: false };
      received.push(r);
      open++;
      let done = false;
      const finish = (abandoned: boolean) => {
        if (done) return;
        done = true;
        open--;
        r.abandoned = abandoned;
      };
      res.on('close', () => finish(!res.writableFinished));
      const body = Buffer.concat(chunks).toString('utf8');
      const earlier = received.filter((x) => x.key === key).length - 1;
      const status = earlier < (FAILURES[r.stepKey] ?? 0) ? 503 : answer(r.url, body) === undefined ? 404 : 200;
      // A small random delay, so that kills land while the request is held.
      setTimeout(() => {
        if (res.destroyed) return finish(true);
        r.status = status;
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(status === 200 ? answer(r.url, body) : { error: status === 503 ? 'try again' : 'no route' }));
      }, Math.floor(serverRand() * 20));
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

// ---- the flow ----

const FLOW = `{:slug :durability
 :name "Durability"
 :concurrency {:type :singleton :on-new-version :supersede}
 :invocations {:default {:inputs []}}
 :interfaces {:manual [{:id :run :invocation :default}]}
 :requires [{:slot :api :type :http-api :label "API" :base-url "https://example.invalid" :auth {:type :none}}]
 :functions [{:id :total
              :language :clojure
              :code "(fn [{:keys [items]}] (reduce + 0 (map (fn [r] (:price (:body r))) items)))"}]
 :flow
 '(let [in (flow/input)
        id (:id in)
        order (flow/step :http :fetch-order
                {:connection :api :path (str "/orders/" id) :retry {:max-attempts 4 :backoff-ms 5}})
        c1 (flow/step :kv :count-1 {:operation :increment :key (str "count-" id)})
        items (vec (for [n [1 2 3 4]]
                     (flow/step :http :fetch-item
                       {:connection :api :path (str "/items/" n) :retry {:max-attempts 4 :backoff-ms 5}})))
        c2 (flow/step :kv :count-2 {:operation :increment :key (str "count-" id)})
        total (flow/step :function :total {:ref :total :input {:items items}})
        approval (flow/step :wait :approval {:key (str "approval-" id) :timeout "1h"})
        charge (flow/step :http :charge
                 {:connection :api :method :post :path "/charge" :json {:id id :total total}
                  :retry {:max-attempts 4 :backoff-ms 5}})
        c3 (flow/step :kv :count-3 {:operation :increment :key (str "count-" id)})
        done (flow/step :http :notify-done
               {:connection :api :method :post :path "/done" :json {:id id} :retry {:max-attempts 4 :backoff-ms 5}})]
    {:order (:body order) :total total :approval (:action approval) :charged (:body charge)
     :count (:value c3) :done (:status done)})}
`;

const STEP_KEYS = ['fetch-order#0', 'count-1#0', 'fetch-item#0', 'fetch-item#1', 'fetch-item#2', 'fetch-item#3', 'count-2#0', 'total#0', 'approval#0', 'charge#0', 'count-3#0', 'notify-done#0'];
const INCREMENT_STEPS = 3;
const expectedOutput = (id: string) =>
  `{:order {:id "${id}", :risk "low"}, :total 100, :approval :approve, :charged {:charged {:id "${id}", :total 100}}, :count ${INCREMENT_STEPS}, :done 200}`;

// ---- children ----

type Action = 'start' | 'resume' | 'approve';

interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** ms from `go` to exit (when not killed). */
  ranMs: number;
  killed: boolean;
  /** Requests the server held unanswered when the kill was sent. */
  openAtKill: number;
}

function runChild(paths: { db: string; flow: string; sim: string }, action: Action, runId: string, killAfterMs: number | null): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, paths.db, paths.flow, paths.sim, action, runId], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let goAt = 0;
    let killed = false;
    let openAtKill = 0;
    let timer: NodeJS.Timeout | undefined;
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      const first = goAt === 0 && (stdout + d).includes('go\n');
      stdout += d;
      if (!first) return;
      goAt = performance.now();
      if (killAfterMs !== null) {
        timer = setTimeout(() => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          openAtKill = open;
          killed = child.kill('SIGKILL');
        }, killAfterMs);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ranMs: goAt ? performance.now() - goAt : 0, killed: killed && signal === 'SIGKILL', openAtKill });
    });
  });
}

/** Waits until the server holds no request of a dead client (its sockets are closed). */
async function settle(): Promise<void> {
  const until = performance.now() + 1000;
  await new Promise((r) => setTimeout(r, 5));
  while (open > 0 && performance.now() < until) await new Promise((r) => setTimeout(r, 5));
}

// ---- the test ----

interface Kill {
  runId: string;
  action: Action;
  /** server.received.length once the killed child was gone. */
  index: number;
  journaled: Set<string>;
  midRequest: boolean;
  midRetry: boolean;
  /** The run's wait was pending after the kill (an approve killed before it resolved, or a resume of a waiting run). */
  whileWaiting: boolean;
  /** An approve killed after it resolved the wait (mid-resume). */
  afterResolution: boolean;
  inFlight: string | null;
}

let dir: string;
let store: RunStore;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'flow-edn-durability-'));
  // The test's own connection to the shared store: it reads journals and checks integrity.
  store = openStore(join(dir, 'runs.db'));
});

after(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

test(`SIGKILL at random points: resuming completes every run, no completed step runs again, kv is exactly-once, integrity ok`, { timeout: 240_000 }, async (t) => {
  const began = performance.now();
  const paths = { db: join(dir, 'runs.db'), flow: join(dir, 'durability.flow.edn'), sim: '' };
  writeFileSync(paths.flow, FLOW);
  const kills: Kill[] = [];
  let childCount = 0;
  let repeats = 0;
  let refusedApprovals = 0;
  // Typical time from `go` to exit per action, learnt from runs not killed: kill delays are
  // drawn from [0, 1.2 x that], so they spread over the whole run on any machine.
  const typical: Record<Action, number> = { start: 200, resume: 150, approve: 150 };
  const learnt = new Set<Action>();
  const learn = (action: Action, ms: number) => {
    typical[action] = learnt.has(action) ? typical[action] * 0.7 + ms * 0.3 : ms;
    learnt.add(action);
  };
  let takeovers = 0;

  for (let i = 0; i < ITERATIONS; i++) {
    const runId = `dur-${SEED.toString(36)}-${i}`;
    const id = `o${i}`;
    paths.sim = join(dir, `durability-${i}.sim.edn`);
    writeFileSync(paths.sim, `{:input {:id "${id}"} :bindings {:api {:base-url "${baseUrl}"}}}`);
    const runKills: Kill[] = [];
    let lastKilled: Action | null = null;
    // The first iteration runs unkilled: it checks the setup and calibrates the kill delays.
    const killRate = i === 0 ? 0 : i % 8 === 7 ? 0 : 0.75;
    for (let actions = 0; ; actions++) {
      assert.ok(actions < 30, `run ${runId} did not complete after 30 processes`);
      const run = store.getRun(runId);
      if (run?.status === 'completed') break;
      assert.notEqual(run?.status, 'failed', `run ${runId} failed: ${run?.error}`);
      const pending = run ? store.findWaits({ runId, status: 'pending' }) : [];
      // After a killed approve, approve again: the kill either came before the wait was
      // resolved (this approve resolves it) or after (this one is refused as already resolved).
      const action: Action = run === undefined ? 'start' : lastKilled === 'approve' || (run.status === 'waiting' && pending.length > 0) ? 'approve' : 'resume';
      if (run?.leaseOwner) takeovers++;
      const kill = runKills.length < MAX_KILLS_PER_RUN && rand() < killRate;
      // An approve resolves its wait within a few ms of `go`: a third of its kills aim there.
      const span = action === 'approve' && rand() < 0.35 ? 4 : typical[action] * 1.2;
      const delay = kill ? Math.floor(rand() * span) : null;
      const r = await runChild(paths, action, runId, delay);
      childCount++;
      lastKilled = r.killed ? action : null;
      if (process.env.DURABILITY_DEBUG) console.log(i, action, delay, Math.round(typical[action]), r.killed, Math.round(r.ranMs), r.stdout.trim().split('\n').at(-1)?.slice(0, 40));
      if (!r.killed) {
        assert.equal(r.code, 0, `${action} ${runId} exited ${r.code} (${r.signal}):\n${r.stdout}\n${r.stderr}`);
        if (r.stdout.includes('"refused"')) refusedApprovals++;
        else learn(action, r.ranMs);
        continue;
      }
      await settle();
      const journaled = new Set(store.journal(runId).map((j) => j.stepKey));
      const index = received.length;
      const mine = received.filter((q) => q.runId === runId);
      const last = mine.at(-1);
      const inFlight = last !== undefined && !journaled.has(last.stepKey) ? last.stepKey : null;
      const waitsNow = store.findWaits({ runId });
      const k: Kill = {
        runId,
        action,
        index,
        journaled,
        midRequest: r.openAtKill > 0,
        midRetry: inFlight !== null && mine.some((q) => q.stepKey === inFlight && q.status !== null && q.status >= 500),
        whileWaiting: waitsNow.some((w) => w.status === 'pending'),
        afterResolution: action === 'approve' && waitsNow.some((w) => w.status === 'approved'),
        inFlight,
      };
      runKills.push(k);
      kills.push(k);
    }

    // The run: completed, with the expected output and journal.
    const run = store.getRun(runId)!;
    assert.equal(run.status, 'completed');
    assert.equal(printValue(decodeValue(run.output!)), expectedOutput(id), `output of ${runId}`);
    const journal = store.journal(runId);
    assert.deepEqual(journal.map((j) => j.stepKey), STEP_KEYS, `journal of ${runId}`);
    assert.ok(journal.every((j) => j.status === 'completed'));
    assert.equal(run.leaseOwner, null, `${runId} keeps a lease after completing`);

    // No step journaled at a kill was requested again after it; at most the one in flight repeats.
    const mine = received.filter((q) => q.runId === runId);
    for (const k of runKills) {
      const before = new Set(mine.filter((q) => q.index < k.index).map((q) => q.stepKey));
      const afterKill = mine.filter((q) => q.index >= k.index);
      const again = afterKill.filter((q) => k.journaled.has(q.stepKey));
      assert.deepEqual(again.map((q) => `${q.stepKey} (request ${q.index})`), [], `${runId}: steps journaled when a ${k.action} was killed (at request ${k.index}) were requested again`);
      const repeated = new Set(afterKill.filter((q) => before.has(q.stepKey)).map((q) => q.stepKey));
      assert.ok(repeated.size <= 1, `${runId}: more than one step repeated after a kill: ${[...repeated].join(', ')}`);
      for (const key of repeated) assert.equal(key, k.inFlight, `${runId}: ${key} repeated after a kill but ${k.inFlight} was in flight`);
      repeats += repeated.size;
    }
    // Each step answered 200 at most once more than the kills that caught it in flight.
    for (const key of new Set(mine.map((q) => q.stepKey))) {
      const ok = mine.filter((q) => q.stepKey === key && q.status === 200).length;
      const caught = runKills.filter((k) => k.inFlight === key).length;
      assert.ok(ok <= 1 + caught, `${runId}: ${key} answered 200 ${ok} times with ${caught} kills in flight`);
    }

    // Exactly-once kv: three increments, counter 3.
    const counter = store.kvGet(`count-${id}`, Date.now());
    assert.equal(counter?.value, String(INCREMENT_STEPS), `kv counter of ${runId}`);
    assert.equal(store.integrityCheck(), 'ok');
  }

  const count = (f: (k: Kill) => boolean) => kills.filter(f).length;
  const byAction = (a: Action) => count((k) => k.action === a);
  const seconds = ((performance.now() - began) / 1000).toFixed(1);
  const summary =
    `durability: seed ${SEED}, ${ITERATIONS} runs, ${childCount} child processes, ${kills.length} kills ` +
    `(start ${byAction('start')}, resume ${byAction('resume')}, approve ${byAction('approve')}); ` +
    `mid-request ${count((k) => k.midRequest)}, mid-retry ${count((k) => k.midRetry)}, ` +
    `while waiting ${count((k) => k.whileWaiting)}, approve after resolving ${count((k) => k.afterResolution)}, ` +
    `with no step in flight ${count((k) => k.inFlight === null)}; ` +
    `${repeats} in-flight steps sent again, ${takeovers} leases of killed processes taken over, ${refusedApprovals} second approvals refused; ${seconds}s`;
  t.diagnostic(summary);
  assert.equal(store.integrityCheck(), 'ok');
  assert.ok(kills.length >= ITERATIONS / 2, `only ${kills.length} kills landed`);
});

/** The pid of a process that has exited. */
function exitedPid(): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', () => resolve(child.pid!));
  });
}

test('a lease left by a dead process on this host is taken over at once; live, foreign and unknown owners are left to expire', async () => {
  const id = 'lease-owners';
  const now = Date.now();
  store.createRun({ id, flow: 'durability', flowPath: null, source: FLOW, sourceHash: 'x', trigger: null, input: '{}', simulation: null, concurrencyKey: null, createdAt: now, clock: null });
  const dead = await exitedPid();
  const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  try {
    const host = hostname();
    const me = leaseOwnerId();
    assert.match(me, new RegExp(`^pid-${process.pid}-[0-9a-f]+@`));
    const cases: [owner: string, takenOver: boolean][] = [
      [`pid-${dead}-0a0b0c@${host}`, true],
      [`pid-${live.pid}-0a0b0c@${host}`, false],
      [`pid-${process.pid}-0a0b0c@${host}`, false],
      [`pid-${dead}-0a0b0c@another-host.invalid`, false],
      ['debugger-session-1', false],
    ];
    for (const [owner, takenOver] of cases) {
      assert.equal(store.acquireLease(id, owner, now, 30_000), true);
      assert.equal(leaseOwnerIsDead(owner), takenOver, owner);
      assert.equal(acquireRunLease(store, id, me, now, 30_000), takenOver, owner);
      assert.equal(store.getRun(id)!.leaseOwner, takenOver ? me : owner);
      store.releaseLease(id, takenOver ? me : owner);
    }
    // Of two processes taking over the same dead lease, one wins.
    assert.equal(store.acquireLease(id, `pid-${dead}-0a0b0c@${host}`, now, 30_000), true);
    const other = `pid-${live.pid}-0d0e0f@${host}`;
    assert.equal(acquireRunLease(store, id, other, now, 30_000), true);
    assert.equal(acquireRunLease(store, id, me, now, 30_000), false);
    assert.equal(store.getRun(id)!.leaseOwner, other);
    store.releaseLease(id, other);
    // Expiry still frees any lease.
    assert.equal(store.acquireLease(id, 'debugger-session-1', now, 30_000), true);
    assert.equal(acquireRunLease(store, id, me, now + 30_000, 30_000), true);
  } finally {
    live.kill('SIGKILL');
  }
});
