// Several processes on one store file: child processes (hammer-worker.js) open a fresh file
// together, race on runs, the journal, waits, kv and events, or are killed with SIGKILL in
// the middle of committing; afterwards nothing committed is lost, every race has exactly one
// winner, and `PRAGMA integrity_check` is ok. Workers may run different Nodes and drivers.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { RunStore, StoreDriver } from '../../engine/store/index';
import { newRun, pendingWait } from './contract';
import type { HammerConfig, HammerResult } from './hammer-worker';

export interface WorkerKind {
  /** The node binary to run the worker with. */
  node: string;
  driver: StoreDriver;
}

const worker = join(__dirname, 'hammer-worker.js');

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts every worker, waits until all say `ready`, then releases them together. */
async function race(path: string, kinds: WorkerKind[], config: Omit<HammerConfig, 'worker'>, workers: number): Promise<Exit[]> {
  const children = Array.from({ length: workers }, (_, i) => {
    const kind = kinds[i % kinds.length]!;
    const child = spawn(kind.node, [worker, path, kind.driver, JSON.stringify({ ...config, worker: i })], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const ready = new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.startsWith('ready\n')) resolve();
      });
      child.on('exit', () => reject(new Error(`worker ${i} exited before ready: ${stderr}`)));
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exit = new Promise<Exit>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
    return { child, ready, exit };
  });
  await Promise.all(children.map((c) => c.ready));
  for (const c of children) c.child.stdin.end('go\n');
  return Promise.all(children.map((c) => c.exit));
}

function resultOf<T>(exit: Exit, i: number): T {
  assert.equal(exit.code, 0, `worker ${i} failed: ${exit.stderr}`);
  const last = exit.stdout.trim().split('\n').pop()!;
  return JSON.parse(last) as T;
}

/** Exactly one winner for each of `expected`, across all workers' win lists. */
function oneWinnerEach(wins: string[][], expected: string[], what: string): Map<string, number> {
  const winner = new Map<string, number>();
  wins.forEach((list, w) => {
    for (const item of list) {
      assert.equal(winner.get(item), undefined, `${what} ${item} won by both worker ${winner.get(item)} and worker ${w}`);
      winner.set(item, w);
    }
  });
  assert.deepEqual([...winner.keys()].sort(), [...expected].sort(), `every ${what} has a winner`);
  return winner;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

export function multiProcessSuite(label: string, kinds: WorkerKind[], open: (path: string) => RunStore): void {
  const root = mkdtempSync(join(tmpdir(), 'flow-edn-store-mp-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const workers = 4;

  test(`several processes (${label}) open one fresh file at once: one migrates, all work`, { timeout: 60_000 }, async () => {
    const path = join(root, 'fresh', 'runs.db');
    const config = { mode: 'fresh-open', workers, ownRuns: 0, stepsPerRun: 0, sharedKeys: 0, waits: 0, waitKeys: 0, increments: 0, eventsPerWorker: 0 } as const;
    const exits = await race(path, kinds, config, workers);
    exits.forEach((e, i) => resultOf(e, i));
    const store = open(path);
    try {
      assert.deepEqual(store.listRuns().map((r) => r.id).sort(), range(workers).map((i) => `fresh-${i}`));
      assert.equal(store.integrityCheck(), 'ok');
    } finally {
      store.close();
    }
  });

  test(`a process (${label}) killed with SIGKILL mid-commit loses nothing it committed`, { timeout: 60_000 }, async () => {
    const path = join(root, 'crash', 'runs.db');
    const setup = open(path);
    setup.createRun(newRun('crash'));
    setup.close();
    const config = { mode: 'commit-loop', workers: 1, ownRuns: 0, stepsPerRun: 0, sharedKeys: 0, waits: 0, waitKeys: 0, increments: 0, eventsPerWorker: 0 } as const;
    let committed = 0;
    for (let round = 0; round < 6; round++) {
      const kind = kinds[round % kinds.length]!;
      const child = spawn(kind.node, [worker, path, kind.driver, JSON.stringify({ ...config, worker: 0 })], { stdio: ['pipe', 'pipe', 'pipe'] });
      // Kill after a different number of fresh commits each round (deterministic, varied).
      const killAfter = 5 + ((round * 37) % 60);
      let seen = 0;
      let buffer = '';
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          buffer += chunk.toString();
          const lines = buffer.split('\n');
          buffer = lines.pop()!;
          for (const line of lines) {
            if (line === 'ready') child.stdin.end('go\n');
            else if (line !== '') {
              committed = Math.max(committed, Number(line));
              if (++seen === killAfter) child.kill('SIGKILL');
            }
          }
        });
        child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`worker exited on its own: ${stderr}`))));
      });
      const store = open(path);
      try {
        const seqs = store.journal('crash').map((j) => j.seq);
        assert.ok(seqs.length >= committed, `round ${round}: ${committed} reported committed, ${seqs.length} in the journal`);
        assert.deepEqual(seqs, range(seqs.length).map((i) => i + 1), 'no gaps, no torn step');
        assert.equal(store.events('crash').length, seqs.length, 'each step committed with its event, or neither');
        assert.equal(store.getRun('crash')!.updatedAt, seqs.length - 1);
        assert.equal(store.integrityCheck(), 'ok');
        committed = seqs.length;
      } finally {
        store.close();
      }
    }
  });

  test(`several processes (${label}) race on one file: exactly one winner per race, nothing lost`, { timeout: 120_000 }, async () => {
    const path = join(root, 'hammer', 'runs.db');
    const config = { mode: 'hammer', workers, ownRuns: 20, stepsPerRun: 5, sharedKeys: 150, waits: 100, waitKeys: 50, increments: 150, eventsPerWorker: 100 } as const;
    const setup = open(path);
    setup.createRun(newRun('shared'));
    setup.createRun(newRun('lease-run'));
    for (const i of range(config.waits)) setup.createWait(pendingWait(`wait${i}`, 'shared', `pre${i}`, `pre#${i}`));
    setup.close();

    const exits = await race(path, kinds, config, workers);
    const results = exits.map((e, i) => resultOf<HammerResult>(e, i));
    const store = open(path);
    try {
      // Journal: each shared step key committed once, by its winner, with gap-free seqs.
      const keys = range(config.sharedKeys).map((i) => `k${i}`);
      const keyWinner = oneWinnerEach(results.map((r) => r.journalWins), keys, 'journal key');
      const shared = store.journal('shared');
      assert.deepEqual(shared.map((j) => j.seq), range(config.sharedKeys).map((i) => i + 1));
      for (const j of shared) assert.equal(j.stepId, `w${keyWinner.get(j.stepKey)}`);
      assert.equal(results.reduce((n, r) => n + r.journalLosses, 0), (workers - 1) * config.sharedKeys);

      // Waits: exactly one resolution per wait, and the stored one is the winner's.
      const waitIds = range(config.waits).map((i) => `wait${i}`);
      const waitWinner = oneWinnerEach(results.map((r) => r.waitWins), waitIds, 'wait');
      for (const id of waitIds) {
        const w = store.getWait(id)!;
        const by = waitWinner.get(id)!;
        assert.equal(w.resolvedBy, `w${by}`);
        assert.equal(w.status, by % 2 === 0 ? 'approved' : 'rejected');
        assert.equal(w.resolution, `{:by "w${by}"}`);
      }

      // Pending wait keys: one creation per key.
      const waitKeys = range(config.waitKeys).map((i) => `key${i}`);
      const keyCreator = oneWinnerEach(results.map((r) => r.waitKeyWins), waitKeys, 'wait key');
      for (const key of waitKeys) {
        assert.deepEqual(store.findWaits({ key, status: 'pending' }).map((w) => w.id), [`cw${keyCreator.get(key)}-${key}`]);
      }
      assert.equal(results.reduce((n, r) => n + r.waitKeyLosses, 0), (workers - 1) * config.waitKeys);

      // KV read-modify-write in transactions: no increment lost.
      assert.equal(store.kvGet('counter', 0)!.value, String(workers * config.increments));

      // Events: gap-free seqs; each worker's own events in its order.
      const events = store.events('shared');
      assert.deepEqual(events.map((e) => e.seq), range(workers * config.eventsPerWorker).map((i) => i + 1));
      for (const w of range(workers)) {
        assert.deepEqual(events.filter((e) => e.type === `w${w}`).map((e) => Number(e.data)), range(config.eventsPerWorker));
      }

      // Each worker's own runs: complete, every step committed with its event.
      for (const w of range(workers)) {
        for (const i of range(config.ownRuns)) {
          const runId = `w${w}-run${i}`;
          assert.equal(store.getRun(runId)?.updatedAt, config.stepsPerRun - 1, runId);
          assert.deepEqual(store.journal(runId).map((j) => j.seq), range(config.stepsPerRun).map((s) => s + 1));
          assert.equal(store.events(runId).length, config.stepsPerRun);
        }
      }
      assert.equal(store.listRuns().length, 2 + workers * config.ownRuns);

      assert.equal(results.filter((r) => r.leaseWon).length, 1, 'one lease holder');
      assert.equal(store.getRun('lease-run')!.leaseOwner, `w${results.findIndex((r) => r.leaseWon)}`);
      results.forEach((r, i) => assert.equal(r.driver, kinds[i % kinds.length]!.driver, `worker ${i} used its driver`));
      assert.equal(store.integrityCheck(), 'ok');
    } finally {
      store.close();
    }
  });
}
