// Opening the run store: picks a SQLite driver, applies connection settings and migrations.
// The store file is shared: the CLI, the extension and the local runtime may all have it
// open at once, each with whichever driver loads in its runtime.

import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { openDb, type DriverChoice } from './driver';
import { StoreError, type RunStore } from './port';
import { prepareConnection } from './schema';
import { SqliteRunStore } from './sqlite-store';

export * from './port';
export { SCHEMA_VERSION } from './schema';
export type { DriverChoice } from './driver';

export interface OpenStoreOptions {
  /**
   * Which SQLite driver to use. `auto` takes better-sqlite3 where its native build matches
   * the runtime and the built-in node:sqlite otherwise. The environment variable
   * `FLOW_EDN_STORE_DRIVER` (same values) applies when this is absent.
   * @default 'auto'
   * @example openStore(defaultStorePath(root), { driver: 'node:sqlite' })
   */
  driver?: DriverChoice;
}

/** `.flow-edn/runs.db` under the workspace (or current) directory. */
export function defaultStorePath(root: string): string {
  return join(root, '.flow-edn', 'runs.db');
}

/**
 * Opens (creating if needed, folder included) the store at `path`; `:memory:` gives a
 * private in-memory store. Throws a `StoreError` with code `no-driver` naming both drivers
 * and why each failed when neither loads.
 */
export function openStore(path: string, options: OpenStoreOptions = {}): RunStore {
  const choice = options.driver ?? driverFromEnv() ?? 'auto';
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = openDb(path, choice);
  try {
    prepareConnection(db, path);
  } catch (e) {
    db.close();
    throw e;
  }
  return new SqliteRunStore(db, path);
}

const CHOICES: readonly DriverChoice[] = ['auto', 'better-sqlite3', 'node:sqlite'];

function driverFromEnv(): DriverChoice | undefined {
  const value = process.env['FLOW_EDN_STORE_DRIVER'];
  if (value === undefined || value === '') return undefined;
  if ((CHOICES as readonly string[]).includes(value)) return value as DriverChoice;
  throw new StoreError('no-driver', `FLOW_EDN_STORE_DRIVER is '${value}'; use one of ${CHOICES.join(', ')}`);
}
