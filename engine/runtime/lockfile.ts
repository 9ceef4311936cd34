// One `serve` per store: a lock file beside the database names the serving process, its
// lease owner id and its URL. A second server on the same store is refused while the first
// lives; after a crash the next one takes over (and the dead owner's run leases with it).
// `webhook send` and `schedule fire` read the URL from here.

import { readFileSync, rmSync, writeFileSync } from 'node:fs';

export interface ServeLock {
  pid: number;
  /** The lease owner id its runs were executed under. */
  owner: string;
  url: string | null;
  startedAt: string;
}

export function lockPath(storePath: string): string {
  return `${storePath}.serve.json`;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function read(path: string): ServeLock | null {
  try {
    const lock = JSON.parse(readFileSync(path, 'utf8')) as ServeLock;
    return typeof lock.pid === 'number' && typeof lock.owner === 'string' ? lock : null;
  } catch {
    return null;
  }
}

/** The live server's lock for this store, if one is serving it. */
export function readServeLock(storePath: string): ServeLock | null {
  const lock = read(lockPath(storePath));
  return lock !== null && alive(lock.pid) ? lock : null;
}

/**
 * Takes the store for this server. Throws when another live process serves it; returns the
 * previous (dead) holder's lock, whose run leases may be taken over. A holder in this very
 * process that never stopped (a test simulating a crash) counts as dead.
 */
export function acquireServeLock(storePath: string, lock: ServeLock): ServeLock | null {
  const path = lockPath(storePath);
  const previous = read(path);
  if (previous !== null && previous.pid !== process.pid && alive(previous.pid)) {
    throw new Error(`another flow-edn serve (pid ${previous.pid}${previous.url ? `, ${previous.url}` : ''}) is serving the store ${storePath}; stop it first or use another --db`);
  }
  writeFileSync(path, JSON.stringify(lock, null, 2));
  return previous;
}

export function updateServeLock(storePath: string, lock: ServeLock): void {
  const current = read(lockPath(storePath));
  if (current === null || current.owner === lock.owner) writeFileSync(lockPath(storePath), JSON.stringify(lock, null, 2));
}

export function releaseServeLock(storePath: string, owner: string): void {
  const current = read(lockPath(storePath));
  if (current !== null && current.owner === owner) rmSync(lockPath(storePath), { force: true });
}
