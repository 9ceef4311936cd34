// Pruning the change feed's `changes` table: changes go once every live reader (a feed in
// any process, through `feed_readers`) has passed them and they are older than the window;
// the newest change always stays; a subscriber whose cursor is behind what was pruned is
// told to resync and then gets every change after it; a dead reader holds nothing back.

import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ChangeFeed, type FeedChange, type FeedResync } from '../../engine/service/index';
import { openStore, type RunStore } from '../../engine/store/index';
import { newRun } from '../store/contract';

function store(): RunStore {
  return openStore(join(mkdtempSync(join(tmpdir(), 'flow-edn-prune-')), 'runs.db'), { driver: 'better-sqlite3' });
}

/** Adds `n` changes (a run created, then status flips). */
function changes(s: RunStore, id: string, n: number): void {
  s.createRun(newRun(id));
  for (let i = 1; i < n; i++) s.updateRun(id, { status: i % 2 === 1 ? 'waiting' : 'running' });
}

function collect(): { got: FeedChange[]; resyncs: FeedResync[]; listener: (c: readonly FeedChange[], r?: FeedResync) => void } {
  const got: FeedChange[] = [];
  const resyncs: FeedResync[] = [];
  return { got, resyncs, listener: (c, r) => (r !== undefined ? resyncs.push(r) : got.push(...c)) };
}

test('the store prunes what every live reader passed and older than the window, never the newest', () => {
  const s = store();
  changes(s, 'r1', 10);
  assert.deepEqual(s.pruneChanges({ now: 1_000, windowMs: 500, liveMs: 100 }), { prunedThrough: 0, deleted: 0 }, 'nothing is old enough yet: the mark at 1,000 is the first');
  changes(s, 'r2', 5);
  // A reader in another process has read up to 4.
  s.saveFeedReader('other', 4, 1_400);
  assert.deepEqual(s.pruneChanges({ now: 1_500, windowMs: 500, liveMs: 1_000 }), { prunedThrough: 4, deleted: 4 }, 'the live reader holds back the changes after 4');
  assert.equal(s.changesAfter(0)[0]!.seq, 5);
  assert.equal(s.prunedThrough(), 4);
  // The reader died (no heartbeat within liveMs): the window's newest mark (seq 15 at 1,500)
  // decides, but the newest change (15) stays.
  assert.deepEqual(s.pruneChanges({ now: 3_000, windowMs: 500, liveMs: 1_000 }), { prunedThrough: 14, deleted: 10 });
  changes(s, 'r3', 2);
  assert.equal(s.lastChange(), 17);
  assert.deepEqual(s.pruneChanges({ now: 10_000, windowMs: 500, liveMs: 1_000 }), { prunedThrough: 15, deleted: 1 }, 'the mark at 3,000 covers through 15; 16 and 17 are younger');
  const r = s.pruneChanges({ now: 20_000, windowMs: 500, liveMs: 1_000 });
  assert.equal(r.prunedThrough, 16, 'the newest change (17) stays');
  assert.equal(s.lastChange(), 17);
  assert.deepEqual(s.changesAfter(0).map((c) => c.seq), [17]);
  s.close();
});

test('a feed keeps its subscribers\' changes; one behind what was pruned is told to resync, then gets the rest', () => {
  const s = store();
  let now = 1_000;
  const feed = new ChangeFeed(s, { pollMs: 60_000, prune: { windowMs: 100, liveMs: 10_000, everyMs: 1 } }, () => now);
  const slow = collect();
  const sub = feed.subscribe(slow.listener, 0);
  changes(s, 'a', 6);
  now += 1_000;
  feed.pruneNow(); // marks 6 at 2,000
  now += 1_000;
  assert.equal(feed.pruneNow()!.deleted, 0, 'the subscriber (cursor 0) has read nothing: nothing goes');
  feed.poll();
  assert.deepEqual(slow.got.map((c) => c.seq), [1, 2, 3, 4, 5, 6]);
  assert.equal(slow.resyncs.length, 0);
  changes(s, 'b', 3);
  now += 1_000;
  const pruned = feed.pruneNow()!;
  assert.equal(pruned.prunedThrough, 6, 'what the subscriber passed and is older than the window');
  feed.poll();
  assert.deepEqual(slow.got.map((c) => c.seq), [1, 2, 3, 4, 5, 6, 7, 8, 9], 'no gap for a subscriber that kept up');
  assert.equal(slow.resyncs.length, 0);

  // A subscriber coming back with an old cursor (saved before a restart) learns it must resync.
  const late = collect();
  const lateSub = feed.subscribe(late.listener, 2);
  feed.poll();
  assert.deepEqual(late.resyncs, [{ prunedThrough: 6 }]);
  assert.deepEqual(late.got.map((c) => c.seq), [7, 8, 9]);
  assert.equal(lateSub.cursor, 9);
  sub.dispose();
  lateSub.dispose();
  s.close();
});

test('a reader in another process holds back pruning until it is no longer seen', () => {
  const s = store();
  let now = 1_000;
  const feed = new ChangeFeed(s, { pollMs: 60_000, prune: { windowMs: 100, liveMs: 5_000, everyMs: 1 } }, () => now);
  const mine = collect();
  const sub = feed.subscribe(mine.listener, 0);
  changes(s, 'a', 8);
  s.saveFeedReader('other-process', 3, now);
  feed.poll();
  now += 1_000;
  feed.pruneNow();
  now += 1_000;
  assert.equal(feed.pruneNow()!.prunedThrough, 3, 'the other reader is at 3');
  now += 10_000; // the other process stopped sending heartbeats
  assert.equal(feed.pruneNow()!.prunedThrough, 7, 'a dead reader holds nothing back; the newest stays');
  sub.dispose();
  s.close();
});
