// The runs table: records split over `runs` (the small row updated at every step),
// `sources` (flow texts, shared between runs) and `run_payloads` (input and simulation),
// with per-connection caches of the immutable or versioned parts so the per-step update
// reads nothing but its own row.

import type { Db, Row, SqlValue } from './driver';
import { runNotFound, withConstraints } from './errors';
import { StoreError, type NewRun, type RunFilter, type RunPageRequest, type RunRecord, type RunStatus, type RunSummary } from './port';
import { bind, PAYLOAD_FIELDS, RUN_COLUMNS, toPayload, toRun, type RunPayload } from './rows';

const RUN_SELECT = `SELECT r.*, s.text AS source_text, p.input, p.simulation
  FROM runs r JOIN sources s ON s.id = r.source_id JOIN run_payloads p ON p.run_id = r.id`;

export class RunRows {
  /** Source texts by id: immutable rows, so always current. */
  private readonly sources = new Lru<number, string>(32);
  /** Run payloads by run id, current while `rev` matches the row's `payload_rev`. */
  private readonly payloads = new Lru<string, { rev: number; payload: RunPayload }>(256);

  constructor(
    private readonly db: Db,
    /** Runs a multi-statement operation in the open transaction, or in a new one. */
    private readonly atomic: <T>(fn: () => T) => T,
  ) {}

  /** Forgets every cached copy: called on rollback, since rolled-back ids may be reused. */
  forget(): void {
    this.sources.clear();
    this.payloads.clear();
  }

  create(run: NewRun): RunRecord {
    return this.atomic(() => {
      const sourceId = this.sourceId(run.sourceHash, run.source);
      const status = run.status ?? 'running';
      withConstraints(
        () =>
          this.db
            .prepare(
              `INSERT INTO runs (id, flow, flow_path, source_id, source_hash, status, trigger, concurrency_key, created_at, updated_at, clock)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(run.id, run.flow, bind(run.flowPath), sourceId, run.sourceHash, status, bind(run.trigger), bind(run.concurrencyKey), run.createdAt, run.createdAt, bind(run.clock)),
        (columns) => (columns === 'runs.id' ? new StoreError('duplicate-run', `a run with id ${run.id} already exists`) : undefined),
      );
      const payload: RunPayload = { input: run.input, simulation: run.simulation ?? null };
      this.db.prepare('INSERT INTO run_payloads (run_id, input, simulation) VALUES (?, ?, ?)').run(run.id, payload.input, payload.simulation);
      this.payloads.set(run.id, { rev: 0, payload });
      return {
        id: run.id,
        flow: run.flow,
        flowPath: run.flowPath ?? null,
        source: run.source,
        sourceHash: run.sourceHash,
        status,
        trigger: run.trigger ?? null,
        input: payload.input,
        simulation: payload.simulation,
        output: null,
        error: null,
        concurrencyKey: run.concurrencyKey ?? null,
        createdAt: run.createdAt,
        updatedAt: run.createdAt,
        endedAt: null,
        leaseOwner: null,
        leaseExpiresAt: null,
        clock: run.clock ?? null,
      };
    });
  }

  get(id: string): RunRecord | undefined {
    const row = this.db.prepare(`${RUN_SELECT} WHERE r.id = ?`).get(id);
    if (row === undefined) return undefined;
    const payload = toPayload(row);
    this.payloads.set(id, { rev: Number(row['payload_rev']), payload });
    this.sources.set(Number(row['source_id']), String(row['source_text']));
    return toRun(row, String(row['source_text']), payload);
  }

  list(filter: RunFilter = {}): RunRecord[] {
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (filter.status !== undefined) {
      const statuses = Array.isArray(filter.status) ? filter.status : [filter.status];
      if (statuses.length === 0) return [];
      where.push(`r.status IN (${statuses.map(() => '?').join(', ')})`);
      params.push(...statuses);
    }
    if (filter.flow !== undefined) where.push('r.flow = ?'), params.push(filter.flow);
    if (filter.concurrencyKey !== undefined) where.push('r.concurrency_key = ?'), params.push(filter.concurrencyKey);
    if (filter.leaseFreeAt !== undefined) {
      where.push('(r.lease_owner IS NULL OR r.lease_expires_at IS NULL OR r.lease_expires_at <= ?)');
      params.push(filter.leaseFreeAt);
    }
    let sql = `${RUN_SELECT}${where.length ? ' WHERE ' + where.join(' AND ') : ''} ORDER BY r.created_at DESC, r.id DESC`;
    if (filter.limit !== undefined) sql += ' LIMIT ?', params.push(Math.max(0, Math.floor(filter.limit)));
    return this.db
      .prepare(sql)
      .all(...params)
      .map((row) => toRun(row, String(row['source_text']), toPayload(row)));
  }

  /** A page of the small rows, newest first (keyset paging: no OFFSET scan). */
  summaries(page: RunPageRequest): RunSummary[] {
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (page.flow !== undefined) where.push('flow = ?'), params.push(page.flow);
    if (page.before !== undefined) {
      where.push('(created_at < ? OR (created_at = ? AND id < ?))');
      params.push(page.before.createdAt, page.before.createdAt, page.before.id);
    }
    params.push(Math.max(0, Math.floor(page.limit)));
    const sql = `SELECT id, flow, flow_path, status, trigger, created_at, updated_at, ended_at FROM runs${where.length ? ' WHERE ' + where.join(' AND ') : ''} ORDER BY created_at DESC, id DESC LIMIT ?`;
    return this.db
      .prepare(sql)
      .all(...params)
      .map((r) => ({
        id: String(r['id']),
        flow: String(r['flow']),
        flowPath: r['flow_path'] === null ? null : String(r['flow_path']),
        status: String(r['status']) as RunStatus,
        trigger: r['trigger'] === null ? null : String(r['trigger']),
        createdAt: Number(r['created_at']),
        updatedAt: Number(r['updated_at']),
        endedAt: r['ended_at'] === null ? null : Number(r['ended_at']),
      }));
  }

  update(id: string, patch: Partial<Omit<RunRecord, 'id'>>): RunRecord {
    const sets: string[] = [];
    const params: SqlValue[] = [];
    const payloadSets: string[] = [];
    const payloadParams: SqlValue[] = [];
    let source: string | undefined;
    for (const [field, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      if (field === 'source') {
        source = String(value);
      } else if ((PAYLOAD_FIELDS as readonly string[]).includes(field)) {
        payloadSets.push(`${field} = ?`);
        payloadParams.push(bind(value));
      } else {
        const column = (RUN_COLUMNS as Record<string, string>)[field];
        if (column === undefined) throw new TypeError(`updateRun: '${field}' is not a run field that can be updated`);
        sets.push(`${column} = ?`);
        params.push(bind(value));
      }
    }
    // The common case, once per step: only the small runs row. UPDATE then SELECT costs less
    // than UPDATE ... RETURNING (SQLite buffers RETURNING rows in a temporary table).
    if (source === undefined && payloadSets.length === 0) {
      if (sets.length > 0 && this.db.prepare(`UPDATE runs SET ${sets.join(', ')} WHERE id = ?`).run(...params, id).changes === 0) throw runNotFound(id);
      const row = this.db.prepare('SELECT * FROM runs WHERE id = ?').get(id);
      if (row === undefined) throw runNotFound(id);
      return this.fromRow(row);
    }
    return this.atomic(() => {
      const current = this.db.prepare('SELECT source_hash FROM runs WHERE id = ?').get(id);
      if (current === undefined) throw runNotFound(id);
      if (source !== undefined) {
        sets.push('source_id = ?');
        params.push(this.sourceId(patch.sourceHash ?? String(current['source_hash']), source));
      }
      if (payloadSets.length > 0) {
        this.db.prepare(`UPDATE run_payloads SET ${payloadSets.join(', ')} WHERE run_id = ?`).run(...payloadParams, id);
        sets.push('payload_rev = payload_rev + 1');
      }
      this.db.prepare(`UPDATE runs SET ${sets.join(', ')} WHERE id = ?`).run(...params, id);
      return this.fromRow(this.db.prepare('SELECT * FROM runs WHERE id = ?').get(id)!);
    });
  }

  /** The full record for a `runs` row: source and payload from the caches when still current. */
  private fromRow(row: Row): RunRecord {
    const id = String(row['id']);
    const sourceId = Number(row['source_id']);
    let source = this.sources.get(sourceId);
    if (source === undefined) {
      source = String(this.db.prepare('SELECT text FROM sources WHERE id = ?').get(sourceId)!['text']);
      this.sources.set(sourceId, source);
    }
    const rev = Number(row['payload_rev']);
    let cached = this.payloads.get(id);
    if (cached === undefined || cached.rev !== rev) {
      cached = { rev, payload: toPayload(this.db.prepare('SELECT input, simulation FROM run_payloads WHERE run_id = ?').get(id)!) };
      this.payloads.set(id, cached);
    }
    return toRun(row, source, cached.payload);
  }

  /** The id of the stored source with this text, stored now if new. Runs share sources. */
  private sourceId(hash: string, text: string): number {
    for (const row of this.db.prepare('SELECT id FROM sources WHERE hash = ?').all(hash)) {
      const id = Number(row['id']);
      const known = this.sources.get(id) ?? String(this.db.prepare('SELECT text FROM sources WHERE id = ?').get(id)!['text']);
      if (known === text) {
        this.sources.set(id, text);
        return id;
      }
    }
    const id = Number(this.db.prepare('INSERT INTO sources (hash, text) VALUES (?, ?) RETURNING id').get(hash, text)!['id']);
    this.sources.set(id, text);
    return id;
  }

  acquireLease(id: string, owner: string, now: number, ttlMs: number): boolean {
    const { changes } = this.db
      .prepare(
        `UPDATE runs SET lease_owner = ?, lease_expires_at = ?
         WHERE id = ? AND (lease_owner IS NULL OR lease_owner = ? OR lease_expires_at IS NULL OR lease_expires_at <= ?)`,
      )
      .run(owner, now + ttlMs, id, owner, now);
    return changes === 1 || this.require(id);
  }

  renewLease(id: string, owner: string, now: number, ttlMs: number): boolean {
    const { changes } = this.db.prepare('UPDATE runs SET lease_expires_at = ? WHERE id = ? AND lease_owner = ?').run(now + ttlMs, id, owner);
    return changes === 1 || this.require(id);
  }

  releaseLease(id: string, owner: string): void {
    this.db.prepare('UPDATE runs SET lease_owner = NULL, lease_expires_at = NULL WHERE id = ? AND lease_owner = ?').run(id, owner);
  }

  releaseLeasesOf(owner: string): number {
    return Number(this.db.prepare('UPDATE runs SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_owner = ?').run(owner).changes);
  }

  /** False when the run exists; throws `run-not-found` when it does not. */
  private require(id: string): false {
    if (this.db.prepare('SELECT 1 AS found FROM runs WHERE id = ?').get(id) === undefined) throw runNotFound(id);
    return false;
  }
}

/** A small least-recently-used map. */
class Lru<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly max: number) {}
  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }
  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as K);
  }
  clear(): void {
    this.map.clear();
  }
}
