// Pruning the change feed's `changes` table (migration 4). A change may go once every live
// reader has passed it and it is older than a window; a reader whose cursor is behind what
// was pruned learns it must resync (`prunedThrough`). Readers live in any process: each
// records its cursor and a heartbeat in `feed_readers`; one not seen for `liveMs` is dead.

import type { Db } from './driver';
import type { PruneOptions, PruneResult } from './port';

export class FeedRows {
  constructor(
    private readonly db: Db,
    private readonly atomic: <T>(fn: () => T) => T,
  ) {}

  /** Records that reader `id` has passed `cursor` (its slowest subscriber), now. */
  saveReader(id: string, cursor: number, now: number): void {
    this.db
      .prepare('INSERT INTO feed_readers (id, cursor, seen_at) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET cursor = excluded.cursor, seen_at = excluded.seen_at')
      .run(id, cursor, now);
  }

  dropReader(id: string): void {
    this.db.prepare('DELETE FROM feed_readers WHERE id = ?').run(id);
  }

  prunedThrough(): number {
    return Number(this.db.prepare("SELECT value FROM feed_state WHERE key = 'pruned_through'").get()?.['value'] ?? 0);
  }

  /**
   * Marks the newest seq at `now`, then deletes the changes at or below both the newest seq
   * marked at least `windowMs` ago and the lowest cursor of the live readers.
   */
  prune({ now, windowMs, liveMs }: PruneOptions): PruneResult {
    return this.atomic(() => {
      const last = Number(this.db.prepare('SELECT seq FROM changes ORDER BY seq DESC LIMIT 1').get()?.['seq'] ?? 0);
      const before = this.prunedThrough();
      this.db.prepare('INSERT INTO change_marks (at, seq) VALUES (?, ?) ON CONFLICT (at) DO UPDATE SET seq = MAX(seq, excluded.seq)').run(now, last);
      this.db.prepare('DELETE FROM feed_readers WHERE seen_at < ?').run(now - liveMs);
      const mark = this.db.prepare('SELECT at, seq FROM change_marks WHERE at <= ? ORDER BY at DESC LIMIT 1').get(now - windowMs);
      if (mark === undefined) return { prunedThrough: before, deleted: 0 };
      const slowest = this.db.prepare('SELECT MIN(cursor) AS c FROM feed_readers').get()?.['c'];
      // The newest change always stays, so `lastChange` keeps its meaning after a prune.
      const through = Math.min(Number(mark['seq']), last - 1, slowest === null || slowest === undefined ? Infinity : Number(slowest));
      // Older marks are no longer needed once one at or before the window's edge exists.
      this.db.prepare('DELETE FROM change_marks WHERE at < ?').run(Number(mark['at']));
      if (through <= before) return { prunedThrough: before, deleted: 0 };
      const deleted = this.db.prepare('DELETE FROM changes WHERE seq <= ?').run(through).changes;
      this.db.prepare("UPDATE feed_state SET value = ? WHERE key = 'pruned_through'").run(through);
      return { prunedThrough: through, deleted };
    });
  }
}
