// A child process for the multi-process store tests (spawned by multiprocess.ts, compiled to
// build/test/store/hammer-worker.js). It says `ready`, waits for `go` on stdin so all
// workers start together, then races the others and prints what it won as JSON (or, in
// `commit-loop` mode, commits until killed).

import { createInterface } from 'node:readline';
import { openStore, StoreError, type RunStore, type StoreDriver } from '../../engine/store/index';

export interface HammerConfig {
  /** `commit-loop`: commit steps to run `crash` forever, printing each seq once committed. */
  mode: 'hammer' | 'fresh-open' | 'commit-loop';
  worker: number;
  workers: number;
  ownRuns: number;
  stepsPerRun: number;
  sharedKeys: number;
  waits: number;
  waitKeys: number;
  increments: number;
  eventsPerWorker: number;
}

export interface HammerResult {
  worker: number;
  driver: string;
  node: string;
  journalWins: string[];
  journalLosses: number;
  waitWins: string[];
  waitKeyWins: string[];
  waitKeyLosses: number;
  leaseWon: boolean;
}

function rotate<T>(items: T[], by: number): T[] {
  const k = items.length === 0 ? 0 : by % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

function lost(e: unknown, code: StoreError['code']): boolean {
  if (e instanceof StoreError && e.code === code) return true;
  throw e;
}

function hammer(store: RunStore, c: HammerConfig): HammerResult {
  const w = c.worker;
  const result: HammerResult = {
    worker: w,
    driver: store.driver,
    node: process.version,
    journalWins: [],
    journalLosses: 0,
    waitWins: [],
    waitKeyWins: [],
    waitKeyLosses: 0,
    leaseWon: store.acquireLease('lease-run', `w${w}`, Date.now(), 60_000),
  };
  // Interleave the kinds of work so the processes contend on every table at once.
  const keys = rotate(range(c.sharedKeys), w * 7);
  const waits = rotate(range(c.waits), w * 5);
  const waitKeys = rotate(range(c.waitKeys), w * 3);
  const rounds = Math.max(c.ownRuns, keys.length, waits.length, waitKeys.length, c.increments, c.eventsPerWorker);
  for (let i = 0; i < rounds; i++) {
    if (i < c.ownRuns) {
      const runId = `w${w}-run${i}`;
      store.createRun({ id: runId, flow: 'hammer', flowPath: null, source: '{}', sourceHash: 'h', trigger: null, input: '{}', simulation: null, concurrencyKey: null, createdAt: i, clock: null });
      for (let s = 0; s < c.stepsPerRun; s++) {
        // One step's commit as the engine makes it: journal, run update, event.
        store.transaction(() => {
          store.appendJournal({ runId, stepKey: `step#${s}`, stepId: 'step', stepType: 'function', status: 'completed', result: String(s), error: null, attempts: 1, startedAt: s, endedAt: s });
          store.updateRun(runId, { updatedAt: s });
          store.appendEvent({ runId, at: s, type: 'step-completed', data: '{}' });
        });
      }
    }
    if (i < keys.length) {
      const stepKey = `k${keys[i]}`;
      try {
        store.appendJournal({ runId: 'shared', stepKey, stepId: `w${w}`, stepType: 'function', status: 'completed', result: null, error: null, attempts: 1, startedAt: 0, endedAt: 0 });
        result.journalWins.push(stepKey);
      } catch (e) {
        if (lost(e, 'duplicate-journal-key')) result.journalLosses++;
      }
    }
    if (i < waits.length) {
      const id = `wait${waits[i]}`;
      if (store.resolveWait(id, w % 2 === 0 ? 'approved' : 'rejected', `{:by "w${w}"}`, Date.now(), `w${w}`)) result.waitWins.push(id);
    }
    if (i < waitKeys.length) {
      const key = `key${waitKeys[i]}`;
      try {
        store.createWait({ id: `cw${w}-${key}`, runId: 'shared', stepKey: `wait#${w}`, stepId: 'wait', key, createdAt: 0, expiresAt: null, token: null });
        result.waitKeyWins.push(key);
      } catch (e) {
        if (lost(e, 'pending-wait-key-taken')) result.waitKeyLosses++;
      }
    }
    if (i < c.increments) {
      // Read-modify-write: atomic only because the transaction holds the write lock from BEGIN.
      store.transaction(() => {
        const now = store.kvGet('counter', 0);
        store.kvSet({ key: 'counter', value: String(Number(now?.value ?? '0') + 1), metadata: null, expiresAt: null, updatedAt: 0 });
      });
    }
    if (i < c.eventsPerWorker) store.appendEvent({ runId: 'shared', at: i, type: `w${w}`, data: String(i) });
  }
  return result;
}

async function main(): Promise<void> {
  const [path, driver, configJson] = process.argv.slice(2) as [string, StoreDriver, string];
  const c = JSON.parse(configJson) as HammerConfig;
  let store = c.mode === 'fresh-open' ? undefined : openStore(path, { driver });
  const lines = createInterface({ input: process.stdin });
  const go = new Promise<void>((resolve) => lines.once('line', () => resolve()));
  process.stdout.write('ready\n');
  await go;
  lines.close();
  let out: HammerResult | { worker: number; driver: string; node: string; runs: number };
  if (c.mode === 'commit-loop') {
    // Runs until the parent kills it with SIGKILL. Pipe writes are synchronous on Linux, so a
    // printed seq was committed before the parent can see it.
    const s = store!;
    for (let i = s.journal('crash').length; ; i++) {
      const seq = s.transaction(() => {
        const rec = s.appendJournal({ runId: 'crash', stepKey: `step#${i}`, stepId: 'step', stepType: 'function', status: 'completed', result: String(i), error: null, attempts: 1, startedAt: i, endedAt: i });
        s.updateRun('crash', { updatedAt: i });
        s.appendEvent({ runId: 'crash', at: i, type: 'step-completed', data: String(i) });
        return rec.seq;
      });
      process.stdout.write(`${seq}\n`);
    }
  }
  if (c.mode === 'fresh-open') {
    // Every worker opens the same fresh file at once: WAL switch and migrations race.
    store = openStore(path, { driver });
    store.createRun({ id: `fresh-${c.worker}`, flow: 'fresh', flowPath: null, source: '{}', sourceHash: 'h', trigger: null, input: '{}', simulation: null, concurrencyKey: null, createdAt: 0, clock: null });
    out = { worker: c.worker, driver: store.driver, node: process.version, runs: store.listRuns().length };
  } else {
    out = hammer(store!, c);
  }
  store!.close();
  process.stdout.write(JSON.stringify(out) + '\n', () => process.exit(0));
}

main().catch((e: unknown) => {
  process.stderr.write(`hammer-worker: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
