// Acts on a resolve request from the Approvals page: Approve, Reject (with its reason),
// Complete (payload validated first), Time out now. Exactly once across processes (the
// store's conditional update, through RunService.resolve); a late or second click gets the
// engine's own answer (`WaitResolutionError`: already resolved by whom and when, timed out).

import { kmap } from '../../../engine/run/data';
import { LeaseHeld } from '../../../engine/run/errors';
import { WaitResolutionError } from '../../../engine/run/waits';
import type { RunService } from '../../../engine/service/index';
import type { RunRecord } from '../../../engine/store/port';
import type { FromPage, ToPage } from '../../webviews/approvals/messages';
import { completePayload } from './payload';
import { payloadFields, runClock } from './pending';

type Resolve = Extract<FromPage, { type: 'resolve' }>;
type Answer = Extract<ToPage, { type: 'answer' }>;

const done: Record<Resolve['action'], string> = { approve: 'Approved', reject: 'Rejected', complete: 'Completed', timeout: 'Timed out' };

function after(run: RunRecord, continuesElsewhere?: string | null): string {
  if (continuesElsewhere) return `the run goes on in the process that executes it (${continuesElsewhere})`;
  return `run ${run.id} resumed and is now ${run.status}${run.status === 'failed' && run.error ? `: ${(JSON.parse(run.error) as { message?: string }).message ?? run.error}` : ''}`;
}

/** Times the wait out now (as its timeout would), then resumes the run so it takes its :on-timeout path. */
async function timeOutNow(service: RunService, waitId: string, by: string): Promise<{ run: RunRecord; continuesElsewhere?: string | null }> {
  const store = service.store;
  const wait = store.getWait(waitId)!;
  const run = store.getRun(wait.runId)!;
  const at = runClock(run, Date.now()).now;
  const won = store.transaction(() => {
    const w = store.resolveWait(waitId, 'timed-out', null, at, by);
    if (w !== undefined) store.appendEvent({ runId: w.runId, at, type: 'wait-resolved', data: JSON.stringify({ type: 'wait-resolved', runId: w.runId, stepKey: w.stepKey, stepId: w.stepId, waitId: w.id, status: 'timed-out', by }) });
    return w;
  });
  if (won === undefined) {
    const now = store.getWait(waitId)!;
    const by2 = now.resolvedBy ? ` by ${now.resolvedBy}` : '';
    throw new WaitResolutionError(`wait :${now.stepId} (key ${now.key}) is already ${now.status}${by2}; nothing changed`, now.status === 'timed-out' ? 'timed-out' : 'already-resolved', now);
  }
  try {
    return { run: await service.resume(wait.runId) };
  } catch (e) {
    if (e instanceof LeaseHeld) return { run: store.getRun(wait.runId)!, continuesElsewhere: e.owner };
    throw e;
  }
}

export async function resolveFromPage(service: RunService, request: Resolve, by: string): Promise<Answer> {
  const answer = (ok: boolean, message: string, reason: string | null = null): Answer => ({ type: 'answer', requestId: request.requestId, waitId: request.waitId, ok, message, reason });
  const wait = service.store.getWait(request.waitId);
  if (wait === undefined || wait.runId !== request.runId) return answer(false, `no wait ${request.waitId} in run ${request.runId} (the run was deleted?)`, 'no-wait');
  try {
    if (request.action === 'timeout') {
      const outcome = await timeOutNow(service, wait.id, by);
      return answer(true, `Timed out: ${after(outcome.run, outcome.continuesElsewhere)}`);
    }
    let payload;
    if (request.action === 'reject') {
      const reason = request.reason?.trim() ?? '';
      if (reason === '') return answer(false, 'Reject needs a reason: write it in the reason field, then Reject again.', 'no-reason');
      payload = kmap({ reason });
    } else if (request.action === 'complete') {
      if (request.payload === null) return answer(false, 'Complete needs a payload: fill the form or the raw editor.', 'bad-payload');
      const run = service.store.getRun(wait.runId)!;
      const parsed = completePayload(request.payload, payloadFields(run, wait.stepId));
      if (!parsed.ok) return answer(false, parsed.message, 'bad-payload');
      payload = parsed.value;
    }
    const outcome = await service.resolve({ runId: wait.runId, waitId: wait.id, action: request.action, ...(payload !== undefined ? { payload } : {}), by });
    return answer(true, `${done[request.action]}: ${after(outcome.run, outcome.continuesElsewhere)}`);
  } catch (error) {
    if (error instanceof WaitResolutionError) return answer(false, error.message, error.reason);
    return answer(false, `could not ${request.action === 'timeout' ? 'time out' : request.action} wait :${wait.stepId}: ${error instanceof Error ? error.message : String(error)}`, 'error');
  }
}
