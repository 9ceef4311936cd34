// The local runtime's tables (engine/runtime): the queue of deliveries waiting for their
// concurrency slot, the signature material of accepted webhook deliveries (replay
// detection) and schedule cursors. Added by migration 2; nothing else reads these tables.

import type { Db, Row, SqlValue } from './driver';
import type { DeliveryRecord, QueuedRun } from './port';
import { bind } from './rows';

const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

function toQueued(r: Row): QueuedRun {
  return {
    seq: Number(r['seq']),
    runId: String(r['run_id']),
    flow: String(r['flow']),
    flowPath: strOrNull(r['flow_path']),
    concurrencyKey: strOrNull(r['concurrency_key']),
    trigger: strOrNull(r['trigger']),
    input: String(r['input']),
    payloadHash: strOrNull(r['payload_hash']),
    sourceHash: String(r['source_hash']),
    arrivedAt: Number(r['arrived_at']),
  };
}

function toDelivery(r: Row): DeliveryRecord {
  return {
    material: String(r['material']),
    endpoint: String(r['endpoint']),
    runId: strOrNull(r['run_id']),
    seenAt: Number(r['seen_at']),
    expiresAt: Number(r['expires_at']),
  };
}

export class RuntimeRows {
  constructor(
    private readonly db: Db,
    /** Runs a multi-statement operation in the open transaction, or in a new one. */
    private readonly atomic: <T>(fn: () => T) => T,
  ) {}

  enqueue(e: Omit<QueuedRun, 'seq'>): QueuedRun {
    const row = this.db
      .prepare(
        `INSERT INTO runtime_queue (run_id, flow, flow_path, concurrency_key, trigger, input, payload_hash, source_hash, arrived_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq`,
      )
      .get(e.runId, e.flow, bind(e.flowPath), bind(e.concurrencyKey), bind(e.trigger), e.input, bind(e.payloadHash), e.sourceHash, e.arrivedAt);
    return { ...e, flowPath: e.flowPath ?? null, concurrencyKey: e.concurrencyKey ?? null, trigger: e.trigger ?? null, payloadHash: e.payloadHash ?? null, seq: Number(row!['seq']) };
  }

  queued(filter: { flow?: string; concurrencyKey?: string } = {}): QueuedRun[] {
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (filter.flow !== undefined) where.push('flow = ?'), params.push(filter.flow);
    if (filter.concurrencyKey !== undefined) where.push('concurrency_key = ?'), params.push(filter.concurrencyKey);
    const sql = `SELECT * FROM runtime_queue${where.length ? ' WHERE ' + where.join(' AND ') : ''} ORDER BY seq`;
    return this.db.prepare(sql).all(...params).map(toQueued);
  }

  dequeue(runId: string): boolean {
    return this.db.prepare('DELETE FROM runtime_queue WHERE run_id = ?').run(runId).changes > 0;
  }

  recordDelivery(d: DeliveryRecord): DeliveryRecord | undefined {
    return this.atomic(() => {
      const held = this.db.prepare('SELECT * FROM runtime_deliveries WHERE material = ?').get(d.material);
      if (held !== undefined && Number(held['expires_at']) > d.seenAt) return toDelivery(held);
      this.db
        .prepare(
          `INSERT INTO runtime_deliveries (material, endpoint, run_id, seen_at, expires_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (material) DO UPDATE SET endpoint = excluded.endpoint, run_id = excluded.run_id,
             seen_at = excluded.seen_at, expires_at = excluded.expires_at`,
        )
        .run(d.material, d.endpoint, bind(d.runId), d.seenAt, d.expiresAt);
      return undefined;
    });
  }

  purgeDeliveries(now: number): number {
    return this.db.prepare('DELETE FROM runtime_deliveries WHERE expires_at <= ?').run(now).changes;
  }

  scheduleCursor(flow: string, schedule: string): number | undefined {
    const row = this.db.prepare('SELECT cursor FROM runtime_schedules WHERE flow = ? AND schedule = ?').get(flow, schedule);
    return row === undefined ? undefined : Number(row['cursor']);
  }

  setScheduleCursor(flow: string, schedule: string, at: number): void {
    this.db
      .prepare('INSERT INTO runtime_schedules (flow, schedule, cursor) VALUES (?, ?, ?) ON CONFLICT (flow, schedule) DO UPDATE SET cursor = excluded.cursor')
      .run(flow, schedule, at);
  }
}
