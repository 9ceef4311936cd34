// The RunStore contract: one suite, run against every SQLite driver available
// (better-sqlite3.test.ts, node-sqlite.test.ts). Each test gets a fresh file in a temp dir.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { openDb } from '../../engine/store/driver';
import { defaultStorePath, SCHEMA_VERSION, StoreError, type NewRun, type RunStore, type StoreDriver, type StoreErrorCode } from '../../engine/store/index';

export function newRun(id: string, overrides: Partial<NewRun> = {}): NewRun {
  return {
    id,
    flow: 'order-flow',
    flowPath: '/flows/order.flow.edn',
    source: '{:slug :order-flow}',
    sourceHash: 'abc123',
    trigger: 'manual',
    input: '{:order-id "o-1"}',
    simulation: null,
    concurrencyKey: null,
    createdAt: 1_000,
    clock: null,
    ...overrides,
  };
}

export function journalEntry(runId: string, stepKey: string, extra: Partial<{ result: string | null; status: 'completed' | 'failed' }> = {}) {
  return {
    runId,
    stepKey,
    stepId: stepKey.split('#')[0]!,
    stepType: 'http',
    status: extra.status ?? ('completed' as const),
    result: extra.result === undefined ? `{:step "${stepKey}"}` : extra.result,
    error: null,
    attempts: 1,
    startedAt: 10,
    endedAt: 20,
  };
}

export function pendingWait(id: string, runId: string, key: string, stepKey = 'approve#0') {
  return { id, runId, stepKey, stepId: stepKey.split('#')[0]!, key, createdAt: 100, expiresAt: 5_000, token: 'tok-' + id };
}

/** Asserts `fn` throws a StoreError with `code` whose message matches `message`. */
export function throwsStore(fn: () => unknown, code: StoreErrorCode, message?: RegExp | string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof StoreError, `expected a StoreError, got ${String(e)}`);
    assert.equal(e.code, code);
    if (typeof message === 'string') assert.equal(e.message, message);
    else if (message) assert.match(e.message, message);
    return true;
  });
}

export function runStoreContract(driver: StoreDriver, open: (path: string) => RunStore): void {
  const root = mkdtempSync(join(tmpdir(), `flow-edn-store-${driver.replace(/\W/g, '')}-`));
  after(() => rmSync(root, { recursive: true, force: true }));
  let n = 0;
  /** A store on a fresh file; closed after the test by the caller's `using`-like pattern. */
  const fresh = (): { store: RunStore; path: string } => {
    const path = join(root, `t${++n}`, 'runs.db');
    return { store: open(path), path };
  };
  const withStore = (fn: (store: RunStore, path: string) => void) => () => {
    const { store, path } = fresh();
    try {
      fn(store, path);
    } finally {
      store.close();
    }
  };

  describe(`RunStore contract on ${driver}`, () => {
    test('opens with the requested driver, creating folders, in WAL mode at the current schema', () => {
      const path = defaultStorePath(join(root, 'workspace'));
      assert.equal(path, join(root, 'workspace', '.flow-edn', 'runs.db'));
      const store = open(path);
      try {
        assert.equal(store.driver, driver);
        assert.equal(store.path, path);
        assert.ok(existsSync(path));
        const raw = openDb(path, driver);
        try {
          assert.equal(raw.prepare('PRAGMA journal_mode').get()?.['journal_mode'], 'wal');
          assert.equal(raw.prepare('PRAGMA user_version').get()?.['user_version'], SCHEMA_VERSION);
        } finally {
          raw.close();
        }
      } finally {
        store.close();
      }
    });

    describe('runs', () => {
      test('createRun fills defaults; getRun reads it back; a missing run is undefined', withStore((s) => {
        const created = s.createRun(newRun('r1'));
        assert.deepEqual(created, {
          ...newRun('r1'),
          status: 'running',
          output: null,
          error: null,
          updatedAt: 1_000,
          endedAt: null,
          leaseOwner: null,
          leaseExpiresAt: null,
        });
        assert.deepEqual(s.getRun('r1'), created);
        assert.equal(s.getRun('nope'), undefined);
        assert.equal(s.createRun(newRun('r2', { status: 'waiting', flowPath: null, trigger: null })).status, 'waiting');
      }));

      test('a duplicate run id fails clearly', withStore((s) => {
        s.createRun(newRun('r1'));
        throwsStore(() => s.createRun(newRun('r1')), 'duplicate-run', 'a run with id r1 already exists');
      }));

      test('updateRun sets the given fields only and returns the new record', withStore((s) => {
        s.createRun(newRun('r1'));
        const updated = s.updateRun('r1', { status: 'completed', output: '{:ok true}', endedAt: 2_000, updatedAt: 2_000, trigger: undefined });
        assert.equal(updated.status, 'completed');
        assert.equal(updated.output, '{:ok true}');
        assert.equal(updated.endedAt, 2_000);
        assert.equal(updated.trigger, 'manual', 'undefined leaves a field alone');
        assert.deepEqual(s.getRun('r1'), updated);
        assert.equal(s.updateRun('r1', { simulation: null, clock: '12345' }).simulation, null);
        assert.deepEqual(s.updateRun('r1', {}), s.getRun('r1'));
        throwsStore(() => s.updateRun('missing', { status: 'failed' }), 'run-not-found', /missing/);
        throwsStore(() => s.updateRun('missing', {}), 'run-not-found');
        assert.throws(() => s.updateRun('r1', { id: 'x' } as never), /'id' is not a run field/);
      }));

      test('runs share a stored source only when the text is the same, whatever the hash says', withStore((s) => {
        s.createRun(newRun('a', { source: '{:slug :x}', sourceHash: 'h1' }));
        s.createRun(newRun('b', { source: '{:slug :y}', sourceHash: 'h1' }));
        s.createRun(newRun('c', { source: '{:slug :x}', sourceHash: 'h1' }));
        assert.deepEqual(['a', 'b', 'c'].map((id) => s.getRun(id)!.source), ['{:slug :x}', '{:slug :y}', '{:slug :x}']);
        assert.deepEqual(s.listRuns().map((r) => [r.id, r.source]), [
          ['c', '{:slug :x}'],
          ['b', '{:slug :y}'],
          ['a', '{:slug :x}'],
        ]);
      }));

      test('updateRun of source, input and simulation; no stale copies across connections or rollbacks', () => {
        const { store: s, path } = fresh();
        const other = open(path);
        try {
          s.createRun(newRun('r1'));
          assert.equal(s.updateRun('r1', { updatedAt: 2 }).input, '{:order-id "o-1"}');
          other.updateRun('r1', { input: '{:order-id "o-2"}', simulation: '{:mocks {}}', source: '{:slug :v2}', sourceHash: 'h2' });
          const seen = s.updateRun('r1', { updatedAt: 3 });
          assert.deepEqual([seen.input, seen.simulation, seen.source, seen.sourceHash], ['{:order-id "o-2"}', '{:mocks {}}', '{:slug :v2}', 'h2']);
          assert.equal(s.updateRun('r1', { source: '{:slug :v3}' }).sourceHash, 'h2', 'the hash stays unless given');

          // A run created and rolled back here, then created for real elsewhere with other data.
          assert.throws(() =>
            s.transaction(() => {
              s.createRun(newRun('r2', { input: '{:mine true}', source: 'mine', sourceHash: 'hx' }));
              throw new Error('undo');
            }),
          );
          other.createRun(newRun('r2', { input: '{:theirs true}', source: 'theirs', sourceHash: 'hx' }));
          const r2 = s.updateRun('r2', { updatedAt: 9 });
          assert.deepEqual([r2.input, r2.source], ['{:theirs true}', 'theirs']);
        } finally {
          other.close();
          s.close();
        }
      });

      test('listRuns filters by status, flow, concurrency key and free lease, newest first, limited', withStore((s) => {
        s.createRun(newRun('a', { createdAt: 1, flow: 'f1' }));
        s.createRun(newRun('b', { createdAt: 3, flow: 'f2', status: 'waiting', concurrencyKey: 'k1' }));
        s.createRun(newRun('c', { createdAt: 2, flow: 'f1', concurrencyKey: 'k1' }));
        s.createRun(newRun('d', { createdAt: 4, flow: 'f1', status: 'completed' }));
        const ids = (f?: Parameters<RunStore['listRuns']>[0]) => s.listRuns(f).map((r) => r.id);
        assert.deepEqual(ids(), ['d', 'b', 'c', 'a']);
        assert.deepEqual(ids({ status: 'running' }), ['c', 'a']);
        assert.deepEqual(ids({ status: ['running', 'waiting'] }), ['b', 'c', 'a']);
        assert.deepEqual(ids({ status: [] }), []);
        assert.deepEqual(ids({ flow: 'f1' }), ['d', 'c', 'a']);
        assert.deepEqual(ids({ flow: 'f1', status: 'running', limit: 1 }), ['c']);
        assert.deepEqual(ids({ concurrencyKey: 'k1' }), ['b', 'c']);
        assert.deepEqual(ids({ limit: 0 }), []);
        s.acquireLease('a', 'me', 100, 50);
        s.acquireLease('c', 'me', 100, 500);
        assert.deepEqual(ids({ status: 'running', leaseFreeAt: 200 }), ['a'], 'a lapsed at 150; c holds until 600');
        assert.deepEqual(ids({ status: 'running', leaseFreeAt: 600 }), ['c', 'a']);
      }));
    });

    describe("the editor's views: run summaries, flows, delete", () => {
      test('runSummaries pages newest first by keyset, per flow; runFlows counts; deleteRun cascades and feeds', withStore((s) => {
        for (let i = 0; i < 7; i++) s.createRun(newRun(`r${i}`, { flow: i % 2 === 0 ? 'even' : 'odd', createdAt: 1_000 + Math.floor(i / 2) * 10, status: 'completed' }));
        const page1 = s.runSummaries({ limit: 3 });
        assert.deepEqual(page1.map((r) => r.id), ['r6', 'r5', 'r4'], 'newest first, id breaking ties');
        assert.deepEqual(Object.keys(page1[0]!).sort(), ['createdAt', 'endedAt', 'flow', 'flowPath', 'id', 'status', 'trigger', 'updatedAt']);
        const page2 = s.runSummaries({ limit: 3, before: { createdAt: page1[2]!.createdAt, id: page1[2]!.id } });
        assert.deepEqual(page2.map((r) => r.id), ['r3', 'r2', 'r1']);
        assert.deepEqual(s.runSummaries({ flow: 'even', limit: 10 }).map((r) => r.id), ['r6', 'r4', 'r2', 'r0']);
        assert.deepEqual(s.runFlows(), [{ flow: 'even', runs: 4, newest: 1_030 }, { flow: 'odd', runs: 3, newest: 1_020 }]);
        s.appendJournal(journalEntry('r6', 'a#0'));
        s.createWait(pendingWait('w6', 'r6', 'k6'));
        s.appendEvent({ runId: 'r6', at: 1, type: 'x', data: '{}' });
        s.putBlob({ uri: 'res://runs/r6/a-0', runId: 'r6', stepKey: 'a#0', contentType: 'text/plain', size: 1, content: new Uint8Array([65]), createdAt: 1 });
        const cursor = s.lastChange();
        assert.equal(s.deleteRun('r6'), true);
        assert.equal(s.getRun('r6'), undefined);
        assert.deepEqual(s.journal('r6'), []);
        assert.equal(s.getWait('w6'), undefined);
        assert.deepEqual(s.events('r6'), []);
        assert.equal(s.getBlob('res://runs/r6/a-0'), undefined);
        assert.deepEqual(s.changesAfter(cursor).map((c) => [c.runId, c.kind, c.detail]), [['r6', 'run', 'deleted']]);
        assert.equal(s.deleteRun('r6'), false);
      }));
    });

    describe('leases', () => {
      test('acquire when free, expired or already ours; refused while another live owner holds it', withStore((s) => {
        s.createRun(newRun('r1'));
        assert.equal(s.acquireLease('r1', 'p1', 1_000, 100), true);
        assert.equal(s.getRun('r1')!.leaseOwner, 'p1');
        assert.equal(s.getRun('r1')!.leaseExpiresAt, 1_100);
        assert.equal(s.acquireLease('r1', 'p2', 1_050, 100), false);
        assert.equal(s.getRun('r1')!.leaseOwner, 'p1', 'a refused acquire changes nothing');
        assert.equal(s.acquireLease('r1', 'p1', 1_050, 100), true, 'ours again');
        assert.equal(s.getRun('r1')!.leaseExpiresAt, 1_150);
        assert.equal(s.acquireLease('r1', 'p2', 1_150, 100), true, 'expired at 1150');
        assert.equal(s.getRun('r1')!.leaseOwner, 'p2');
      }));

      test('renew only by the holder; release only by the holder; missing runs fail clearly', withStore((s) => {
        s.createRun(newRun('r1'));
        assert.equal(s.renewLease('r1', 'p1', 0, 100), false, 'nobody holds it');
        s.acquireLease('r1', 'p1', 0, 100);
        assert.equal(s.renewLease('r1', 'p2', 50, 100), false);
        assert.equal(s.renewLease('r1', 'p1', 50, 100), true);
        assert.equal(s.getRun('r1')!.leaseExpiresAt, 150);
        s.releaseLease('r1', 'p2');
        assert.equal(s.getRun('r1')!.leaseOwner, 'p1');
        s.releaseLease('r1', 'p1');
        assert.equal(s.getRun('r1')!.leaseOwner, null);
        assert.equal(s.getRun('r1')!.leaseExpiresAt, null);
        assert.equal(s.acquireLease('r1', 'p2', 60, 100), true);
        throwsStore(() => s.acquireLease('missing', 'p1', 0, 100), 'run-not-found');
        throwsStore(() => s.renewLease('missing', 'p1', 0, 100), 'run-not-found');
        s.releaseLease('missing', 'p1');
      }));

      test('releaseLeasesOf clears every lease of one owner and no other', withStore((s) => {
        for (const id of ['r1', 'r2', 'r3']) s.createRun(newRun(id));
        assert.equal(s.acquireLease('r1', 'gone', 0, 100), true);
        assert.equal(s.acquireLease('r2', 'gone', 0, 100), true);
        assert.equal(s.acquireLease('r3', 'alive', 0, 100), true);
        assert.equal(s.releaseLeasesOf('gone'), 2);
        assert.deepEqual(['r1', 'r2', 'r3'].map((id) => s.getRun(id)!.leaseOwner), [null, null, 'alive']);
        assert.equal(s.getRun('r1')!.leaseExpiresAt, null);
        assert.equal(s.acquireLease('r1', 'other', 10, 100), true, 'free at once, not after the 100 ms lease');
        assert.equal(s.releaseLeasesOf('gone'), 0);
      }));
    });

    describe('journal', () => {
      test('appendJournal assigns seq per run; journal reads back in order', withStore((s) => {
        s.createRun(newRun('r1'));
        s.createRun(newRun('r2'));
        const a = s.appendJournal(journalEntry('r1', 'fetch#0'));
        assert.deepEqual(a, { ...journalEntry('r1', 'fetch#0'), seq: 1 });
        assert.equal(s.appendJournal(journalEntry('r2', 'fetch#0')).seq, 1);
        assert.equal(s.appendJournal(journalEntry('r1', 'fetch#1', { status: 'failed', result: null })).seq, 2);
        assert.equal(s.appendJournal(journalEntry('r1', 'save#0')).seq, 3);
        const j = s.journal('r1');
        assert.deepEqual(j.map((r) => [r.seq, r.stepKey, r.status]), [
          [1, 'fetch#0', 'completed'],
          [2, 'fetch#1', 'failed'],
          [3, 'save#0', 'completed'],
        ]);
        assert.deepEqual(j[0], a);
        assert.equal(j[1]!.result, null);
        assert.deepEqual(s.journal('nope'), []);
      }));

      test('a step key journaled twice and a missing run fail clearly', withStore((s) => {
        s.createRun(newRun('r1'));
        s.appendJournal(journalEntry('r1', 'fetch#0'));
        throwsStore(() => s.appendJournal(journalEntry('r1', 'fetch#0')), 'duplicate-journal-key', 'run r1 already journaled step key fetch#0 (seq 1)');
        assert.equal(s.journal('r1').length, 1);
        throwsStore(() => s.appendJournal(journalEntry('ghost', 'fetch#0')), 'run-not-found', 'no run with id ghost in the store');
      }));
    });

    describe('waits', () => {
      test('createWait, getWait and findWaits by run, key, status, step and expiry', withStore((s) => {
        s.createRun(newRun('r1'));
        s.createRun(newRun('r2'));
        const w1 = s.createWait(pendingWait('w1', 'r1', 'order-1'));
        assert.deepEqual(w1, { ...pendingWait('w1', 'r1', 'order-1'), status: 'pending', resolution: null, resolvedAt: null, resolvedBy: null });
        assert.deepEqual(s.getWait('w1'), w1);
        assert.equal(s.getWait('nope'), undefined);
        s.createWait({ ...pendingWait('w2', 'r2', 'order-2', 'check#0'), createdAt: 200, expiresAt: null });
        s.createWait({ ...pendingWait('w3', 'r1', 'order-3', 'other#0'), createdAt: 300, expiresAt: 400 });
        const ids = (f: Parameters<RunStore['findWaits']>[0]) => s.findWaits(f).map((w) => w.id);
        assert.deepEqual(ids({}), ['w1', 'w2', 'w3']);
        assert.deepEqual(ids({ runId: 'r1' }), ['w1', 'w3']);
        assert.deepEqual(ids({ key: 'order-2' }), ['w2']);
        assert.deepEqual(ids({ stepKey: 'other#0' }), ['w3']);
        assert.deepEqual(ids({ expiresBefore: 400 }), ['w3']);
        assert.deepEqual(ids({ expiresBefore: 5_000 }), ['w1', 'w3']);
        s.resolveWait('w3', 'cancelled', null, 350, null);
        assert.deepEqual(ids({ status: 'pending' }), ['w1', 'w2']);
        assert.deepEqual(ids({ status: 'cancelled', runId: 'r1' }), ['w3']);
      }));

      test('a wait key is unique among pending waits only', withStore((s) => {
        s.createRun(newRun('r1'));
        s.createRun(newRun('r2'));
        s.createWait(pendingWait('w1', 'r1', 'order-1'));
        throwsStore(
          () => s.createWait(pendingWait('w2', 'r2', 'order-1', 'again#0')),
          'pending-wait-key-taken',
          'a pending wait already holds key order-1 (run r1, step approve#0)',
        );
        assert.equal(s.getWait('w2'), undefined);
        s.resolveWait('w1', 'approved', '{:action :approve}', 500, 'ana');
        const w2 = s.createWait(pendingWait('w2', 'r2', 'order-1', 'again#0'));
        assert.equal(w2.status, 'pending', 'the key is free again once the first wait is resolved');
        throwsStore(() => s.createWait(pendingWait('w2', 'r1', 'other')), 'duplicate-wait', /w2/);
        throwsStore(() => s.createWait(pendingWait('w9', 'ghost', 'k9')), 'run-not-found', /ghost/);
      }));

      test('exactly one resolution wins; later ones change nothing', withStore((s) => {
        s.createRun(newRun('r1'));
        s.createWait(pendingWait('w1', 'r1', 'order-1'));
        const won = s.resolveWait('w1', 'approved', '{:action :approve :by "ana"}', 500, 'ana');
        assert.deepEqual(won, {
          ...pendingWait('w1', 'r1', 'order-1'),
          status: 'approved',
          resolution: '{:action :approve :by "ana"}',
          resolvedAt: 500,
          resolvedBy: 'ana',
        });
        assert.equal(s.resolveWait('w1', 'rejected', '{:action :reject}', 600, 'bob'), undefined);
        assert.equal(s.resolveWait('w1', 'timed-out', null, 700, null), undefined);
        assert.deepEqual(s.getWait('w1'), won);
        assert.equal(s.resolveWait('nope', 'approved', null, 1, null), undefined);
        assert.throws(() => s.resolveWait('w1', 'pending' as never, null, 1, null), /cannot be resolved to pending/);
      }));
    });

    describe('kv', () => {
      test('set, get, overwrite, delete', withStore((s) => {
        assert.equal(s.kvGet('a', 0), undefined);
        const entry = { key: 'a', value: '{:n 1}', metadata: '{:by "x"}', expiresAt: null, updatedAt: 5 };
        s.kvSet(entry);
        assert.deepEqual(s.kvGet('a', 0), entry);
        s.kvSet({ ...entry, value: '{:n 2}', metadata: null, updatedAt: 6 });
        assert.deepEqual(s.kvGet('a', 0), { ...entry, value: '{:n 2}', metadata: null, updatedAt: 6 });
        assert.equal(s.kvDelete('a'), true);
        assert.equal(s.kvDelete('a'), false);
        assert.equal(s.kvGet('a', 0), undefined);
      }));

      test('ttl is checked at read time: expired entries read as missing', withStore((s) => {
        s.kvSet({ key: 'session', value: '"v"', metadata: null, expiresAt: 1_000, updatedAt: 0 });
        assert.equal(s.kvGet('session', 999)?.value, '"v"');
        assert.equal(s.kvGet('session', 1_000), undefined, 'expired at expiresAt');
        assert.deepEqual(s.kvKeys('', 999, 10), ['session']);
        assert.deepEqual(s.kvKeys('', 1_000, 10), []);
        s.kvSet({ key: 'session', value: '"new"', metadata: null, expiresAt: null, updatedAt: 2_000 });
        assert.equal(s.kvGet('session', 5_000)?.value, '"new"', 'a set revives an expired key');
      }));

      test('kvDelete with now reports only live entries; kvPurgeExpired removes the expired', withStore((s) => {
        s.kvSet({ key: 'old', value: '1', metadata: null, expiresAt: 10, updatedAt: 0 });
        s.kvSet({ key: 'live', value: '2', metadata: null, expiresAt: 100, updatedAt: 0 });
        s.kvSet({ key: 'old2', value: '3', metadata: null, expiresAt: 20, updatedAt: 0 });
        s.kvSet({ key: 'forever', value: '4', metadata: null, expiresAt: null, updatedAt: 0 });
        assert.equal(s.kvDelete('old', 50), false, 'expired: reads as missing');
        assert.equal(s.kvDelete('old', 50), false, 'and is gone');
        assert.equal(s.kvDelete('live', 50), true);
        assert.equal(s.kvPurgeExpired(50), 1);
        assert.deepEqual(s.kvKeys('', 0, 10), ['forever']);
      }));

      test('kvKeys: prefix, sorted, limited, live only; LIKE wildcards and non-ASCII are plain text', withStore((s) => {
        const keys = ['user:b', 'user:a', 'user_x', 'user%y', 'users', 'usep', 'user:ä', 'user:\u{10FFFF}z', 'usf', 'USER:c', 'user:c'];
        for (const key of keys) s.kvSet({ key, value: '1', metadata: null, expiresAt: key === 'user:c' ? 5 : null, updatedAt: 0 });
        assert.deepEqual(s.kvKeys('user:', 0, 100), ['user:a', 'user:b', 'user:c', 'user:ä', 'user:\u{10FFFF}z']);
        assert.deepEqual(s.kvKeys('user:', 10, 100), ['user:a', 'user:b', 'user:ä', 'user:\u{10FFFF}z']);
        assert.deepEqual(s.kvKeys('user:', 10, 2), ['user:a', 'user:b']);
        assert.deepEqual(s.kvKeys('user_', 10, 100), ['user_x']);
        assert.deepEqual(s.kvKeys('user%', 10, 100), ['user%y']);
        assert.deepEqual(s.kvKeys('user:\u{10FFFF}', 10, 100), ['user:\u{10FFFF}z']);
        assert.deepEqual(s.kvKeys('nothing', 10, 100), []);
        assert.equal(s.kvKeys('', 10, 100).length, keys.length - 1);
        assert.deepEqual(s.kvKeys('', 10, 0), []);
      }));
    });

    describe('blobs', () => {
      test('binary content round trips exactly, as a plain Uint8Array', withStore((s) => {
        s.createRun(newRun('r1'));
        const every = new Uint8Array(512).map((_, i) => (i * 7 + 3) % 256);
        const big = new Uint8Array(1 << 20).map((_, i) => (i * 31) & 0xff);
        const blobs = [
          { uri: 'res://runs/r1/fetch#0', runId: 'r1', stepKey: 'fetch#0', contentType: 'application/octet-stream', size: every.length, content: every, createdAt: 7 },
          { uri: 'res://runs/r1/big#0', runId: 'r1', stepKey: 'big#0', contentType: 'application/octet-stream', size: big.length, content: big, createdAt: 8 },
          { uri: 'res://empty', runId: null, stepKey: null, contentType: 'text/plain', size: 0, content: new Uint8Array(0), createdAt: 9 },
          { uri: 'res://nul', runId: null, stepKey: null, contentType: 'text/plain', size: 3, content: Uint8Array.of(0, 0, 0), createdAt: 9 },
        ];
        for (const b of blobs) s.putBlob(b);
        for (const b of blobs) {
          const back = s.getBlob(b.uri)!;
          assert.equal(Object.getPrototypeOf(back.content), Uint8Array.prototype);
          assert.deepEqual(back, b);
        }
        assert.equal(s.getBlob('res://missing'), undefined);
      }));

      test('putBlob replaces the same uri (a re-run step re-persists); size comes from the content', withStore((s) => {
        s.createRun(newRun('r1'));
        s.putBlob({ uri: 'res://x', runId: 'r1', stepKey: 'a#0', contentType: 'text/plain', size: 1, content: Uint8Array.of(1), createdAt: 1 });
        s.putBlob({ uri: 'res://x', runId: 'r1', stepKey: 'a#0', contentType: 'application/json', size: 99, content: Uint8Array.of(2, 3), createdAt: 2 });
        const back = s.getBlob('res://x')!;
        assert.deepEqual([back.contentType, back.size, [...back.content], back.createdAt], ['application/json', 2, [2, 3], 2]);
        throwsStore(
          () => s.putBlob({ uri: 'res://y', runId: 'ghost', stepKey: null, contentType: 'text/plain', size: 0, content: new Uint8Array(0), createdAt: 1 }),
          'run-not-found',
        );
      }));
    });

    describe('events', () => {
      test('appendEvent assigns seq per run; events read in order, after a seq', withStore((s) => {
        s.createRun(newRun('r1'));
        s.createRun(newRun('r2'));
        const types = ['run-started', 'step-started', 'step-completed', 'run-finished'];
        types.forEach((type, i) => {
          assert.deepEqual(s.appendEvent({ runId: 'r1', at: 100 - i, type, data: JSON.stringify({ i }) }), { runId: 'r1', seq: i + 1, at: 100 - i, type, data: `{"i":${i}}` });
        });
        assert.equal(s.appendEvent({ runId: 'r2', at: 0, type: 'run-started', data: '{}' }).seq, 1);
        assert.deepEqual(s.events('r1').map((e) => e.type), types);
        assert.deepEqual(s.events('r1', 2).map((e) => e.seq), [3, 4]);
        assert.deepEqual(s.events('r1', 4), []);
        throwsStore(() => s.appendEvent({ runId: 'ghost', at: 0, type: 'x', data: '{}' }), 'run-not-found');
      }));
    });

    describe('change sequence', () => {
      test('every change to runs, journal, waits and events gets the next global seq, in commit order', withStore((s) => {
        assert.equal(s.lastChange(), 0);
        assert.deepEqual(s.changesAfter(0), []);
        s.createRun(newRun('r1'));
        s.createRun(newRun('r2'));
        s.transaction(() => {
          s.appendJournal(journalEntry('r1', 'fetch#0'));
          s.appendEvent({ runId: 'r1', at: 1, type: 'step-completed', data: '{}' });
        });
        s.createWait(pendingWait('w1', 'r2', 'k1'));
        s.resolveWait('w1', 'approved', '{}', 200, 'me');
        s.updateRun('r2', { status: 'completed', endedAt: 300 });
        // Not changes the feed reports: a lease taken, a field other than the status.
        s.acquireLease('r1', 'owner', 0, 1000);
        s.updateRun('r1', { updatedAt: 5 });
        s.updateRun('r1', { status: 'running' });
        const all = s.changesAfter(0);
        assert.deepEqual(
          all.map((c) => [c.seq, c.runId, c.kind, c.ref, c.detail]),
          [
            [1, 'r1', 'run', null, 'running'],
            [2, 'r2', 'run', null, 'running'],
            [3, 'r1', 'step', 'fetch#0', 'completed'],
            [4, 'r1', 'event', '1', 'step-completed'],
            [5, 'r2', 'wait', 'w1', 'pending'],
            [6, 'r2', 'wait', 'w1', 'approved'],
            [7, 'r2', 'run', null, 'completed'],
          ],
        );
        assert.deepEqual(all[3]!.event, { at: 1, data: '{}' });
        assert.equal(all[2]!.event, undefined);
        assert.equal(s.lastChange(), 7);
        assert.deepEqual(s.changesAfter(4).map((c) => c.seq), [5, 6, 7]);
        assert.deepEqual(s.changesAfter(4, 2).map((c) => c.seq), [5, 6]);
        assert.deepEqual(s.changesAfter(7), []);
      }));

      test('a rolled-back transaction leaves no change and no hole; seqs are not reused after a delete', withStore((s, path) => {
        s.createRun(newRun('r1'));
        assert.throws(() =>
          s.transaction(() => {
            s.appendEvent({ runId: 'r1', at: 1, type: 'x', data: '{}' });
            throw new Error('undo');
          }),
        );
        s.appendEvent({ runId: 'r1', at: 2, type: 'y', data: '{}' });
        assert.deepEqual(s.changesAfter(0).map((c) => [c.seq, c.detail]), [[1, 'running'], [2, 'y']]);
        const raw = openDb(path, driver);
        try {
          raw.exec('DELETE FROM changes');
        } finally {
          raw.close();
        }
        s.appendEvent({ runId: 'r1', at: 3, type: 'z', data: '{}' });
        assert.deepEqual(s.changesAfter(0).map((c) => c.seq), [3]);
      }));

      test('changes made through another connection are read after the cursor', () => {
        const { store: a, path } = fresh();
        const b = open(path);
        try {
          a.createRun(newRun('r1'));
          const cursor = b.lastChange();
          a.appendEvent({ runId: 'r1', at: 1, type: 'branch', data: '{}' });
          assert.equal(b.lastChange(), cursor + 1);
          assert.deepEqual(b.changesAfter(cursor).map((c) => [c.kind, c.detail]), [['event', 'branch']]);
        } finally {
          a.close();
          b.close();
        }
      });

      test('a store of schema version 2 migrates additively: its runs stay, and new changes are sequenced', () => {
        const path = join(root, `t${++n}`, 'runs.db');
        // Build a version-2 file by hand, with a run in it.
        const first = open(path);
        first.close();
        const raw = openDb(path, driver);
        try {
          for (const t of ['run_created', 'run_status', 'run_deleted', 'step', 'wait_created', 'wait_status', 'event']) raw.exec(`DROP TRIGGER changes_${t}`);
          raw.exec('DROP TABLE changes');
          for (const t of ['feed_readers', 'change_marks', 'feed_state']) raw.exec(`DROP TABLE ${t}`); // migration 4
          raw.exec("DELETE FROM sqlite_sequence WHERE name = 'changes'");
          raw.exec('ALTER TABLE journal DROP COLUMN edited');
          raw.exec('PRAGMA user_version = 2');
          raw.exec("INSERT INTO sources (id, hash, text) VALUES (1, 'h', '{}')");
          raw.exec("INSERT INTO runs (id, flow, source_id, source_hash, status, created_at, updated_at) VALUES ('old', 'f', 1, 'h', 'waiting', 1, 1)");
          raw.exec("INSERT INTO run_payloads (run_id, input) VALUES ('old', '{}')");
        } finally {
          raw.close();
        }
        const s = open(path);
        try {
          assert.equal(s.getRun('old')!.status, 'waiting');
          assert.equal(s.lastChange(), 0);
          s.updateRun('old', { status: 'running' });
          s.appendJournal({ ...journalEntry('old', 'a#0'), edited: true });
          assert.deepEqual(s.changesAfter(0).map((c) => [c.seq, c.kind, c.detail]), [[1, 'run', 'running'], [2, 'step', 'completed']]);
          assert.equal(s.journal('old')[0]!.edited, true);
        } finally {
          s.close();
        }
      });
    });

    describe('transactions', () => {
      test('commit together, or roll back together when the function throws', withStore((s) => {
        const value = s.transaction(() => {
          s.createRun(newRun('r1'));
          s.appendJournal(journalEntry('r1', 'a#0'));
          return 42;
        });
        assert.equal(value, 42);
        assert.equal(s.journal('r1').length, 1);
        assert.throws(
          () =>
            s.transaction(() => {
              s.appendJournal(journalEntry('r1', 'b#0'));
              s.updateRun('r1', { status: 'completed' });
              s.kvSet({ key: 'k', value: '1', metadata: null, expiresAt: null, updatedAt: 0 });
              throw new Error('boom');
            }),
          /boom/,
        );
        assert.deepEqual(s.journal('r1').map((j) => j.stepKey), ['a#0']);
        assert.equal(s.getRun('r1')!.status, 'running');
        assert.equal(s.kvGet('k', 0), undefined);
      }));

      test('nested calls join the outer one: a nested throw undoes only the nested work', withStore((s) => {
        s.createRun(newRun('r1'));
        s.transaction(() => {
          s.appendJournal(journalEntry('r1', 'a#0'));
          assert.throws(() =>
            s.transaction(() => {
              s.appendJournal(journalEntry('r1', 'b#0'));
              s.transaction(() => s.appendEvent({ runId: 'r1', at: 0, type: 'inner', data: '{}' }));
              throw new Error('inner');
            }),
          );
          s.transaction(() => s.appendJournal(journalEntry('r1', 'c#0')));
          // A store error inside a transaction leaves it usable.
          throwsStore(() => s.appendJournal(journalEntry('r1', 'a#0')), 'duplicate-journal-key');
        });
        assert.deepEqual(s.journal('r1').map((j) => [j.seq, j.stepKey]), [
          [1, 'a#0'],
          [2, 'c#0'],
        ]);
        assert.deepEqual(s.events('r1'), []);
      }));

      test('a nested throw that escapes rolls back everything', withStore((s) => {
        s.createRun(newRun('r1'));
        assert.throws(() =>
          s.transaction(() => {
            s.appendJournal(journalEntry('r1', 'a#0'));
            s.transaction(() => {
              s.appendJournal(journalEntry('r1', 'b#0'));
              throw new Error('inner');
            });
          }),
        );
        assert.deepEqual(s.journal('r1'), []);
        s.transaction(() => s.appendJournal(journalEntry('r1', 'z#0')));
        assert.equal(s.journal('r1').length, 1, 'the store is usable afterwards');
      }));

      test('an async function is refused and its writes rolled back', withStore((s) => {
        s.createRun(newRun('r1'));
        throwsStore(
          () =>
            s.transaction(async () => {
              s.appendJournal(journalEntry('r1', 'a#0'));
            }),
          'async-transaction',
        );
        assert.deepEqual(s.journal('r1'), []);
      }));
    });

    describe('runtime tables (the local runtime: queue, deliveries, schedule cursors)', () => {
      const entry = (runId: string, key: string | null) => ({ runId, flow: 'f', flowPath: null, concurrencyKey: key, trigger: 'In', input: '{}', payloadHash: null, sourceHash: 'h', arrivedAt: 1 });

      test('queue: arrival order per flow and key; numbers never reused, also after reopening', () => {
        const { store: first, path } = fresh();
        let store = first;
        const a = store.enqueueRun(entry('r1', 'a'));
        const b = store.enqueueRun(entry('r2', 'b'));
        store.enqueueRun({ ...entry('r3', 'a'), flow: 'g' });
        assert.deepEqual(store.queuedRuns({ flow: 'f' }).map((q) => q.runId), ['r1', 'r2']);
        assert.deepEqual(store.queuedRuns({ flow: 'f', concurrencyKey: 'a' }).map((q) => q.runId), ['r1']);
        assert.equal(store.dequeueRun('r2'), true);
        assert.equal(store.dequeueRun('r2'), false);
        store.close();
        store = open(path);
        try {
          const c = store.enqueueRun(entry('r4', 'a'));
          assert.ok(c.seq > b.seq && b.seq > a.seq, 'AUTOINCREMENT: the removed number is not given again');
          assert.deepEqual(store.queuedRuns().map((q) => q.runId), ['r1', 'r3', 'r4']);
        } finally {
          store.close();
        }
      });

      test('deliveries: the same material inside its window is a replay; after it, it is recorded anew', withStore((s) => {
        const d = { material: 'm1', endpoint: '/in', runId: 'r1', seenAt: 1000, expiresAt: 1000 + 300_000 };
        assert.equal(s.recordDelivery(d), undefined);
        assert.deepEqual(s.recordDelivery({ ...d, runId: 'r2', seenAt: 5000, expiresAt: 305_000 }), d);
        assert.equal(s.recordDelivery({ ...d, runId: 'r3', seenAt: 301_000, expiresAt: 601_000 }), undefined, 'the window ended');
        assert.equal(s.purgeDeliveries(601_000), 1);
      }));

      test('schedule cursors persist per flow and schedule', withStore((s) => {
        assert.equal(s.scheduleCursor('f', 'hourly'), undefined);
        s.setScheduleCursor('f', 'hourly', 10);
        s.setScheduleCursor('f', 'hourly', 20);
        s.setScheduleCursor('g', 'hourly', 5);
        assert.deepEqual([s.scheduleCursor('f', 'hourly'), s.scheduleCursor('g', 'hourly')], [20, 5]);
      }));
    });

    describe('file', () => {
      test('integrityCheck is ok', withStore((s) => {
        s.createRun(newRun('r1'));
        assert.equal(s.integrityCheck(), 'ok');
      }));

      test('everything persists across close and reopen; a second connection sees it live', () => {
        const { store, path } = fresh();
        store.createRun(newRun('r1'));
        store.transaction(() => {
          store.appendJournal(journalEntry('r1', 'a#0'));
          store.updateRun('r1', { status: 'waiting', updatedAt: 5 });
          store.appendEvent({ runId: 'r1', at: 5, type: 'wait-pending', data: '{}' });
        });
        store.createWait(pendingWait('w1', 'r1', 'k1'));
        store.kvSet({ key: 'k', value: '"v"', metadata: null, expiresAt: null, updatedAt: 1 });
        store.putBlob({ uri: 'res://b', runId: 'r1', stepKey: 'a#0', contentType: 'text/plain', size: 2, content: Uint8Array.of(0xff, 0), createdAt: 1 });
        const second = open(path);
        assert.equal(second.getRun('r1')!.status, 'waiting');
        store.resolveWait('w1', 'approved', null, 9, 'ana');
        assert.equal(second.getWait('w1')!.status, 'approved', 'a commit is visible to another connection at once');
        second.close();
        store.close();

        const again = open(path);
        try {
          assert.equal(again.getRun('r1')!.status, 'waiting');
          assert.deepEqual(again.journal('r1').map((j) => j.stepKey), ['a#0']);
          assert.deepEqual(again.events('r1').map((e) => e.type), ['wait-pending']);
          assert.equal(again.getWait('w1')!.resolvedBy, 'ana');
          assert.equal(again.kvGet('k', 0)!.value, '"v"');
          assert.deepEqual([...again.getBlob('res://b')!.content], [0xff, 0]);
          assert.equal(again.integrityCheck(), 'ok');
        } finally {
          again.close();
        }
      });

      test('migrations are idempotent; a newer schema is refused clearly', () => {
        const { store, path } = fresh();
        store.createRun(newRun('r1'));
        store.close();
        for (let i = 0; i < 3; i++) {
          const s = open(path);
          assert.equal(s.getRun('r1')!.id, 'r1');
          s.close();
        }
        const raw = openDb(path, driver);
        assert.equal(raw.prepare('PRAGMA user_version').get()?.['user_version'], SCHEMA_VERSION);
        raw.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
        raw.close();
        throwsStore(() => open(path), 'schema-too-new', new RegExp(`schema version ${SCHEMA_VERSION + 1}, newer than this flow-edn knows \\(${SCHEMA_VERSION}\\)`));
      });

      test('close is idempotent', () => {
        const { store } = fresh();
        store.close();
        store.close();
      });
    });
  });
}
