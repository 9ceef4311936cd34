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

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Raw cost of one INSERT in its own transaction, on the same driver and settings. */
function rawCommitMicros(dir: string, n: number): number {
  const store = openStore(join(dir, 'raw.db'));
  const db = (store as unknown as { db?: { exec(sql: string): void; prepare(sql: string): { run(...a: unknown[]): unknown } } }).db;
  let micros: number;
  if (db) {
    db.exec('CREATE TABLE IF NOT EXISTS raw (id INTEGER PRIMARY KEY, payload TEXT)');
    const insert = db.prepare('INSERT INTO raw (payload) VALUES (?)');
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) store.transaction(() => insert.run('{:n ' + i + '}'));
    micros = Number(process.hrtime.bigint() - t0) / 1000 / n;
  } else {
    // Fall back to the smallest store write: one kv row per transaction.
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) store.transaction(() => store.kvSet({ key: 'k' + i, value: '1', metadata: null, expiresAt: null, updatedAt: 0 }));
    micros = Number(process.hrtime.bigint() - t0) / 1000 / n;
  }
  store.close();
  return micros;
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
    for (let round = 0; round < 5; round++) {
      raws.push(rawCommitMicros(dir, 500));
      const n = 200;
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < n; i++) await startRun(program, sim, engine);
      rounds.push(Number(process.hrtime.bigint() - t0) / 1000 / n);
    }
    const perRun = median(rounds);
    const raw = median(raws);
    // A three-step run commits five transactions: create, three steps, finish.
    const commits = 5;
    const perStep = (perRun - commits * raw) / 3;
    console.log(`\n== engine (${store.driver}, WAL, synchronous=NORMAL)`);
    console.log(`raw SQLite insert+commit     ${raw.toFixed(1)} us`);
    console.log(`three-step run               ${perRun.toFixed(1)} us  -> ${(1e6 / perRun).toFixed(0)} runs/s  (${(perRun / raw).toFixed(1)}x a raw commit)`);
    console.log(`engine CPU per step beyond the store commits: ${perStep.toFixed(1)} us`);
    console.log(`targets: >= 1,000 three-step runs/s ${1e6 / perRun >= 1000 ? 'MET' : 'NOT MET'}; <= 30 us engine CPU per step ${perStep <= 30 ? 'MET' : 'NOT MET'}`);

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
