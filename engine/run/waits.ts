// Resolving a pending wait from outside the run (CLI, panel, approval link) and resuming
// the run by replay. Exactly one resolution wins; a late or second one is refused with a
// message that says what happened, and changes nothing.

import { Map as IMap } from 'immutable';
import { Keyword, type Value } from '../edn/values';
import type { RunRecord, WaitRecord } from '../store/port';
import { encodeValue } from './codec';
import { kmap } from './data';
import { LeaseHeld } from './errors';
import type { RunEvent } from './events';
import { tellObservers } from './observers';
import { clockForRun, resumeRun, resumeRunHere, type EngineOptions } from './runner';

export type WaitAction = 'approve' | 'reject' | 'complete';

export interface ResolveRequest {
  runId: string;
  /** Which wait, when the run has several pending. */
  stepId?: string;
  action: WaitAction;
  payload?: Value;
  by?: string;
  /** Resolve by wait id instead (approval links). */
  waitId?: string;
}

export class WaitResolutionError extends Error {
  constructor(
    message: string,
    readonly reason: 'no-run' | 'no-wait' | 'ambiguous' | 'already-resolved' | 'timed-out',
    readonly wait?: WaitRecord,
  ) {
    super(message);
  }
}

function describeResolved(w: WaitRecord): string {
  const when = w.resolvedAt !== null ? ` at ${new Date(w.resolvedAt).toISOString()}` : '';
  const by = w.resolvedBy ? ` by ${w.resolvedBy}` : '';
  // A timeout happens at the wait's expiry, whenever it was noticed.
  if (w.status === 'timed-out') return `timed out${w.expiresAt !== null ? ` at ${new Date(w.expiresAt).toISOString()}` : when}`;
  return `already ${w.status}${by}${when}`;
}

function payloadFor(action: WaitAction, payload: Value | undefined, by: string): Value {
  if (action === 'complete') return payload ?? kmap({});
  const base = kmap({ action: Keyword.of(action), by });
  return IMap.isMap(payload) ? (base as IMap<Value, Value>).merge(payload as IMap<Value, Value>) : base;
}

/** Picks the wait a request means, or says why there is none. */
export function findPendingWait(engine: EngineOptions, req: ResolveRequest): WaitRecord {
  const store = engine.store;
  if (req.waitId) {
    const w = store.getWait(req.waitId);
    if (w === undefined) throw new WaitResolutionError(`no wait ${req.waitId}`, 'no-wait');
    if (w.status !== 'pending') throw new WaitResolutionError(`wait :${w.stepId} (key ${w.key}) is ${describeResolved(w)}; nothing changed`, w.status === 'timed-out' ? 'timed-out' : 'already-resolved', w);
    return w;
  }
  const run = store.getRun(req.runId);
  if (run === undefined) throw new WaitResolutionError(`no run with id ${req.runId}`, 'no-run');
  const all = store.findWaits({ runId: req.runId }).filter((w) => req.stepId === undefined || w.stepId === req.stepId);
  const pending = all.filter((w) => w.status === 'pending');
  if (pending.length === 1) return pending[0]!;
  if (pending.length > 1) throw new WaitResolutionError(`run ${req.runId} has ${pending.length} pending waits (${pending.map((w) => ':' + w.stepId).join(', ')}); name one with --step`, 'ambiguous');
  const last = all[all.length - 1];
  if (last !== undefined) throw new WaitResolutionError(`wait :${last.stepId} of run ${req.runId} is ${describeResolved(last)}; nothing changed`, last.status === 'timed-out' ? 'timed-out' : 'already-resolved', last);
  throw new WaitResolutionError(`run ${req.runId} (${run.status}) has no ${req.stepId ? `wait :${req.stepId}` : 'pending wait'}`, 'no-wait');
}

/** Resolves the wait and resumes its run. A wait past its timeout is timed out instead. */
export async function resolveAndResume(engine: EngineOptions, req: ResolveRequest): Promise<{ run: RunRecord; wait: WaitRecord; continuesElsewhere?: string | null }> {
  const store = engine.store;
  const pending = findPendingWait(engine, req);
  const runRecord = store.getRun(pending.runId)!;
  const clock = engine.clock ?? clockForRun(runRecord);
  const now = clock.now();
  if (pending.expiresAt !== null && now >= pending.expiresAt) {
    // Too late: the timeout wins. Resume so the run takes its :on-timeout path.
    await resumeRun(pending.runId, { ...engine, clock });
    const w = store.getWait(pending.id)!;
    throw new WaitResolutionError(`too late: wait :${w.stepId} (key ${w.key}) ${describeResolved(w)}; the ${req.action} changed nothing`, 'timed-out', w);
  }
  const by = req.by ?? engine.user ?? process.env.USER ?? 'local-user';
  const payload = payloadFor(req.action, req.payload, by);
  const status = req.action === 'approve' ? 'approved' : req.action === 'reject' ? 'rejected' : 'completed';
  // The resolution and its event in one transaction: the timeline never misses a resolution.
  let told: RunEvent | undefined;
  const won = store.transaction(() => {
    const w = store.resolveWait(pending.id, status, encodeValue(payload), now, by);
    if (w !== undefined) {
      told = { type: 'wait-resolved', runId: w.runId, stepKey: w.stepKey, stepId: w.stepId, waitId: w.id, status: w.status, by };
      store.appendEvent({ runId: w.runId, at: now, type: 'wait-resolved', data: JSON.stringify(told) });
    }
    return w;
  });
  // Told to this engine's listeners once committed, as a run's own events are (a debug console).
  if (told !== undefined) tellObservers(engine.listeners ?? [], (l) => l(told!, now));
  if (won === undefined) {
    const w = store.getWait(pending.id)!;
    throw new WaitResolutionError(`wait :${w.stepId} (key ${w.key}) is ${describeResolved(w)}; nothing changed`, w.status === 'timed-out' ? 'timed-out' : 'already-resolved', w);
  }
  try {
    const { run, executed } = await resumeRunHere(pending.runId, { ...engine, clock });
    // The run was waiting when the resolution won, so if nothing ran here a process holding
    // it (a debug session watching the feed) took the resolution and finished the run.
    if (!executed) return { run, wait: won, continuesElsewhere: runRecord.leaseOwner ?? run.leaseOwner ?? null };
    return { run, wait: won };
  } catch (e) {
    // Another process is executing the run (a resume, a debug session): the resolution is
    // recorded and that process goes on with it at the wait.
    if (e instanceof LeaseHeld) return { run: store.getRun(pending.runId)!, wait: won, continuesElsewhere: e.owner };
    throw e;
  }
}
