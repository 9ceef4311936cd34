// The change feed: every run, step, wait, branch and event change in the store, in the
// store's global change order, from this process or any other. A subscriber holds a
// cursor (the last seq it saw) and gets every change after it, in order, with no gaps;
// a subscriber that restarts passes its last cursor back. Other processes' commits are
// noticed by polling MAX(seq) (one index seek, no table scan) every `pollMs`.
// Pruning: each feed records its slowest subscriber's cursor in the store (`feed_readers`),
// and now and then deletes changes every live reader in any process has passed and older
// than a window; a subscriber whose cursor is behind what was pruned is told to resync.

import type { RunEvent } from '../run/events';
import type { ChangeRecord, JournalStatus, RunStatus, RunStore, WaitStatus } from '../store/port';

export type BranchEvent = Extract<RunEvent, { type: 'branch' }>;

/** One change, typed by what changed. `seq` is the cursor to resume after. */
export type FeedChange =
  | { seq: number; kind: 'run'; runId: string; status: RunStatus | 'deleted' }
  | { seq: number; kind: 'step'; runId: string; stepKey: string; status: JournalStatus }
  | { seq: number; kind: 'wait'; runId: string; waitId: string; status: WaitStatus }
  | { seq: number; kind: 'branch'; runId: string; at: number; branch: BranchEvent }
  | { seq: number; kind: 'event'; runId: string; at: number; event: RunEvent };

/** Changes up to `prunedThrough` were pruned before the subscriber read them: it must reload what it shows. */
export interface FeedResync {
  prunedThrough: number;
}

/** Called with each batch in order; on a resync, once with no changes and `resync` set (then the changes after it follow). */
export type FeedListener = (changes: readonly FeedChange[], resync?: FeedResync) => void;

export interface FeedSubscription {
  /** The seq of the last change delivered: pass it back to resume after a restart. */
  readonly cursor: number;
  dispose(): void;
}

export interface FeedOptions {
  /** How often to look for other processes' changes (ms). @default 200 */
  pollMs?: number;
  /** Changes read per store call. @default 500 */
  batch?: number;
  /** Pruning of old changes, or false for none. */
  prune?: false | PruneSettings;
}

export interface PruneSettings {
  /** Changes younger than this stay (ms). @default 600_000 (10 minutes) */
  windowMs?: number;
  /** A reader (a feed in any process) not seen for this long holds nothing back (ms). @default 60_000 */
  liveMs?: number;
  /** How often this feed prunes while it has subscribers (ms). @default 60_000 */
  everyMs?: number;
}

export function toFeedChange(c: ChangeRecord): FeedChange | undefined {
  switch (c.kind) {
    case 'run':
      return { seq: c.seq, kind: 'run', runId: c.runId, status: (c.detail ?? 'running') as RunStatus | 'deleted' };
    case 'step':
      return { seq: c.seq, kind: 'step', runId: c.runId, stepKey: c.ref ?? '', status: (c.detail ?? 'completed') as JournalStatus };
    case 'wait':
      return { seq: c.seq, kind: 'wait', runId: c.runId, waitId: c.ref ?? '', status: (c.detail ?? 'pending') as WaitStatus };
    case 'event': {
      if (c.event === undefined) return undefined;
      const event = JSON.parse(c.event.data) as RunEvent;
      if (event.type === 'branch') return { seq: c.seq, kind: 'branch', runId: c.runId, at: c.event.at, branch: event };
      return { seq: c.seq, kind: 'event', runId: c.runId, at: c.event.at, event };
    }
  }
}

class Subscriber implements FeedSubscription {
  disposed = false;
  constructor(
    public cursor: number,
    readonly listener: FeedListener,
    private readonly feed: ChangeFeed,
  ) {}
  dispose(): void {
    this.disposed = true;
    this.feed.remove(this);
  }
}

export class ChangeFeed {
  private readonly subscribers = new Set<Subscriber>();
  private timer: NodeJS.Timeout | null = null;
  private readonly pollMs: number;
  private readonly batch: number;
  private delivering = false;
  /** This feed's row in `feed_readers`: its slowest subscriber's cursor. */
  private readonly readerId = `feed-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  private saved: { cursor: number; at: number } | null = null;
  private readonly prune: Required<PruneSettings> | null;
  private prunedAt = 0;

  constructor(
    private readonly store: RunStore,
    options: FeedOptions = {},
    private readonly clock: () => number = Date.now,
  ) {
    this.pollMs = options.pollMs ?? 200;
    this.batch = options.batch ?? 500;
    const p = options.prune === false ? null : (options.prune ?? {});
    this.prune = p === null ? null : { windowMs: p.windowMs ?? 600_000, liveMs: p.liveMs ?? 60_000, everyMs: p.everyMs ?? 60_000 };
  }

  /** The newest change now: a cursor that means "only what happens from here on". */
  now(): number {
    return this.store.lastChange();
  }

  /** Delivers every change after `cursor` (default: from now on) to `listener`, in batches, in order. */
  subscribe(listener: FeedListener, cursor?: number): FeedSubscription {
    const s = new Subscriber(cursor ?? this.now(), listener, this);
    this.subscribers.add(s);
    this.saveReader(true);
    if (this.timer === null) {
      this.timer = setInterval(() => this.poll(), this.pollMs);
      this.timer.unref();
    }
    // Catch up at once (after the caller has its subscription in hand).
    queueMicrotask(() => this.poll());
    return s;
  }

  remove(s: Subscriber): void {
    this.subscribers.delete(s);
    if (this.subscribers.size === 0) {
      if (this.timer !== null) clearInterval(this.timer);
      this.timer = null;
      this.saved = null;
      try {
        this.store.dropFeedReader(this.readerId);
      } catch {
        // the store may be closing; a reader not seen for `liveMs` holds nothing back anyway
      }
    } else this.saveReader(true);
  }

  /** Looks for new changes now (after a change this process made, so views need not wait for the poll). */
  poll(): void {
    if (this.delivering || this.subscribers.size === 0) return;
    this.delivering = true;
    try {
      const last = this.store.lastChange();
      for (const s of [...this.subscribers]) {
        while (!s.disposed && s.cursor < last) {
          const rows = this.store.changesAfter(s.cursor, this.batch);
          // Read after the rows: a prune that ran before them shows here, so no gap goes unseen.
          const pruned = this.store.prunedThrough();
          if (s.cursor < pruned) {
            s.cursor = pruned;
            this.tell(s, [], { prunedThrough: pruned });
            continue;
          }
          if (rows.length === 0) break;
          const changes: FeedChange[] = [];
          for (const r of rows) {
            const c = toFeedChange(r);
            if (c !== undefined) changes.push(c);
          }
          s.cursor = rows[rows.length - 1]!.seq;
          if (changes.length > 0) this.tell(s, changes);
        }
      }
      this.saveReader(false);
      this.pruneNow(false);
    } finally {
      this.delivering = false;
    }
  }

  private tell(s: Subscriber, changes: FeedChange[], resync?: FeedResync): void {
    try {
      if (resync === undefined) s.listener(changes);
      else s.listener(changes, resync);
    } catch {
      // a subscriber's failure never stops the feed for the others
    }
  }

  /** Records the slowest subscriber's cursor: at once when asked, else when it moved (at most once a second) or as a heartbeat. */
  private saveReader(force: boolean): void {
    if (this.prune === null || this.subscribers.size === 0) return;
    let slowest = Infinity;
    for (const s of this.subscribers) slowest = Math.min(slowest, s.cursor);
    const now = this.clock();
    const due = this.saved === null || force || (slowest !== this.saved.cursor && now - this.saved.at >= 1000) || now - this.saved.at >= this.prune.liveMs / 3;
    if (!due) return;
    this.store.saveFeedReader(this.readerId, slowest, now);
    this.saved = { cursor: slowest, at: now };
  }

  /** Prunes the changes every live reader has passed and older than the window (every `everyMs`, or now when forced). */
  pruneNow(force = true): { prunedThrough: number; deleted: number } | undefined {
    if (this.prune === null) return undefined;
    const now = this.clock();
    if (!force && now - this.prunedAt < this.prune.everyMs) return undefined;
    this.prunedAt = now;
    this.saveReader(true);
    return this.store.pruneChanges({ now, windowMs: this.prune.windowMs, liveMs: this.prune.liveMs });
  }

  close(): void {
    for (const s of [...this.subscribers]) s.dispose();
  }
}
