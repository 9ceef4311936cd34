// Start-up after a stop or a crash, from durable state only: queue entries that already
// became runs are dropped, runs a dead process left `running` are resumed by replay, and
// every pending wait's timeout is armed (those that expired while down fire at once).

import type { Runtime } from './local-runtime';

/** What recovery at start-up touches: a narrow view of the Runtime. */
export type RecoveryContext = Pick<Runtime, 'clock' | 'emit' | 'executor' | 'log' | 'store'>;

export function recover(rt: RecoveryContext): void {
  const store = rt.store;
  let dropped = 0;
  for (const q of store.queuedRuns()) {
    // The run was created but the server died before the entry was removed.
    if (store.getRun(q.runId) !== undefined) dropped += store.dequeueRun(q.runId) ? 1 : 0;
  }
  const resumed: string[] = [];
  for (const run of store.listRuns({ status: 'running', leaseFreeAt: Date.now() })) {
    resumed.push(run.id);
    rt.log(`run ${run.id} (:${run.flow}) was left running by a stopped process: resuming it by replay`);
    void rt.executor.resume(run.id);
  }
  const expiredWaits: string[] = [];
  const now = rt.clock.now();
  for (const w of store.findWaits({ status: 'pending' })) {
    if (w.expiresAt === null) continue;
    const run = store.getRun(w.runId);
    // Runs on a simulated clock of their own (flow-edn run with :clock) are not timed here.
    if (run === undefined || (run.clock !== null && !rt.clock.virtual)) continue;
    if (w.expiresAt <= now) {
      expiredWaits.push(w.id);
      rt.log(`wait :${w.stepId} of run ${w.runId} expired while the server was down (${new Date(w.expiresAt).toISOString()}): timing it out now`);
    }
    rt.executor.armTimeout(w.runId, w.id, w.expiresAt);
  }
  const queued = store.queuedRuns().length;
  if (queued > 0) rt.log(`${queued} queued deliver${queued === 1 ? 'y' : 'ies'} waiting for their concurrency slots${dropped ? ` (${dropped} already started before the stop)` : ''}`);
  rt.emit({ type: 'recovered', resumed, expiredWaits, queued });
}
