// The `:wait` step: a pending wait with a key and a timeout; a notification (template or
// inline channels) with `approval-url`/`rejection-url` injected; the run suspends until a
// resolution (approve, reject, complete with a payload) or the timeout, which `:on-timeout`
// turns into a failure (`:fail`, the default) or `:default-value` (`:continue`).

import { randomBytes } from 'node:crypto';
import { printValue } from '../edn/printer';
import { Keyword, type Value } from '../edn/values';
import { formatDuration } from '../language/duration';
import { VirtualClock } from '../run/clock';
import { decodeValue, encodeValue } from '../run/codec';
import { durationValueMs, kget, nameOf } from '../run/data';
import { templateData } from '../run/render';
import type { WaitRecord } from '../store/port';
import { sendChannels } from './channels';
import type { AttemptResult, Executor, StepContext } from './types';

export const DEFAULT_WAIT_MS = 24 * 3600_000;

/** Where approval links point (the local runtime serves them). */
export function approvalBaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return (env.FLOW_EDN_PUBLIC_URL ?? 'http://127.0.0.1:8787').replace(/\/+$/, '');
}

export function approvalLinks(waitId: string, token: string, base = approvalBaseUrl()): { approve: string; reject: string } {
  return { approve: `${base}/waits/${waitId}/approve?token=${token}`, reject: `${base}/waits/${waitId}/reject?token=${token}` };
}

function waitKey(v: Value | undefined): string | null {
  if (v === undefined || v === null) return null;
  return typeof v === 'string' ? v : nameOf(v) ?? printValue(v);
}

/** The resolution status a payload stands for: its `:action`. */
export function statusForPayload(payload: Value): 'approved' | 'rejected' | 'completed' {
  const action = nameOf(kget(payload, 'action'));
  return action === 'approve' ? 'approved' : action === 'reject' ? 'rejected' : 'completed';
}

export const waitExecutor: Executor = async (ctx): Promise<AttemptResult> => {
  const key = waitKey(kget(ctx.config, 'key'));
  if (key === null) return { kind: 'error', error: { message: `wait :${ctx.stepId} needs a :key`, code: 'wait-invalid' }, retryable: false };
  const timeoutMs = durationValueMs(kget(ctx.config, 'timeout'), 'seconds') ?? DEFAULT_WAIT_MS;
  const existing = ctx.store.findWaits({ runId: ctx.runId, stepKey: ctx.stepKey })[0];
  if (existing !== undefined) return settle(ctx, existing, timeoutMs);

  const now = ctx.clock.now();
  const waitId = 'w-' + randomBytes(6).toString('hex');
  const token = randomBytes(18).toString('hex');
  const expiresAt = now + timeoutMs;
  const create = () => {
    try {
      ctx.store.createWait({ id: waitId, runId: ctx.runId, stepKey: ctx.stepKey, stepId: ctx.stepId, key, createdAt: now, expiresAt, token });
    } catch (e) {
      throw new Error(`wait :${ctx.stepId}: ${(e as Error).message}`);
    }
  };
  // The notification goes out first, also when a mock resolves the wait, so a scenario
  // shows the message an approver would get.
  const notify = kget(ctx.config, 'notify');
  if (notify !== undefined && notify !== null) {
    // The local runtime passes its own address; otherwise FLOW_EDN_PUBLIC_URL or the default.
    const links = approvalLinks(waitId, token, ctx.publicUrl !== undefined ? ctx.publicUrl.replace(/\/+$/, '') : approvalBaseUrl());
    const templateId = nameOf(kget(notify, 'template'));
    const template = templateId !== null ? ctx.program.templates.get(templateId) : undefined;
    if (templateId !== null && template === undefined) return { kind: 'error', error: { message: `wait :${ctx.stepId} notifies with unknown template :${templateId}`, code: 'no-template' }, retryable: false };
    const channels = kget(notify, 'channels') ?? (template ? kget(template.value, 'channels') : undefined) ?? null;
    const data = templateData(kget(notify, 'data'), { 'approval-url': links.approve, 'rejection-url': links.reject, 'wait-key': key });
    const sent = await sendChannels(ctx, channels, data, 'notification', undefined, templateId);
    if ('error' in sent) return { kind: 'error', error: { ...sent.error, message: `wait :${ctx.stepId} could not send its notification: ${sent.error.message}` }, retryable: false };
  }
  const mock = ctx.mock;
  if (mock !== undefined) {
    // A simulated resolution: the payload, or `{:timeout true}`.
    ctx.emit({ type: 'wait-pending', stepKey: ctx.stepKey, stepId: ctx.stepId, waitId, key, expiresAt });
    if (kget(mock, 'timeout') === true) {
      if (ctx.clock instanceof VirtualClock) ctx.clock.set(expiresAt);
      const at = Math.max(ctx.clock.now(), expiresAt);
      ctx.emit({ type: 'wait-resolved', stepKey: ctx.stepKey, stepId: ctx.stepId, waitId, status: 'timed-out', by: 'simulation' });
      const out = timedOut(ctx, key, timeoutMs, expiresAt);
      const effects = [create, () => void ctx.store.resolveWait(waitId, 'timed-out', null, at, 'simulation')];
      return out.kind === 'ok' ? { ...out, effects } : out;
    }
    const status = statusForPayload(mock);
    ctx.emit({ type: 'wait-resolved', stepKey: ctx.stepKey, stepId: ctx.stepId, waitId, status, by: 'simulation' });
    return { kind: 'ok', result: mock, mocked: true, effects: [create, () => void ctx.store.resolveWait(waitId, status, encodeValue(mock), now, 'simulation')] };
  }
  ctx.emit({ type: 'wait-pending', stepKey: ctx.stepKey, stepId: ctx.stepId, waitId, key, expiresAt });
  return { kind: 'suspend', effects: [create] };
};

function settle(ctx: StepContext, w: WaitRecord, timeoutMs: number): AttemptResult {
  for (let tries = 0; tries < 3; tries++) {
    switch (w.status) {
      case 'pending': {
        const now = ctx.clock.now();
        if (w.expiresAt === null || now < w.expiresAt) return { kind: 'suspend' };
        const won = ctx.store.resolveWait(w.id, 'timed-out', null, now, 'timeout');
        if (won) {
          ctx.emit({ type: 'wait-resolved', stepKey: ctx.stepKey, stepId: ctx.stepId, waitId: w.id, status: 'timed-out', by: 'timeout' });
          return timedOut(ctx, w.key, timeoutMs, w.expiresAt);
        }
        w = ctx.store.getWait(w.id)!;
        continue;
      }
      case 'approved':
      case 'rejected':
      case 'completed':
        return { kind: 'ok', result: w.resolution === null ? null : decodeValue(w.resolution), mocked: w.resolvedBy === 'simulation' };
      case 'timed-out':
        return timedOut(ctx, w.key, timeoutMs, w.expiresAt);
      case 'cancelled':
        return { kind: 'error', error: { message: `wait :${ctx.stepId} (key ${w.key}) was cancelled`, code: 'wait-cancelled' }, retryable: false };
    }
  }
  return { kind: 'suspend' };
}

/** The wait's own expiry in the message, not the moment the timeout was noticed (a resume may come much later). */
function timedOut(ctx: StepContext, key: string, timeoutMs: number, expiresAt: number | null): AttemptResult {
  const onTimeout = nameOf(kget(ctx.config, 'on-timeout')) ?? 'fail';
  if (onTimeout === 'continue') {
    const value = kget(ctx.config, 'default-value');
    return { kind: 'ok', result: value === undefined ? null : value, mocked: false };
  }
  return { kind: 'error', error: { message: `wait :${ctx.stepId} (key ${key}) timed out at ${expiresAt !== null ? new Date(expiresAt).toISOString() : '?'}, the end of its ${formatDuration(timeoutMs)} timeout (:on-timeout :fail)`, code: 'wait-timeout' }, retryable: false };
}

export const approveKeyword = Keyword.of('approve');
