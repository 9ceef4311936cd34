// Connection settings and schema migrations. The schema version is `PRAGMA user_version`;
// migrations run at open in one `BEGIN IMMEDIATE` transaction, so when several processes
// open a fresh file at once, one migrates and the others find the work done.

import { BUSY_TIMEOUT_MS, sqliteCode, type Db } from './driver';
import { StoreError } from './port';

/** Migration `i` brings the schema from version `i` to `i + 1`. Append only; never edit. */
export const MIGRATIONS: readonly string[] = [
  // Laid out for the commit of one step (journal append + run update + event): each touches
  // one b-tree page, so a step dirties as few pages as possible. The hot `runs` row stays
  // small (sources and payloads live apart) because SQLite rewrites a whole row on update.
  `
  -- Flow sources, shared by the runs pinned to the same text.
  CREATE TABLE sources (
    id   INTEGER PRIMARY KEY,
    hash TEXT NOT NULL,
    text TEXT NOT NULL
  );
  CREATE INDEX sources_hash ON sources (hash);

  CREATE TABLE runs (
    id               TEXT PRIMARY KEY,
    flow             TEXT NOT NULL,
    flow_path        TEXT,
    source_id        INTEGER NOT NULL REFERENCES sources (id),
    source_hash      TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('running','waiting','completed','failed','cancelled')),
    trigger          TEXT,
    output           TEXT,
    error            TEXT,
    concurrency_key  TEXT,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    ended_at         INTEGER,
    lease_owner      TEXT,
    lease_expires_at INTEGER,
    clock            TEXT,
    -- Bumped whenever run_payloads changes, so a cached copy can be checked cheaply.
    payload_rev      INTEGER NOT NULL DEFAULT 0,
    -- The last journal seq given out: the journal is keyed by step key, so there is no
    -- index to find MAX(seq) with, and this row is updated in the same commit anyway.
    journal_seq      INTEGER NOT NULL DEFAULT 0
  ) WITHOUT ROWID;
  CREATE INDEX runs_created ON runs (created_at);
  CREATE INDEX runs_status ON runs (status, created_at);
  CREATE INDEX runs_flow ON runs (flow, created_at);
  CREATE INDEX runs_concurrency_key ON runs (concurrency_key) WHERE concurrency_key IS NOT NULL;

  -- Written when a run is created; rarely changed after.
  CREATE TABLE run_payloads (
    run_id     TEXT PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
    input      TEXT NOT NULL,
    simulation TEXT
  );

  -- Keyed by step key, which replay looks up; seq (commit order) comes from runs.journal_seq.
  CREATE TABLE journal (
    run_id     TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    step_key   TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    step_id    TEXT NOT NULL,
    step_type  TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('completed','failed')),
    result     TEXT,
    error      TEXT,
    attempts   INTEGER NOT NULL,
    started_at INTEGER NOT NULL,
    ended_at   INTEGER NOT NULL,
    PRIMARY KEY (run_id, step_key)
  ) WITHOUT ROWID;

  CREATE TABLE waits (
    id          TEXT PRIMARY KEY,
    run_id      TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    step_key    TEXT NOT NULL,
    step_id     TEXT NOT NULL,
    key         TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('pending','approved','rejected','completed','timed-out','cancelled')),
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER,
    resolution  TEXT,
    resolved_at INTEGER,
    resolved_by TEXT,
    token       TEXT
  );
  -- A wait key is unique among pending waits only: a key may be reused once resolved.
  CREATE UNIQUE INDEX waits_pending_key ON waits (key) WHERE status = 'pending';
  CREATE INDEX waits_run ON waits (run_id, created_at);
  CREATE INDEX waits_status ON waits (status, expires_at);

  CREATE TABLE kv (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    metadata   TEXT,
    expires_at INTEGER,
    updated_at INTEGER NOT NULL
  );

  CREATE TABLE blobs (
    uri          TEXT PRIMARY KEY,
    run_id       TEXT REFERENCES runs (id) ON DELETE CASCADE,
    step_key     TEXT,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    content      BLOB NOT NULL,
    created_at   INTEGER NOT NULL
  );
  CREATE INDEX blobs_run ON blobs (run_id) WHERE run_id IS NOT NULL;

  -- seq is MAX(seq) + 1 for the run: one seek on the primary key.
  CREATE TABLE events (
    run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    seq    INTEGER NOT NULL,
    at     INTEGER NOT NULL,
    type   TEXT NOT NULL,
    data   TEXT NOT NULL,
    PRIMARY KEY (run_id, seq)
  ) WITHOUT ROWID;
  `,
  // The local runtime (engine/runtime): deliveries waiting for their concurrency slot, the
  // signature material of accepted webhook deliveries (replay detection), and each schedule's
  // cursor (fires up to this instant are done; missed ones are caught up once at start-up).
  `
  CREATE TABLE runtime_queue (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id          TEXT NOT NULL UNIQUE,
    flow            TEXT NOT NULL,
    flow_path       TEXT,
    concurrency_key TEXT,
    trigger         TEXT,
    input           TEXT NOT NULL,
    payload_hash    TEXT,
    source_hash     TEXT NOT NULL,
    arrived_at      INTEGER NOT NULL
  );
  CREATE INDEX runtime_queue_flow ON runtime_queue (flow, seq);

  CREATE TABLE runtime_deliveries (
    material   TEXT PRIMARY KEY,
    endpoint   TEXT NOT NULL,
    run_id     TEXT,
    seen_at    INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX runtime_deliveries_expires ON runtime_deliveries (expires_at);

  CREATE TABLE runtime_schedules (
    flow     TEXT NOT NULL,
    schedule TEXT NOT NULL,
    cursor   INTEGER NOT NULL,
    PRIMARY KEY (flow, schedule)
  ) WITHOUT ROWID;
  `,
  // The change feed: one global, monotonically increasing sequence over every change to runs
  // (created, status, deleted), journal records, waits (created, status) and events, written
  // by triggers in the same transaction as the change, whichever process or code path made
  // it. Readers ask for "everything after cursor N" (a range on the integer primary key) and
  // notice other processes' commits by reading MAX(seq) (one seek). AUTOINCREMENT: a seq is
  // never given out twice, also after deletes. A forked run's journal can mark an edited result.
  `
  CREATE TABLE changes (
    seq    INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id TEXT NOT NULL,
    kind   TEXT NOT NULL CHECK (kind IN ('run','step','wait','event')),
    -- step: the step key; wait: the wait id; event: the event's seq in its run; run: NULL.
    ref    TEXT,
    -- run: its status (or 'deleted'); step: the record's status; wait: its status; event: its type.
    detail TEXT
  );
  CREATE INDEX changes_run ON changes (run_id, seq);

  CREATE TRIGGER changes_run_created AFTER INSERT ON runs BEGIN
    INSERT INTO changes (run_id, kind, ref, detail) VALUES (NEW.id, 'run', NULL, NEW.status);
  END;
  CREATE TRIGGER changes_run_status AFTER UPDATE OF status ON runs WHEN OLD.status IS NOT NEW.status BEGIN
    INSERT INTO changes (run_id, kind, ref, detail) VALUES (NEW.id, 'run', NULL, NEW.status);
  END;
  CREATE TRIGGER changes_run_deleted AFTER DELETE ON runs BEGIN
    INSERT INTO changes (run_id, kind, ref, detail) VALUES (OLD.id, 'run', NULL, 'deleted');
  END;
  CREATE TRIGGER changes_step AFTER INSERT ON journal BEGIN
    INSERT INTO changes (run_id, kind, ref, detail) VALUES (NEW.run_id, 'step', NEW.step_key, NEW.status);
  END;
  CREATE TRIGGER changes_wait_created AFTER INSERT ON waits BEGIN
    INSERT INTO changes (run_id, kind, ref, detail) VALUES (NEW.run_id, 'wait', NEW.id, NEW.status);
  END;
  CREATE TRIGGER changes_wait_status AFTER UPDATE OF status ON waits WHEN OLD.status IS NOT NEW.status BEGIN
    INSERT INTO changes (run_id, kind, ref, detail) VALUES (NEW.run_id, 'wait', NEW.id, NEW.status);
  END;
  CREATE TRIGGER changes_event AFTER INSERT ON events BEGIN
    INSERT INTO changes (run_id, kind, ref, detail) VALUES (NEW.run_id, 'event', CAST(NEW.seq AS TEXT), NEW.type);
  END;

  ALTER TABLE journal ADD COLUMN edited INTEGER NOT NULL DEFAULT 0;
  `,
  // Pruning the change feed (engine/store/feed-rows.ts). Readers in any process record the
  // cursor they have passed (a heartbeat keeps them live); marks remember which seq was the
  // newest at a time, so a window in time maps to a seq without a time on every change;
  // `pruned_through` is the highest seq deleted: a reader behind it must resync.
  `
  CREATE TABLE feed_readers (
    id      TEXT PRIMARY KEY,
    cursor  INTEGER NOT NULL,
    seen_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE change_marks (
    at  INTEGER PRIMARY KEY,
    seq INTEGER NOT NULL
  );
  CREATE TABLE feed_state (
    key   TEXT PRIMARY KEY,
    value INTEGER NOT NULL
  ) WITHOUT ROWID;
  INSERT INTO feed_state (key, value) VALUES ('pruned_through', 0);
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Per-connection settings, then migrations. Returns the schema version now in the file. */
export function prepareConnection(db: Db, path: string): number {
  db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  if (path !== ':memory:') enableWal(db);
  // NORMAL in WAL mode: a commit survives a process crash (only a power loss may lose the
  // last commits), and no fsync per commit.
  db.exec('PRAGMA synchronous = NORMAL');
  // After a burst, checkpoints truncate the WAL file back to this size instead of keeping it.
  db.exec('PRAGMA journal_size_limit = 16777216');
  db.exec('PRAGMA foreign_keys = ON');
  return migrate(db, path);
}

/**
 * WAL is a property of the file: the first opener switches it, which needs a moment of
 * exclusive access. A concurrent opener may get SQLITE_BUSY without the busy handler being
 * consulted, so retry until the busy timeout.
 */
function enableWal(db: Db): void {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      const row = db.prepare('PRAGMA journal_mode = WAL').get();
      const mode = String(row?.['journal_mode'] ?? '');
      if (mode.toLowerCase() !== 'wal') throw new Error(`SQLite refused WAL mode (journal_mode is '${mode}')`);
      return;
    } catch (e) {
      if (sqliteCode(e) !== 'BUSY' || Date.now() > deadline) throw e;
      pause(10);
    }
  }
}

function migrate(db: Db, path: string): number {
  const current = userVersion(db);
  if (current === SCHEMA_VERSION) return current;
  if (current > SCHEMA_VERSION) throw tooNew(current, path);
  db.exec('BEGIN IMMEDIATE');
  try {
    // Read again under the write lock: another process may have migrated meanwhile.
    const version = userVersion(db);
    if (version > SCHEMA_VERSION) throw tooNew(version, path);
    for (let v = version; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v]!);
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
    db.exec('COMMIT');
  } catch (e) {
    db.exec('ROLLBACK');
    throw e;
  }
  return SCHEMA_VERSION;
}

function userVersion(db: Db): number {
  return Number(db.prepare('PRAGMA user_version').get()?.['user_version'] ?? 0);
}

function tooNew(version: number, path: string): StoreError {
  return new StoreError(
    'schema-too-new',
    `${path} has store schema version ${version}, newer than this flow-edn knows (${SCHEMA_VERSION}); update flow-edn`,
  );
}

/** Blocks the thread briefly (only while another process holds the file exclusively). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
