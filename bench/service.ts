// Run service benchmark: the change feed's latency for another process's commits (the
// feed polls MAX(seq) every 200 ms), beside the poll interval and the cost of one poll
// next to a bare `SELECT 1` on the same connection; and the engine's per-step cost with two
// observers attached (before and after each step, reading the locals) beside none,
// interleaved in one process.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from '../engine/store/driver';
import { loadProgram } from '../engine/run/program';
import type { RunObserver } from '../engine/run/observers';
import { startRun } from '../engine/run/runner';
import { parseSimulation } from '../engine/run/simulation';
import { openStore } from '../engine/store/index';
import { RunService, type FeedChange } from '../engine/service/index';

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

async function feedLatency(dir: string): Promise<void> {
  const db = join(dir, 'feed.db');
  const service = new RunService({ dbPath: db, feed: { pollMs: 200 } });
  const latencies: number[] = [];
  service.subscribe((changes: readonly FeedChange[]) => {
    const now = Date.now();
    for (const c of changes) if (c.kind === 'event' && c.event.type === ('bench' as string)) latencies.push(now - (c.event as unknown as { committedAt: number }).committedAt);
  });
  const count = 150;
  await new Promise<void>((resolve) => spawn(process.execPath, [join(__dirname, 'feed-writer.js'), db, String(count)], { stdio: 'inherit' }).on('exit', () => resolve()));
  await new Promise((r) => setTimeout(r, 500));
  // One poll's cost: MAX(seq) by the primary key, beside SELECT 1 on a connection of the same driver.
  const raw = openDb(db, service.store.driver);
  const one = raw.prepare('SELECT 1');
  const time = (fn: () => unknown) => {
    for (let i = 0; i < 2000; i++) fn();
    const t = process.hrtime.bigint();
    for (let i = 0; i < 20000; i++) fn();
    return Number(process.hrtime.bigint() - t) / 1000 / 20000;
  };
  const selectOne = time(() => one.get());
  const poll = time(() => service.store.lastChange());
  raw.close();
  await service.close();
  console.log(`change feed, another process's commits (${latencies.length}/${count} seen): p50 ${pct(latencies, 0.5)} ms, p95 ${pct(latencies, 0.95)} ms, max ${Math.max(...latencies)} ms; poll interval 200 ms (p95/interval ${(pct(latencies, 0.95) / 200).toFixed(2)}); target: noticed within 1 s ${Math.max(...latencies) <= 1000 ? 'MET' : 'NOT MET'}`);
  console.log(`one poll (MAX(seq)) ${poll.toFixed(2)} us beside SELECT 1 ${selectOne.toFixed(2)} us (${(poll / selectOne).toFixed(1)}x)`);
}

async function observerCost(dir: string): Promise<void> {
  const program = loadProgram(
    `{:slug :bench :name "Bench"
 :concurrency {:type :singleton :on-new-version :supersede}
 :invocations {:default {:inputs []}}
 :interfaces {:manual [{:id :run :invocation :default}]}
 :functions [{:id :inc :language :clojure :code "(fn [{:keys [n]}] {:n (inc n)})"}]
 :flow '(let [input (flow/input)
        a (flow/step :function :a {:ref :inc :input {:n (:n input)}})
        b (flow/step :function :b {:ref :inc :input a})
        c (flow/step :function :c {:ref :inc :input b})]
    c)}`,
    'bench.flow.edn',
  );
  const sim = parseSimulation('{:input {:n 0} :clock {:start "2026-11-29T10:00:00Z"}}', null);
  const store = openStore(join(dir, 'runs.db'));
  let seen = 0;
  // What a debugger with no breakpoints and a panel do: look at the step and its locals, note the outcome.
  const observers: RunObserver[] = [
    { beforeStep: (p) => void (seen += p.locals().size), afterStep: (s) => void (seen += s.record.attempts) },
    { beforeStep: (p) => void (seen += p.stepKey.length), stepFailed: () => void seen++ },
  ];
  const none = { store, env: {} };
  const two = { store, env: {}, observers };
  const perStep = async (engine: typeof none, n: number) => {
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await startRun(program, sim, engine);
    return Number(process.hrtime.bigint() - t) / 1000 / n / 3;
  };
  await perStep(none, 100);
  await perStep(two, 100);
  const a: number[] = [];
  const b: number[] = [];
  for (let round = 0; round < 10; round++) {
    a.push(await perStep(none, 100));
    b.push(await perStep(two, 100));
  }
  store.close();
  const ra = pct(a, 0.5);
  const rb = pct(b, 0.5);
  console.log(`engine per step (three-step runs, ${store.driver}): no observers ${ra.toFixed(1)} us, two observers ${rb.toFixed(1)} us -> ${(rb / ra).toFixed(3)}x (median of 10 interleaved rounds of 100 runs); target within 10% ${rb / ra <= 1.1 ? 'MET' : 'NOT MET'} (${seen > 0 ? 'observers ran' : 'observers did not run'})`);
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'flow-edn-bench-service-'));
  try {
    await feedLatency(dir);
    await observerCost(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) void run();
