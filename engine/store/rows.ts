// Table rows to port records and back. Column names are snake_case; every column a record
// field maps to is listed here once, so SQL elsewhere can be built from these tables.

import type { Row, SqlValue } from './driver';
import type { BlobRecord, ChangeRecord, EventRecord, JournalRecord, KvEntry, RunRecord, RunStatus, WaitRecord, WaitStatus } from './port';

/** RunRecord field -> column of the `runs` row (the fields kept elsewhere are below). */
export const RUN_COLUMNS = {
  flow: 'flow',
  flowPath: 'flow_path',
  sourceHash: 'source_hash',
  status: 'status',
  trigger: 'trigger',
  output: 'output',
  error: 'error',
  concurrencyKey: 'concurrency_key',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  endedAt: 'ended_at',
  leaseOwner: 'lease_owner',
  leaseExpiresAt: 'lease_expires_at',
  clock: 'clock',
} as const satisfies Record<Exclude<keyof RunRecord, 'id' | RunPayloadField | 'source'>, string>;

/** RunRecord fields kept in `run_payloads`; `source` is in `sources`. */
export type RunPayloadField = 'input' | 'simulation';
export const PAYLOAD_FIELDS: readonly RunPayloadField[] = ['input', 'simulation'];

export interface RunPayload {
  input: string;
  simulation: string | null;
}

const str = (v: unknown): string => String(v);
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** A run from its `runs` row, its source text and its payload. */
export function toRun(r: Row, source: string, payload: RunPayload): RunRecord {
  return {
    id: str(r['id']),
    flow: str(r['flow']),
    flowPath: strOrNull(r['flow_path']),
    source,
    sourceHash: str(r['source_hash']),
    status: str(r['status']) as RunStatus,
    trigger: strOrNull(r['trigger']),
    input: payload.input,
    simulation: payload.simulation,
    output: strOrNull(r['output']),
    error: strOrNull(r['error']),
    concurrencyKey: strOrNull(r['concurrency_key']),
    createdAt: num(r['created_at']),
    updatedAt: num(r['updated_at']),
    endedAt: numOrNull(r['ended_at']),
    leaseOwner: strOrNull(r['lease_owner']),
    leaseExpiresAt: numOrNull(r['lease_expires_at']),
    clock: strOrNull(r['clock']),
  };
}

export function toPayload(r: Row): RunPayload {
  return { input: str(r['input']), simulation: strOrNull(r['simulation']) };
}

export function toJournal(r: Row): JournalRecord {
  return {
    runId: str(r['run_id']),
    seq: num(r['seq']),
    stepKey: str(r['step_key']),
    stepId: str(r['step_id']),
    stepType: str(r['step_type']),
    status: str(r['status']) as JournalRecord['status'],
    result: strOrNull(r['result']),
    error: strOrNull(r['error']),
    attempts: num(r['attempts']),
    startedAt: num(r['started_at']),
    endedAt: num(r['ended_at']),
    ...(Number(r['edited'] ?? 0) === 1 ? { edited: true } : {}),
  };
}

export function toChange(r: Row): ChangeRecord {
  const change: ChangeRecord = { seq: num(r['seq']), runId: str(r['run_id']), kind: str(r['kind']) as ChangeRecord['kind'], ref: strOrNull(r['ref']), detail: strOrNull(r['detail']) };
  if (r['event_data'] !== null && r['event_data'] !== undefined) change.event = { at: num(r['event_at']), data: str(r['event_data']) };
  return change;
}

export function toWait(r: Row): WaitRecord {
  return {
    id: str(r['id']),
    runId: str(r['run_id']),
    stepKey: str(r['step_key']),
    stepId: str(r['step_id']),
    key: str(r['key']),
    status: str(r['status']) as WaitStatus,
    createdAt: num(r['created_at']),
    expiresAt: numOrNull(r['expires_at']),
    resolution: strOrNull(r['resolution']),
    resolvedAt: numOrNull(r['resolved_at']),
    resolvedBy: strOrNull(r['resolved_by']),
    token: strOrNull(r['token']),
  };
}

export function toKv(r: Row): KvEntry {
  return {
    key: str(r['key']),
    value: str(r['value']),
    metadata: strOrNull(r['metadata']),
    expiresAt: numOrNull(r['expires_at']),
    updatedAt: num(r['updated_at']),
  };
}

export function toBlob(r: Row): BlobRecord {
  const content = r['content'] as Uint8Array;
  return {
    uri: str(r['uri']),
    runId: strOrNull(r['run_id']),
    stepKey: strOrNull(r['step_key']),
    contentType: str(r['content_type']),
    size: num(r['size']),
    // better-sqlite3 hands out Buffers, node:sqlite plain Uint8Arrays: give both callers the latter.
    content: new Uint8Array(content.buffer, content.byteOffset, content.byteLength),
    createdAt: num(r['created_at']),
  };
}

export function toEvent(r: Row): EventRecord {
  return { runId: str(r['run_id']), seq: num(r['seq']), at: num(r['at']), type: str(r['type']), data: str(r['data']) };
}

/** Binds a record field: `undefined` becomes NULL (neither driver binds undefined). */
export function bind(v: unknown): SqlValue {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint' || v instanceof Uint8Array) return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  throw new TypeError(`cannot store a ${typeof v} in the run store`);
}
