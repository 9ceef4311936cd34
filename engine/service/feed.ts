// The change feed: every run, step, wait, branch and event change in the store, in the
// store's global change order, from this process or any other. A subscriber holds a
// cursor (the last seq it saw) and gets every change after it, in order, with no gaps;
// a subscriber that restarts passes its last cursor back. Other processes' commits are
// noticed by polling MAX(seq) (one index seek, no table scan) every `pollMs`.

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

export type FeedListener = (changes: readonly FeedChange[]) => void;

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

  constructor(
    private readonly store: RunStore,
    options: FeedOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 200;
    this.batch = options.batch ?? 500;
  }

  /** The newest change now: a cursor that means "only what happens from here on". */
  now(): number {
    return this.store.lastChange();
  }

  /** Delivers every change after `cursor` (default: from now on) to `listener`, in batches, in order. */
  subscribe(listener: FeedListener, cursor?: number): FeedSubscription {
    const s = new Subscriber(cursor ?? this.now(), listener, this);
    this.subscribers.add(s);
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
    if (this.subscribers.size === 0 && this.timer !== null) {
      clearInterval(this.timer);
      this.timer = null;
    }
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
          if (rows.length === 0) break;
          const changes: FeedChange[] = [];
          for (const r of rows) {
            const c = toFeedChange(r);
            if (c !== undefined) changes.push(c);
          }
          s.cursor = rows[rows.length - 1]!.seq;
          try {
            if (changes.length > 0) s.listener(changes);
          } catch {
            // a subscriber's failure never stops the feed for the others
          }
        }
      }
    } finally {
      this.delivering = false;
    }
  }

  close(): void {
    for (const s of [...this.subscribers]) s.dispose();
  }
}
