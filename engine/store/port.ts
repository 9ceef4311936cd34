// The RunStore port: everything the engine keeps durably — runs, their journal of step
// results, pending waits, the KV store, persisted blobs (`res://`) and events. Synchronous
// (both SQLite drivers are), so one step's commit is one transaction. Values cross this
// boundary as EDN text; the engine encodes and decodes them.

export type RunStatus = 'running' | 'waiting' | 'completed' | 'failed' | 'cancelled';

export interface RunRecord {
  id: string;
  /** The flow's `:slug`. */
  flow: string;
  /** Where the flow file was when the run started (informational). */
  flowPath: string | null;
  /** The flow source the run is pinned to, and its sha256. */
  source: string;
  sourceHash: string;
  status: RunStatus;
  /** Trigger label or event name, if any. */
  trigger: string | null;
  /** The run input as EDN text. */
  input: string;
  /** The simulation snapshot as EDN text (secrets kept as `#env` references only). */
  simulation: string | null;
  /** The flow's output as EDN text, once completed. */
  output: string | null;
  /** JSON text `{message, step, code, ...}` once failed. */
  error: string | null;
  /** Concurrency key (keyed flows), for the local runtime. */
  concurrencyKey: string | null;
  /** Epoch ms on the run's clock. */
  createdAt: number;
  updatedAt: number;
  endedAt: number | null;
  /** Who is executing the run now, and until when (epoch ms, wall clock). */
  leaseOwner: string | null;
  leaseExpiresAt: number | null;
  /** Run clock state: the virtual time (epoch ms) when the run uses a virtual clock. */
  clock: string | null;
}

export type NewRun = Omit<RunRecord, 'status' | 'output' | 'error' | 'updatedAt' | 'endedAt' | 'leaseOwner' | 'leaseExpiresAt'> & {
  status?: RunStatus;
};

export type JournalStatus = 'completed' | 'failed';

export interface JournalRecord {
  runId: string;
  /** Order of commit within the run, from 1. */
  seq: number;
  /** Step id plus occurrence index, e.g. `fetch-order#0`. */
  stepKey: string;
  stepId: string;
  stepType: string;
  status: JournalStatus;
  /** The step result as EDN text (for completed steps). */
  result: string | null;
  /** JSON text of the error (for failed steps). */
  error: string | null;
  attempts: number;
  startedAt: number;
  endedAt: number;
  /** True on a forked run's record whose result was replaced by hand (absent otherwise). */
  edited?: boolean;
}

export type WaitStatus = 'pending' | 'approved' | 'rejected' | 'completed' | 'timed-out' | 'cancelled';

export interface WaitRecord {
  id: string;
  runId: string;
  stepKey: string;
  stepId: string;
  /** The wait's correlation key (unique among pending waits only). */
  key: string;
  status: WaitStatus;
  createdAt: number;
  /** Epoch ms on the run's clock; null for no timeout. */
  expiresAt: number | null;
  /** The resolution payload as EDN text. */
  resolution: string | null;
  resolvedAt: number | null;
  resolvedBy: string | null;
  /** Secret for approval links (the local runtime); never printed in reports. */
  token: string | null;
}

export interface KvEntry {
  key: string;
  /** EDN text. */
  value: string;
  /** EDN text, or null. */
  metadata: string | null;
  /** Epoch ms; null for no expiry. Expired entries read as missing. */
  expiresAt: number | null;
  updatedAt: number;
}

export interface BlobRecord {
  /** `res://runs/<run>/<step-key>` style id. */
  uri: string;
  runId: string | null;
  stepKey: string | null;
  contentType: string;
  size: number;
  content: Uint8Array;
  createdAt: number;
}

export interface EventRecord {
  runId: string;
  seq: number;
  /** Epoch ms on the run's clock. */
  at: number;
  type: string;
  /** JSON text. Never holds secrets in clear. */
  data: string;
}

/** What kind of row a change is about. */
export type ChangeKind = 'run' | 'step' | 'wait' | 'event';

/** One entry of the global change sequence (written by the store itself, in the changing transaction). */
export interface PruneOptions {
  now: number;
  /** Changes younger than this stay, whoever has read them (ms). */
  windowMs: number;
  /** A reader not seen for this long is dead and holds nothing back (ms). */
  liveMs: number;
}

export interface PruneResult {
  prunedThrough: number;
  deleted: number;
}

export interface ChangeRecord {
  /** Global, increasing, never reused: the change feed's cursor. */
  seq: number;
  runId: string;
  kind: ChangeKind;
  /** step: the step key; wait: the wait id; event: the event's seq (as text); run: null. */
  ref: string | null;
  /** run: its status or `deleted`; step: the record's status; wait: its status; event: its type. */
  detail: string | null;
  /** For an event: its time and JSON data, read with the change (absent when the run was deleted since). */
  event?: { at: number; data: string };
}

export interface RunFilter {
  /** One status, or any of several. */
  status?: RunStatus | RunStatus[];
  flow?: string;
  concurrencyKey?: string;
  /**
   * Only runs whose lease is free at this wall-clock time (no owner, or expired): with
   * `status: 'running'`, the runs a dead process left behind, to resume.
   */
  leaseFreeAt?: number;
  /** Newest first (by `createdAt`); all when absent. */
  limit?: number;
}

export interface WaitFilter {
  runId?: string;
  key?: string;
  status?: WaitStatus;
  stepKey?: string;
  /** Only waits with a timeout at or before this time (epoch ms on the run's clock). */
  expiresBefore?: number;
}

/**
 * A delivery the local runtime accepted that waits for its concurrency slot (at most one
 * active run per key, others in arrival order). It becomes the run `runId` when it starts.
 */
export interface QueuedRun {
  /** Arrival order: 1, 2, ... and never reused, also across restarts. */
  seq: number;
  /** The id the run gets when it starts. */
  runId: string;
  /** The flow's `:slug`. */
  flow: string;
  flowPath: string | null;
  /** The concurrency key (keyed flows); null for singleton flows. */
  concurrencyKey: string | null;
  trigger: string | null;
  /** The run input as EDN text. */
  input: string;
  /** sha256 of the delivery's raw payload, to recognise duplicate deliveries. */
  payloadHash: string | null;
  /** The flow version (source sha256) current when it arrived. */
  sourceHash: string;
  /** Epoch ms on the runtime's clock. */
  arrivedAt: number;
}

/** The signature material of an accepted webhook delivery, kept until its tolerance window ends. */
export interface DeliveryRecord {
  /** sha256 over the endpoint and the delivery's signature material. */
  material: string;
  /** The endpoint path it arrived at. */
  endpoint: string;
  runId: string | null;
  /** Epoch ms on the runtime's clock. */
  seenAt: number;
  /** End of the replay window (epoch ms): a delivery with the same material before it is a replay. */
  expiresAt: number;
}

/** A run as a list shows it: the small row only (no source, input or output). */
export interface RunSummary {
  id: string;
  flow: string;
  flowPath: string | null;
  status: RunStatus;
  trigger: string | null;
  createdAt: number;
  updatedAt: number;
  endedAt: number | null;
}

/** One page of runs, newest first: those of `flow` (all when absent) older than `before`. */
export interface RunPageRequest {
  flow?: string;
  /** The last run of the previous page (order: createdAt, then id, descending). */
  before?: { createdAt: number; id: string };
  limit: number;
}

/** The SQLite driver behind a store. */
export type StoreDriver = 'better-sqlite3' | 'node:sqlite';

export type StoreErrorCode =
  /** No run with the given id (updateRun, leases, appendJournal, createWait, appendEvent). */
  | 'run-not-found'
  /** createRun with an id already taken. */
  | 'duplicate-run'
  /** appendJournal for a step key the run already journaled. */
  | 'duplicate-journal-key'
  /** createWait with an id already taken. */
  | 'duplicate-wait'
  /** createWait while another pending wait holds the same key. */
  | 'pending-wait-key-taken'
  /** Neither driver loads in this runtime. */
  | 'no-driver'
  /** The database was written by a newer flow-edn (its schema version is higher). */
  | 'schema-too-new'
  /** A transaction function returned a promise: transactions are synchronous. */
  | 'async-transaction';

/** The errors the store raises on purpose; SQLite's own errors pass through unchanged. */
export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

export interface RunStore {
  /** Which driver is in use: `better-sqlite3` or `node:sqlite`. */
  readonly driver: StoreDriver;
  /** The database file, or `:memory:`. */
  readonly path: string;

  /**
   * Runs `fn` in one write transaction (`BEGIN IMMEDIATE`, so it holds the write lock from
   * the start and read-modify-write is atomic across processes). Nested calls join the outer
   * one as a savepoint: a nested throw undoes only the nested work and rethrows; everything
   * commits with the outermost call. `fn` must be synchronous.
   */
  transaction<T>(fn: () => T): T;

  /** `updatedAt` starts at `createdAt`. Fails with `duplicate-run` if the id is taken. */
  createRun(run: NewRun): RunRecord;
  getRun(id: string): RunRecord | undefined;
  listRuns(filter?: RunFilter): RunRecord[];
  /**
   * Updates the given fields (keys whose value is `undefined` are left alone; `updatedAt` is
   * not touched unless given, since it is on the run's clock); returns the new record.
   * Fails with `run-not-found`.
   */
  updateRun(id: string, patch: Partial<Omit<RunRecord, 'id'>>): RunRecord;
  /**
   * Takes the run's lease when it is free or expired (`now` is wall-clock ms).
   * Returns false when another live owner holds it; true when it was free, expired or
   * already `owner`'s. Atomic across processes. Fails with `run-not-found`.
   */
  acquireLease(id: string, owner: string, now: number, ttlMs: number): boolean;
  /** Extends the lease while `owner` still holds it (even if it lapsed and nobody took it). */
  renewLease(id: string, owner: string, now: number, ttlMs: number): boolean;
  /** Clears the lease if `owner` holds it; otherwise does nothing. */
  releaseLease(id: string, owner: string): void;
  /** Clears every lease `owner` holds (an owner known to be gone: a debug session's worker
   *  thread that died, whose process lives on); returns how many. */
  releaseLeasesOf(owner: string): number;

  /**
   * Appends a journal record; `seq` is assigned (1, 2, ... per run). Fails with
   * `duplicate-journal-key` if the step key is already journaled, `run-not-found` if the run
   * is missing.
   */
  appendJournal(record: Omit<JournalRecord, 'seq'>): JournalRecord;
  /** The run's journal in `seq` order. */
  journal(runId: string): JournalRecord[];

  /**
   * Creates a pending wait; fails with `pending-wait-key-taken` ("a pending wait already holds
   * key K (run R, step S)") if a pending wait holds the same key, also across processes.
   */
  createWait(wait: Omit<WaitRecord, 'status' | 'resolution' | 'resolvedAt' | 'resolvedBy'>): WaitRecord;
  getWait(id: string): WaitRecord | undefined;
  /** Matching waits, oldest first (by `createdAt`). */
  findWaits(filter: WaitFilter): WaitRecord[];
  /**
   * Resolves a pending wait. Exactly one resolution wins: returns the updated record, or
   * undefined when the wait was no longer pending or does not exist (then nothing changes;
   * `getWait` tells which). One conditional UPDATE, so this holds across processes.
   */
  resolveWait(id: string, status: Exclude<WaitStatus, 'pending'>, resolution: string | null, at: number, by: string | null): WaitRecord | undefined;

  /** The live entry (expired entries read as missing: live means `expiresAt > now`). */
  kvGet(key: string, now: number): KvEntry | undefined;
  /** Inserts or replaces the entry. */
  kvSet(entry: KvEntry): void;
  /**
   * Removes the key; true when something was removed. With `now`, true only when a live
   * entry was removed (an expired one is removed too, but reads as missing).
   */
  kvDelete(key: string, now?: number): boolean;
  /** Live keys with the prefix (case-sensitive, no wildcards), in code point order, at most `limit`. */
  kvKeys(prefix: string, now: number, limit: number): string[];
  /** Deletes expired entries; returns how many. */
  kvPurgeExpired(now: number): number;

  /**
   * Stores the blob; an existing blob with the same uri is replaced (a re-run step
   * re-persists). `size` is taken from `content`. Fails with `run-not-found` for a `runId`
   * that does not exist.
   */
  putBlob(blob: BlobRecord): void;
  getBlob(uri: string): BlobRecord | undefined;

  /** Appends an event; `seq` is assigned (1, 2, ... per run). Fails with `run-not-found`. */
  appendEvent(event: Omit<EventRecord, 'seq'>): EventRecord;
  /** The run's events with `seq > afterSeq` (default 0), in order. */
  events(runId: string, afterSeq?: number): EventRecord[];

  // ---- the change feed ----

  /** Changes with `seq > cursor`, oldest first, at most `limit` (default 1000). */
  changesAfter(cursor: number, limit?: number): ChangeRecord[];
  /** The newest change's seq (0 when none): one seek, cheap enough to poll. */
  lastChange(): number;
  /** Records that feed reader `id` (any process) has passed `cursor`; also its heartbeat. */
  saveFeedReader(id: string, cursor: number, now: number): void;
  dropFeedReader(id: string): void;
  /** The highest seq pruned (0: none): a reader whose cursor is below it missed changes. */
  prunedThrough(): number;
  /** Deletes changes every live reader has passed and older than the window; never the newest. */
  pruneChanges(options: PruneOptions): PruneResult;

  // ---- the local runtime (engine/runtime) ----

  /** Queues a delivery for its concurrency slot; `seq` is assigned in arrival order. */
  enqueueRun(entry: Omit<QueuedRun, 'seq'>): QueuedRun;
  /** Queued deliveries in arrival order, of one flow (and key) when given. */
  queuedRuns(filter?: { flow?: string; concurrencyKey?: string }): QueuedRun[];
  /** Removes the queue entry of `runId` (it started, or was cancelled); true when there was one. */
  dequeueRun(runId: string): boolean;
  /**
   * Records an accepted delivery's signature material, unless the same material is still in
   * its window (`expiresAt > delivery.seenAt`): then nothing is written and the earlier
   * delivery is returned (a replay). An expired record is replaced. Atomic across processes.
   */
  recordDelivery(delivery: DeliveryRecord): DeliveryRecord | undefined;
  /** Deletes deliveries whose window ended at or before `now`; returns how many. */
  purgeDeliveries(now: number): number;
  /** The instant up to which a schedule's fires are done, if the runtime has seen it. */
  scheduleCursor(flow: string, schedule: string): number | undefined;
  setScheduleCursor(flow: string, schedule: string, at: number): void;

  // ---- the editor's views (client/runs) ----

  /** A page of run summaries, newest first, on the (flow, created_at) / created_at indexes. */
  runSummaries(page: RunPageRequest): RunSummary[];
  /** Each flow with runs: how many, and its newest run's `createdAt`; newest first. */
  runFlows(): { flow: string; runs: number; newest: number }[];
  /** Deletes a run with everything it owns (journal, waits, events, blobs); false when absent. */
  deleteRun(id: string): boolean;

  /** `PRAGMA integrity_check` result (`ok` when healthy). */
  integrityCheck(): string;
  close(): void;
}
