// Cancelling a run: a running or waiting run becomes `cancelled`, its pending waits are
// cancelled (so a late approval changes nothing) and a queued start is dropped, in one
// transaction. A run another live process is executing is refused: that process holds its
// lease; stop it first.

import type { RunRecord, RunStore } from '../store/port';
import { acquireRunLease, leaseOwnerId } from './lease';
import { clockForRun } from './runner';

export class CancelRefused extends Error {}

export function cancelRun(store: RunStore, runId: string, by: string, owner = leaseOwnerId()): RunRecord {
  const run = store.getRun(runId);
  if (run === undefined) throw new CancelRefused(`no run with id ${runId}`);
  if (run.status === 'completed' || run.status === 'failed' || run.status === 'cancelled') throw new CancelRefused(`run ${runId} is already ${run.status}; nothing changed`);
  if (!acquireRunLease(store, runId, owner, Date.now(), 30_000)) {
    throw new CancelRefused(`run ${runId} is being executed by another process (${run.leaseOwner}); stop that process (Ctrl-C leaves the run resumable), then cancel`);
  }
  const now = clockForRun(run).now();
  return store.transaction(() => {
    for (const w of store.findWaits({ runId, status: 'pending' })) {
      store.resolveWait(w.id, 'cancelled', null, now, by);
      store.appendEvent({ runId, at: now, type: 'wait-resolved', data: JSON.stringify({ type: 'wait-resolved', runId, stepKey: w.stepKey, stepId: w.stepId, waitId: w.id, status: 'cancelled', by }) });
    }
    store.dequeueRun(runId);
    store.appendEvent({ runId, at: now, type: 'run-finished', data: JSON.stringify({ type: 'run-finished', runId, status: 'cancelled', error: `cancelled by ${by}` }) });
    store.releaseLease(runId, owner);
    return store.updateRun(runId, { status: 'cancelled', endedAt: now, updatedAt: now, error: JSON.stringify({ message: `cancelled by ${by}`, step: null, code: 'cancelled' }) });
  });
}
