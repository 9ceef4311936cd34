// Engine benchmark: three-step runs per second on the embedded store and the engine's CPU
// per step beyond the store commit, beside a raw SQLite insert-and-commit measured in the
// same run; and the time to replay a 1,000-step journal.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProgram } from '../engine/run/program';
import { resumeRun, startRun } from '../engine/run/runner';
import { parseSimulation } from '../engine/run/simulation';
import { openStore } from '../engine/store/index';
import type { RunStore } from '../engine/store/port';
import { measure } from './store';

const flowText = (body: string) => `{:slug :bench :name "Bench"
 :concurrency {:type :singleton :on-new-version :supersede}
 :invocations {:default {:inputs []}}
 :interfaces {:manual [{:id :run :invocation :default}]}
 :functions [{:id :inc :language :clojure :code "(fn [{:keys [n]}] {:n (inc n)})"}]
 :flow '${body}}`;

const threeSteps = flowText(`(let [input (flow/input)
        a (flow/step :function :a {:ref :inc :input {:n (:n input)}})
        b (flow/step :function :b {:ref :inc :input a})
        c (flow/step :function :c {:ref :inc :input b})]
    c)`);

const thousand = flowText(`(let [xs (range 1000)]
    (vec (for [x xs] (flow/step :function :f {:ref :inc :input {:n x}}))))`);

/** Wraps a store so the time spent inside it (statements, BEGIN/COMMIT) is summed apart
 *  from the engine's own work; a transaction's callback is engine time except for the
 *  store calls it makes. */
function timedStore(store: RunStore): { store: RunStore; storeNs: () => bigint } {
  let ns = 0n;
  const wrapped = new Proxy(store, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver);
      if (typeof v !== 'function') return v;
      if (prop === 'transaction') {
        return (fn: () => unknown) => {
          let inner = 0n;
          const t0 = process.hrtime.bigint();
          const out = (v as RunStore['transaction']).call(target, () => {
            const s0 = process.hrtime.bigint();
            const before = ns;
            try {
              return fn();
            } finally {
              // Engine work inside the callback = its duration minus the store calls it made.
              inner = process.hrtime.bigint() - s0 - (ns - before);
            }
          });
          ns += process.hrtime.bigint() - t0 - inner - 0n;
          return out;
        };
      }
      return (...args: unknown[]) => {
        const t0 = process.hrtime.bigint();
        try {
          return (v as (...a: unknown[]) => unknown).apply(target, args);
        } finally {
          ns += process.hrtime.bigint() - t0;
        }
      };
    },
  });
  return { store: wrapped, storeNs: () => ns };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'flow-edn-bench-'));
  try {
    const sim = parseSimulation('{:input {:n 0} :clock {:start "2026-11-29T10:00:00Z"}}', null);
    const program = loadProgram(threeSteps, 'bench.flow.edn');
    const store = openStore(join(dir, 'runs.db'));
    const engine = { store, env: {} };
    for (let i = 0; i < 50; i++) await startRun(program, sim, engine);
    const rounds: number[] = [];
    const raws: number[] = [];
    const stepCommits: number[] = [];
    for (let round = 0; round < 5; round++) {
      const base = measure(store.driver, 3, 200);
      raws.push(base.rawUs);
      stepCommits.push(base.stepWithEventUs);
      const n = 200;
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < n; i++) await startRun(program, sim, engine);
      rounds.push(Number(process.hrtime.bigint() - t0) / 1000 / n);
    }
    // Engine CPU beyond the store: the same runs through a store wrapper that times every
    // store call (statements, BEGIN/COMMIT), subtracted from the run's wall time.
    const timed = timedStore(store);
    const engineOnly: number[] = [];
    for (let round = 0; round < 5; round++) {
      const n = 200;
      const before = timed.storeNs();
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < n; i++) await startRun(program, sim, { store: timed.store, env: {} });
      const total = process.hrtime.bigint() - t0;
      engineOnly.push(Number(total - (timed.storeNs() - before)) / 1000 / n / 3);
    }
    const perRun = median(rounds);
    const raw = median(raws);
    const stepCommit = median(stepCommits);
    const enginePerStep = median(engineOnly);
    // A three-step run commits five transactions: create (+lease), three steps, finish.
    const perStep = (perRun - 2 * raw - 3 * stepCommit) / 3;
    console.log(`\n== engine (${store.driver}, WAL, synchronous=NORMAL)`);
    console.log(`raw SQLite insert+commit     ${raw.toFixed(1)} us`);
    console.log(`store step commit (journal + run + event, one transaction) ${stepCommit.toFixed(1)} us`);
    console.log(`three-step run               ${perRun.toFixed(1)} us  -> ${(1e6 / perRun).toFixed(0)} runs/s  (${(perRun / raw).toFixed(1)}x a raw commit)`);
    console.log(`engine CPU per step beyond the store (store calls timed and subtracted): ${enginePerStep.toFixed(1)} us`);
    console.log(`  (cross-check: run time minus 2 raw commits and 3 step commits, over 3 steps: ${perStep.toFixed(1)} us; the run's store work is more than that model: run/source/payload rows, several events per step)`);
    console.log(`targets: >= 1,000 three-step runs/s ${1e6 / perRun >= 1000 ? 'MET' : 'NOT MET'}; <= 30 us engine CPU per step ${enginePerStep <= 30 ? 'MET' : 'NOT MET'}`);

    // Replay of a 1,000-step journal: run it once, then time resumption by replay.
    const big = loadProgram(thousand, 'thousand.flow.edn');
    const t0 = process.hrtime.bigint();
    const done = await startRun(big, sim, engine);
    const firstRunMs = Number(process.hrtime.bigint() - t0) / 1e6;
    // Re-open the finished run as "running" so resume replays the whole journal.
    const replays: number[] = [];
    for (let i = 0; i < 5; i++) {
      store.updateRun(done.id, { status: 'running', output: null });
      const t1 = process.hrtime.bigint();
      const r = await resumeRun(done.id, engine);
      replays.push(Number(process.hrtime.bigint() - t1) / 1e6);
      if (r.status !== 'completed') throw new Error('replay did not complete: ' + r.error);
    }
    console.log(`1,000-step run from scratch: ${firstRunMs.toFixed(0)} ms; replay of its 1,000-step journal: ${median(replays).toFixed(1)} ms (median of 5)`);
    store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) void run();
