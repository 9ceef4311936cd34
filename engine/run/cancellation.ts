// Cancelling a run through the store: one transaction marks it `cancelled`, cancels its
// pending waits (each with its `wait-resolved`), drops a queued start and appends its one
// `run-finished`. Whichever process executes the run
// sees the status at its next step boundary (runner.ts) and stops; the change feed tells
// every other view.

import type { RunRecord, RunStore } from '../store/port';
import { RunError } from './errors';

const TERMINAL: ReadonlySet<string> = new Set(['completed', 'failed', 'cancelled']);

/** Cancels the run unless it already ended; returns the cancelled record, or undefined when it had ended (or does not exist). */
export function cancelInStore(store: RunStore, runId: string, reason: string, now: number, by = 'local-user'): RunRecord | undefined {
  return store.transaction(() => {
    const current = store.getRun(runId);
    if (current === undefined || TERMINAL.has(current.status)) return undefined;
    for (const w of store.findWaits({ runId, status: 'pending' })) {
      store.resolveWait(w.id, 'cancelled', null, now, by);
      store.appendEvent({ runId, at: now, type: 'wait-resolved', data: JSON.stringify({ type: 'wait-resolved', runId, stepKey: w.stepKey, stepId: w.stepId, waitId: w.id, status: 'cancelled', by }) });
    }
    // A start still queued by the local runtime is dropped with it.
    store.dequeueRun(runId);
    store.appendEvent({ runId, at: now, type: 'run-finished', data: JSON.stringify({ type: 'run-finished', runId, status: 'cancelled', error: reason }) });
    return store.updateRun(runId, { status: 'cancelled', error: RunError.cancelled(reason).serialize(), endedAt: now, updatedAt: now });
  });
}
