// Run leases (design §4). The process executing a run holds the run's lease and renews it
// while it works, so no other process executes the run at the same time. A process that dies
// (SIGKILL, crash, power cut) cannot release its lease, which then blocks every other
// process until it expires (LEASE_MS, 30 s): `flow-edn resume` right after a crash failed
// with "being executed by another process".
//
// On the same host there is no need to wait: the owner id names its process and host
// (`pid-<pid>-<random>@<hostname>`), and a lease whose owner process no longer exists
// (`process.kill(pid, 0)` fails with ESRCH) is taken over at once. The take-over runs in
// one write transaction (BEGIN IMMEDIATE), so of several processes taking over the same dead
// lease exactly one wins. Left to expire instead: owners on another host, owners whose pid
// exists (also when it was reused by an unrelated process, or signalling it is refused with
// EPERM), and owner ids not in this form (the `owner` engine option, older versions).
// Assumes one pid namespace per hostname: two containers sharing a store file must not share
// a hostname (by default each container has its own).

import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { RunStore } from '../store/port';

let host: string | undefined;

/** A lease owner id for this process: `pid-<pid>-<random>@<hostname>`. */
export function leaseOwnerId(): string {
  host ??= hostname();
  return `pid-${process.pid}-${randomBytes(3).toString('hex')}@${host}`;
}

const OWNER_ID = /^pid-(\d+)-[0-9a-f]+@(.+)$/;

/** True when `owner` is a lease owner id of a process on this host that no longer exists. */
export function leaseOwnerIsDead(owner: string): boolean {
  const m = OWNER_ID.exec(owner);
  if (m === null || m[2] !== hostname()) return false;
  const pid = Number(m[1]);
  if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Takes the run's lease for `owner` when it is free, expired, already `owner`'s, or held by
 * a dead process on this host (see above). False while another live owner holds it.
 */
export function acquireRunLease(store: RunStore, runId: string, owner: string, now: number, ttlMs: number): boolean {
  if (store.acquireLease(runId, owner, now, ttlMs)) return true;
  return store.transaction(() => {
    const held = store.getRun(runId)?.leaseOwner ?? null;
    // Released by its owner since the first try: take it the ordinary way.
    if (held === null || !leaseOwnerIsDead(held)) return store.acquireLease(runId, owner, now, ttlMs);
    store.releaseLease(runId, held);
    return store.acquireLease(runId, owner, now, ttlMs);
  });
}
