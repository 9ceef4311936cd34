// The RunStore on SQLite, written once over the small `Db` interface (runs live in runs.ts).
// Races between processes are settled by SQLite itself: single conditional statements
// (resolveWait, acquireLease), unique indexes (journal step keys, pending wait keys), and
// `BEGIN IMMEDIATE` transactions, which hold the write lock from their first statement, so a
// read followed by a write inside one (the journal seq) cannot interleave with another
// process.

import type { Db, SqlValue } from './driver';
import {
  StoreError,
  type BlobRecord,
  type ChangeRecord,
  type DeliveryRecord,
  type EventRecord,
  type JournalRecord,
  type KvEntry,
  type NewRun,
  type PruneOptions,
  type PruneResult,
  type QueuedRun,
  type RunFilter,
  type RunPageRequest,
  type RunRecord,
  type RunStore,
  type RunSummary,
  type StoreDriver,
  type WaitFilter,
  type WaitRecord,
  type WaitStatus,
} from './port';
import { runNotFound, withConstraints } from './errors';
import { bind, toBlob, toChange, toEvent, toJournal, toKv, toWait } from './rows';
import { RunRows } from './runs';
import { RuntimeRows } from './runtime-rows';
import { FeedRows } from './feed-rows';

export class SqliteRunStore implements RunStore {
  readonly driver: StoreDriver;
  /** Open transactions: 0 outside, 1 in the outermost, more in nested savepoints. */
  private depth = 0;
  private readonly runs: RunRows;
  private readonly runtime: RuntimeRows;
  private readonly feed: FeedRows;
  private closed = false;

  constructor(
    private readonly db: Db,
    readonly path: string,
  ) {
    this.driver = db.driver;
    this.runs = new RunRows(db, (fn) => this.atomic(fn));
    this.runtime = new RuntimeRows(db, (fn) => this.atomic(fn));
    this.feed = new FeedRows(db, (fn) => this.atomic(fn));
  }

  transaction<T>(fn: () => T): T {
    const outer = this.depth === 0;
    const savepoint = `nested_${this.depth}`;
    // Prepared (and cached) rather than exec'd: these run twice per step commit.
    this.db.prepare(outer ? 'BEGIN IMMEDIATE' : `SAVEPOINT ${savepoint}`).run();
    this.depth++;
    let result: T;
    try {
      result = fn();
      if (isThenable(result)) {
        throw new StoreError('async-transaction', 'store transactions are synchronous: the function returned a promise; its writes were rolled back');
      }
      this.db.prepare(outer ? 'COMMIT' : `RELEASE ${savepoint}`).run();
    } catch (e) {
      this.undo(outer, savepoint);
      throw e;
    } finally {
      this.depth--;
    }
    return result;
  }

  /** Runs a multi-statement operation atomically: joins an open transaction, else opens one. */
  private atomic<T>(fn: () => T): T {
    return this.depth > 0 ? fn() : this.transaction(fn);
  }

  private undo(outer: boolean, savepoint: string): void {
    this.runs.forget();
    try {
      if (outer) this.db.exec('ROLLBACK');
      else this.db.exec(`ROLLBACK TO ${savepoint}; RELEASE ${savepoint}`);
    } catch {
      // SQLite already rolled the transaction back itself (e.g. after an I/O error).
    }
  }

  // ---- runs (engine/store/runs.ts) ----

  createRun(run: NewRun): RunRecord {
    return this.runs.create(run);
  }
  getRun(id: string): RunRecord | undefined {
    return this.runs.get(id);
  }
  listRuns(filter?: RunFilter): RunRecord[] {
    return this.runs.list(filter);
  }
  updateRun(id: string, patch: Partial<Omit<RunRecord, 'id'>>): RunRecord {
    return this.runs.update(id, patch);
  }
  acquireLease(id: string, owner: string, now: number, ttlMs: number): boolean {
    return this.runs.acquireLease(id, owner, now, ttlMs);
  }
  renewLease(id: string, owner: string, now: number, ttlMs: number): boolean {
    return this.runs.renewLease(id, owner, now, ttlMs);
  }
  releaseLease(id: string, owner: string): void {
    this.runs.releaseLease(id, owner);
  }
  releaseLeasesOf(owner: string): number {
    return this.runs.releaseLeasesOf(owner);
  }

  // ---- journal ----

  appendJournal(record: Omit<JournalRecord, 'seq'>): JournalRecord {
    return this.atomic(() => {
      // seq comes from the run's counter (read under the write lock), not a MAX() scan.
      const seq = this.nextJournalSeq(record.runId);
      withConstraints(
        () =>
          this.db
            .prepare(
              `INSERT INTO journal (run_id, step_key, seq, step_id, step_type, status, result, error, attempts, started_at, ended_at, edited)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(
              record.runId,
              record.stepKey,
              seq,
              record.stepId,
              record.stepType,
              record.status,
              bind(record.result),
              bind(record.error),
              record.attempts,
              record.startedAt,
              record.endedAt,
              record.edited === true ? 1 : 0,
            ),
        (columns) => {
          if (columns !== 'journal.run_id, journal.step_key') return undefined;
          const held = this.db.prepare('SELECT seq FROM journal WHERE run_id = ? AND step_key = ?').get(record.runId, record.stepKey);
          return new StoreError(
            'duplicate-journal-key',
            `run ${record.runId} already journaled step key ${record.stepKey}${held ? ` (seq ${String(held['seq'])})` : ''}`,
          );
        },
      );
      this.db.prepare('UPDATE runs SET journal_seq = ? WHERE id = ?').run(seq, record.runId);
      return { ...pickJournal(record), seq };
    });
  }

  /** The run's next journal seq, from its counter; call inside a write transaction. */
  private nextJournalSeq(runId: string): number {
    const row = this.db.prepare('SELECT journal_seq FROM runs WHERE id = ?').get(runId);
    if (row === undefined) throw runNotFound(runId);
    return Number(row['journal_seq']) + 1;
  }

  journal(runId: string): JournalRecord[] {
    return this.db.prepare('SELECT * FROM journal WHERE run_id = ? ORDER BY seq').all(runId).map(toJournal);
  }

  // ---- waits ----

  createWait(wait: Omit<WaitRecord, 'status' | 'resolution' | 'resolvedAt' | 'resolvedBy'>): WaitRecord {
    const row = withConstraints(
      () =>
        this.db
          .prepare(
            `INSERT INTO waits (id, run_id, step_key, step_id, key, status, created_at, expires_at, token)
             VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?) RETURNING *`,
          )
          .get(wait.id, wait.runId, wait.stepKey, wait.stepId, wait.key, wait.createdAt, bind(wait.expiresAt), bind(wait.token)),
      (columns) => {
        if (columns === 'waits.id') return new StoreError('duplicate-wait', `a wait with id ${wait.id} already exists`);
        if (columns !== 'waits.key') return undefined;
        const holder = this.db.prepare("SELECT run_id, step_key FROM waits WHERE key = ? AND status = 'pending'").get(wait.key);
        const where = holder ? ` (run ${String(holder['run_id'])}, step ${String(holder['step_key'])})` : '';
        return new StoreError('pending-wait-key-taken', `a pending wait already holds key ${wait.key}${where}`);
      },
      wait.runId,
    );
    return toWait(row!);
  }

  getWait(id: string): WaitRecord | undefined {
    const row = this.db.prepare('SELECT * FROM waits WHERE id = ?').get(id);
    return row && toWait(row);
  }

  findWaits(filter: WaitFilter): WaitRecord[] {
    const where: string[] = [];
    const params: SqlValue[] = [];
    const eq: [keyof WaitFilter, string][] = [
      ['runId', 'run_id'],
      ['key', 'key'],
      ['status', 'status'],
      ['stepKey', 'step_key'],
    ];
    for (const [field, column] of eq) {
      const value = filter[field];
      if (value !== undefined) where.push(`${column} = ?`), params.push(value);
    }
    if (filter.expiresBefore !== undefined) where.push('expires_at IS NOT NULL AND expires_at <= ?'), params.push(filter.expiresBefore);
    const sql = `SELECT * FROM waits${where.length ? ' WHERE ' + where.join(' AND ') : ''} ORDER BY created_at, rowid`;
    return this.db.prepare(sql).all(...params).map(toWait);
  }

  resolveWait(id: string, status: Exclude<WaitStatus, 'pending'>, resolution: string | null, at: number, by: string | null): WaitRecord | undefined {
    if ((status as WaitStatus) === 'pending') throw new TypeError('resolveWait: a wait cannot be resolved to pending');
    // One conditional statement: whichever process runs it first wins; the others change nothing.
    const row = this.db
      .prepare(
        `UPDATE waits SET status = ?, resolution = ?, resolved_at = ?, resolved_by = ?
         WHERE id = ? AND status = 'pending' RETURNING *`,
      )
      .get(status, bind(resolution), at, bind(by), id);
    return row && toWait(row);
  }

  // ---- kv ----

  kvGet(key: string, now: number): KvEntry | undefined {
    const row = this.db.prepare('SELECT * FROM kv WHERE key = ? AND (expires_at IS NULL OR expires_at > ?)').get(key, now);
    return row && toKv(row);
  }

  kvSet(entry: KvEntry): void {
    this.db
      .prepare(
        `INSERT INTO kv (key, value, metadata, expires_at, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, metadata = excluded.metadata,
           expires_at = excluded.expires_at, updated_at = excluded.updated_at`,
      )
      .run(entry.key, entry.value, bind(entry.metadata), bind(entry.expiresAt), entry.updatedAt);
  }

  kvDelete(key: string, now?: number): boolean {
    const removed = this.db.prepare('DELETE FROM kv WHERE key = ? RETURNING expires_at').get(key);
    if (removed === undefined) return false;
    const expiresAt = removed['expires_at'];
    return now === undefined || expiresAt === null || Number(expiresAt) > now;
  }

  kvKeys(prefix: string, now: number, limit: number): string[] {
    const upper = prefixUpperBound(prefix);
    const sql =
      'SELECT key FROM kv WHERE key >= ?' +
      (upper === null ? '' : ' AND key < ?') +
      ' AND (expires_at IS NULL OR expires_at > ?) ORDER BY key LIMIT ?';
    const params: SqlValue[] = [prefix, ...(upper === null ? [] : [upper]), now, Math.max(0, Math.floor(limit))];
    return this.db
      .prepare(sql)
      .all(...params)
      .map((r) => String(r['key']));
  }

  kvPurgeExpired(now: number): number {
    return this.db.prepare('DELETE FROM kv WHERE expires_at IS NOT NULL AND expires_at <= ?').run(now).changes;
  }

  // ---- blobs ----

  putBlob(blob: BlobRecord): void {
    withConstraints(
      () =>
        this.db
          .prepare(
            `INSERT INTO blobs (uri, run_id, step_key, content_type, size, content, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (uri) DO UPDATE SET run_id = excluded.run_id, step_key = excluded.step_key,
               content_type = excluded.content_type, size = excluded.size, content = excluded.content, created_at = excluded.created_at`,
          )
          .run(blob.uri, bind(blob.runId), bind(blob.stepKey), blob.contentType, blob.content.byteLength, blob.content, blob.createdAt),
      () => undefined,
      blob.runId ?? undefined,
    );
  }

  getBlob(uri: string): BlobRecord | undefined {
    const row = this.db.prepare('SELECT * FROM blobs WHERE uri = ?').get(uri);
    return row && toBlob(row);
  }

  // ---- events ----

  appendEvent(event: Omit<EventRecord, 'seq'>): EventRecord {
    return this.atomic(() => {
      const last = this.db.prepare('SELECT MAX(seq) AS seq FROM events WHERE run_id = ?').get(event.runId)?.['seq'];
      const seq = Number(last ?? 0) + 1;
      withConstraints(
        () => this.db.prepare('INSERT INTO events (run_id, seq, at, type, data) VALUES (?, ?, ?, ?, ?)').run(event.runId, seq, event.at, event.type, event.data),
        () => undefined,
        event.runId,
      );
      return { runId: event.runId, seq, at: event.at, type: event.type, data: event.data };
    });
  }

  events(runId: string, afterSeq = 0): EventRecord[] {
    return this.db.prepare('SELECT * FROM events WHERE run_id = ? AND seq > ? ORDER BY seq').all(runId, afterSeq).map(toEvent);
  }

  // ---- the change feed (rows written by triggers: schema.ts, migration 3) ----

  changesAfter(cursor: number, limit = 1000): ChangeRecord[] {
    return this.db
      .prepare(
        `SELECT c.*, e.at AS event_at, e.data AS event_data FROM changes c
         LEFT JOIN events e ON c.kind = 'event' AND e.run_id = c.run_id AND e.seq = CAST(c.ref AS INTEGER)
         WHERE c.seq > ? ORDER BY c.seq LIMIT ?`,
      )
      .all(cursor, Math.max(0, Math.floor(limit)))
      .map(toChange);
  }

  lastChange(): number {
    return Number(this.db.prepare('SELECT seq FROM changes ORDER BY seq DESC LIMIT 1').get()?.['seq'] ?? 0);
  }

  saveFeedReader(id: string, cursor: number, now: number): void {
    this.feed.saveReader(id, cursor, now);
  }
  dropFeedReader(id: string): void {
    this.feed.dropReader(id);
  }
  prunedThrough(): number {
    return this.feed.prunedThrough();
  }
  pruneChanges(options: PruneOptions): PruneResult {
    return this.feed.prune(options);
  }

  // ---- the local runtime (engine/store/runtime-rows.ts) ----

  enqueueRun(entry: Omit<QueuedRun, 'seq'>): QueuedRun {
    return this.runtime.enqueue(entry);
  }
  queuedRuns(filter?: { flow?: string; concurrencyKey?: string }): QueuedRun[] {
    return this.runtime.queued(filter);
  }
  dequeueRun(runId: string): boolean {
    return this.runtime.dequeue(runId);
  }
  recordDelivery(delivery: DeliveryRecord): DeliveryRecord | undefined {
    return this.runtime.recordDelivery(delivery);
  }
  purgeDeliveries(now: number): number {
    return this.runtime.purgeDeliveries(now);
  }
  scheduleCursor(flow: string, schedule: string): number | undefined {
    return this.runtime.scheduleCursor(flow, schedule);
  }
  setScheduleCursor(flow: string, schedule: string, at: number): void {
    this.runtime.setScheduleCursor(flow, schedule, at);
  }

  // ---- the editor's views ----

  runSummaries(page: RunPageRequest): RunSummary[] {
    return this.runs.summaries(page);
  }
  runFlows(): { flow: string; runs: number; newest: number }[] {
    return this.db
      .prepare('SELECT flow, COUNT(*) AS n, MAX(created_at) AS newest FROM runs GROUP BY flow ORDER BY newest DESC, flow')
      .all()
      .map((r) => ({ flow: String(r['flow']), runs: Number(r['n']), newest: Number(r['newest']) }));
  }
  deleteRun(id: string): boolean {
    // The tables that name the run cascade (journal, payloads, waits, events, blobs).
    return this.atomic(() => Number(this.db.prepare('DELETE FROM runs WHERE id = ?').run(id).changes) > 0);
  }

  // ---- upkeep ----

  integrityCheck(): string {
    return this.db
      .prepare('PRAGMA integrity_check')
      .all()
      .map((r) => String(Object.values(r)[0]))
      .join('\n');
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}

function pickJournal(r: Omit<JournalRecord, 'seq'>): Omit<JournalRecord, 'seq'> {
  const { runId, stepKey, stepId, stepType, status, result, error, attempts, startedAt, endedAt } = r;
  return { runId, stepKey, stepId, stepType, status, result: result ?? null, error: error ?? null, attempts, startedAt, endedAt, ...(r.edited === true ? { edited: true } : {}) };
}

function isThenable(v: unknown): boolean {
  return typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';
}

/**
 * The least string greater than every string that starts with `prefix`, in SQLite's BINARY
 * order (UTF-8 bytes, which is code point order): the prefix with its last code point
 * incremented, carrying past U+10FFFF. Null when there is none (empty prefix).
 */
export function prefixUpperBound(prefix: string): string | null {
  const points = Array.from(prefix, (c) => c.codePointAt(0)!);
  while (points.length > 0) {
    let last = points.pop()! + 1;
    if (last === 0xd800) last = 0xe000; // surrogates never reach UTF-8
    if (last <= 0x10ffff) return String.fromCodePoint(...points, last);
  }
  return null;
}
