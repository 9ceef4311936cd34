// The store's runtime tables (migration 2): the queue keeps arrival order and never reuses
// a number, also across reopening; a delivery's signature material is a replay only inside
// its window; schedule cursors persist.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { openStore } from '../../engine/store/index';
import { tempDir } from './support';

const entry = (runId: string, key: string | null) => ({ runId, flow: 'f', flowPath: null, concurrencyKey: key, trigger: 'In', input: '{}', payloadHash: null, sourceHash: 'h', arrivedAt: 1 });

test('queue: arrival order per flow and key; numbers never reused, also after reopening', () => {
  const path = join(tempDir(), 'runs.db');
  let store = openStore(path);
  const a = store.enqueueRun(entry('r1', 'a'));
  const b = store.enqueueRun(entry('r2', 'b'));
  store.enqueueRun({ ...entry('r3', 'a'), flow: 'g' });
  assert.deepEqual(store.queuedRuns({ flow: 'f' }).map((q) => q.runId), ['r1', 'r2']);
  assert.deepEqual(store.queuedRuns({ flow: 'f', concurrencyKey: 'a' }).map((q) => q.runId), ['r1']);
  assert.equal(store.dequeueRun('r2'), true);
  assert.equal(store.dequeueRun('r2'), false);
  store.close();
  store = openStore(path);
  const c = store.enqueueRun(entry('r4', 'a'));
  assert.ok(c.seq > b.seq && b.seq > a.seq, 'AUTOINCREMENT: the removed number is not given again');
  assert.deepEqual(store.queuedRuns().map((q) => q.runId), ['r1', 'r3', 'r4']);
  store.close();
});

test('deliveries: the same material inside its window is a replay; after it, it is recorded anew', () => {
  const store = openStore(':memory:');
  const d = { material: 'm1', endpoint: '/in', runId: 'r1', seenAt: 1000, expiresAt: 1000 + 300_000 };
  assert.equal(store.recordDelivery(d), undefined);
  assert.deepEqual(store.recordDelivery({ ...d, runId: 'r2', seenAt: 5000, expiresAt: 305_000 }), d);
  assert.equal(store.recordDelivery({ ...d, runId: 'r3', seenAt: 301_000, expiresAt: 601_000 }), undefined, 'the window ended');
  assert.equal(store.purgeDeliveries(601_000), 1);
  store.close();
});

test('schedule cursors persist per flow and schedule', () => {
  const store = openStore(':memory:');
  assert.equal(store.scheduleCursor('f', 'hourly'), undefined);
  store.setScheduleCursor('f', 'hourly', 10);
  store.setScheduleCursor('f', 'hourly', 20);
  store.setScheduleCursor('g', 'hourly', 5);
  assert.deepEqual([store.scheduleCursor('f', 'hourly'), store.scheduleCursor('g', 'hourly')], [20, 5]);
  store.close();
});
