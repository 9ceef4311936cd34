// The small database interface the store is written against, and its two drivers:
// `better-sqlite3` (native addon, Node 20+) and the built-in `node:sqlite` (Node >= 22.5).
// Drivers are required lazily so a bundle loads in runtimes where one of them cannot.

import { StoreError, type StoreDriver } from './port';

export type SqlValue = string | number | bigint | null | Uint8Array;
export type Row = Record<string, unknown>;

export interface Statement {
  /** Runs a statement that returns no rows; `changes` is the number of rows written. */
  run(...params: SqlValue[]): { changes: number };
  /** The first row, for statements that return rows (SELECT, PRAGMA, `... RETURNING`). */
  get(...params: SqlValue[]): Row | undefined;
  all(...params: SqlValue[]): Row[];
}

export interface Db {
  readonly driver: StoreDriver;
  /** Prepares `sql` once per connection; later calls return the cached statement. */
  prepare(sql: string): Statement;
  exec(sql: string): void;
  close(): void;
}

export type DriverChoice = 'auto' | StoreDriver;

/** Opens `path` with the chosen driver; `auto` tries better-sqlite3, then node:sqlite. */
export function openDb(path: string, choice: DriverChoice): Db {
  const order: StoreDriver[] = choice === 'auto' ? ['better-sqlite3', 'node:sqlite'] : [choice];
  const failures: string[] = [];
  for (const driver of order) {
    const factory = loadDriver(driver);
    if (typeof factory === 'string') {
      failures.push(`${driver}: ${factory}`);
      continue;
    }
    // Past the probe, failures are about this file (permissions, not a database, ...).
    return factory(path);
  }
  const runtime = `Node ${process.versions.node}, modules ABI ${process.versions.modules}`;
  throw new StoreError(
    'no-driver',
    (choice === 'auto' ? `no SQLite driver loads in this runtime (${runtime}):\n` : `the ${choice} driver does not load in this runtime (${runtime}):\n`) +
      failures.map((f) => `  - ${f}`).join('\n') +
      '\nbetter-sqlite3 needs a build matching this runtime (npm rebuild better-sqlite3); node:sqlite needs Node >= 22.13 (22.5 with --experimental-sqlite).',
  );
}

type Factory = (path: string) => Db;
const loaded = new Map<StoreDriver, Factory | string>();

/** The driver's factory, or why it does not load here. Probed once per process. */
export function loadDriver(driver: StoreDriver): Factory | string {
  let result = loaded.get(driver);
  if (result === undefined) {
    try {
      result = driver === 'better-sqlite3' ? betterSqlite3() : nodeSqlite();
      // Native addons load on first open, not on require: probe with a memory database.
      result(':memory:').close();
    } catch (e) {
      result = firstLine(e);
    }
    loaded.set(driver, result);
  }
  return result;
}

function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n')[0]!.trim();
}

// ---- better-sqlite3 ----

interface BetterStatement {
  reader: boolean;
  run(...params: unknown[]): { changes: number };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}
interface BetterDatabase {
  prepare(sql: string): BetterStatement;
  exec(sql: string): void;
  close(): void;
}

function betterSqlite3(): Factory {
  const Database = require('better-sqlite3') as new (path: string, options?: { timeout?: number }) => BetterDatabase;
  return (path) => {
    const db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
    return cachingDb('better-sqlite3', db, (sql) => {
      const s = db.prepare(sql);
      return {
        run: (...p) => s.run(...p),
        get: (...p) => s.get(...p) as Row | undefined,
        all: (...p) => s.all(...p) as Row[],
      };
    });
  };
}

// ---- node:sqlite ----

interface NodeStatement {
  run(...params: unknown[]): { changes: number | bigint };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}
interface NodeDatabase {
  prepare(sql: string): NodeStatement;
  exec(sql: string): void;
  close(): void;
}

function nodeSqlite(): Factory {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  if (major < 22 || (major === 22 && minor < 5)) {
    throw new Error(`not in Node ${process.versions.node}`);
  }
  // Required here, lazily: Node 20 has no such module, so a static import would fail at load.
  // The name is built from parts so no tool resolves it ahead of time (esbuild folds it and
  // keeps it external, as a `node:` builtin).
  const mod = require('node:' + 'sqlite') as { DatabaseSync: new (path: string) => NodeDatabase };
  return (path) => {
    const db = new mod.DatabaseSync(path);
    return cachingDb('node:sqlite', db, (sql) => {
      const s = db.prepare(sql);
      return {
        run: (...p) => ({ changes: Number(s.run(...p).changes) }),
        get: (...p) => s.get(...p) as Row | undefined,
        all: (...p) => s.all(...p) as Row[],
      };
    });
  };
}

function cachingDb(driver: StoreDriver, db: { exec(sql: string): void; close(): void }, prepare: (sql: string) => Statement): Db {
  const cache = new Map<string, Statement>();
  return {
    driver,
    prepare(sql) {
      let s = cache.get(sql);
      if (s === undefined) {
        s = prepare(sql);
        cache.set(sql, s);
      }
      return s;
    },
    exec: (sql) => db.exec(sql),
    close() {
      cache.clear();
      db.close();
    },
  };
}

// ---- errors, shared by both drivers ----

export const BUSY_TIMEOUT_MS = 5000;

/**
 * SQLite's primary result code of an error from either driver (better-sqlite3 sets `code`
 * to e.g. `SQLITE_CONSTRAINT_UNIQUE`; node:sqlite sets `errcode` to the extended number).
 */
export function sqliteCode(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const { code, errcode } = e as { code?: unknown; errcode?: unknown };
  if (typeof errcode === 'number') return PRIMARY_CODES[errcode & 0xff];
  if (typeof code === 'string' && code.startsWith('SQLITE_')) return code.replace(/^SQLITE_([A-Z]+).*$/, '$1');
  return undefined;
}

const PRIMARY_CODES: Record<number, string> = { 5: 'BUSY', 6: 'LOCKED', 19: 'CONSTRAINT' };

/** Which constraint failed, from SQLite's message (the same text under both drivers). */
export function constraintFailure(e: unknown): { kind: 'unique' | 'foreign-key' | 'other'; columns: string } | undefined {
  if (sqliteCode(e) !== 'CONSTRAINT') return undefined;
  const message = e instanceof Error ? e.message : '';
  const unique = /UNIQUE constraint failed: (.*)$/m.exec(message);
  if (unique) return { kind: 'unique', columns: unique[1]!.trim() };
  if (/FOREIGN KEY constraint failed/.test(message)) return { kind: 'foreign-key', columns: '' };
  return { kind: 'other', columns: '' };
}
