// Approval links: `/waits/<id>/approve?token=..` and `/reject`, the URLs waits put in their
// notifications. The token is single-use in effect: opening a link resolves the wait once
// (a small page for a browser, JSON for a client); a second use, or one after the timeout,
// answers what happened and changes nothing.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { runReport } from '../run/report';
import { WaitResolutionError } from '../run/waits';
import type { WaitRecord } from '../store/port';
import type { ResolveWaitResponse, WaitSummary } from './api-types';
import { escapeHtml, refuse, sendHtml, sendJson, wantsHtml } from './http-util';
import type { Runtime } from './local-runtime';

/** What an approval link touches: a narrow view of the Runtime. */
export type ApprovalContext = Pick<Runtime, 'emit' | 'executor' | 'log' | 'store'>;
import { safeEqual } from './signing';

export function waitSummary(rt: ApprovalContext, w: WaitRecord): WaitSummary {
  return {
    waitId: w.id,
    runId: w.runId,
    flow: rt.store.getRun(w.runId)?.flow ?? '',
    step: w.stepId,
    key: w.key,
    status: w.status,
    createdAt: new Date(w.createdAt).toISOString(),
    expiresAt: w.expiresAt === null ? null : new Date(w.expiresAt).toISOString(),
    resolvedBy: w.resolvedBy,
  };
}

function page(title: string, lines: string[]): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(title)}</title><style>body{font:16px system-ui,sans-serif;max-width:36em;margin:3em auto;padding:0 1em;color:#222}
h1{font-size:1.4em}code{background:#f3f3f3;padding:0 .2em}</style></head><body><h1>${escapeHtml(title)}</h1>
${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('\n')}</body></html>`;
}

/** Says what a wait already became, for a second use or a late one. */
function answerResolved(rt: ApprovalContext, req: IncomingMessage, res: ServerResponse, w: WaitRecord, message: string): void {
  const timedOut = w.status === 'timed-out';
  const status = timedOut ? 410 : 409;
  if (wantsHtml(req)) {
    rt.log(`refused ${req.method} /waits/${w.id} ${status}: ${message}`);
    rt.emit({ type: 'refused', path: `/waits/${w.id}`, status, reason: timedOut ? 'timed-out' : 'already-resolved', message });
    return sendHtml(res, status, page(timedOut ? 'This approval has timed out' : 'This approval was already decided', [message, 'Nothing changed.']));
  }
  refuse(rt, req, res, status, timedOut ? 'timed-out' : 'already-resolved', message);
}

export async function handleApproval(rt: ApprovalContext, req: IncomingMessage, res: ServerResponse, url: URL, waitId: string, action: 'approve' | 'reject'): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'POST') return refuse(rt, req, res, 405, 'method-not-allowed', `${req.method} is not allowed on an approval link; open it (GET) or POST to it`, { allow: 'GET, POST' });
  const wait = rt.store.getWait(waitId);
  const token = url.searchParams.get('token') ?? '';
  if (wait === undefined || wait.token === null) return refuse(rt, req, res, 404, 'not-found', `no approval link for wait ${waitId} on this server`);
  if (!safeEqual(token, wait.token)) return refuse(rt, req, res, 403, 'invalid-token', `the token of this approval link is wrong${token === '' ? ' (missing ?token=)' : ''}; nothing changed`);
  // A timeout happens at the wait's own expiry, whenever it was noticed.
  const describe = (w: WaitRecord) =>
    w.status === 'timed-out'
      ? `wait :${w.stepId} (key ${w.key}) of run ${w.runId} timed out at ${new Date(w.expiresAt ?? w.resolvedAt ?? 0).toISOString()}`
      : `wait :${w.stepId} (key ${w.key}) of run ${w.runId} is already ${w.status}${w.resolvedBy ? ` by ${w.resolvedBy}` : ''}${w.resolvedAt !== null ? ` at ${new Date(w.resolvedAt).toISOString()}` : ''}`;
  if (wait.status !== 'pending') return answerResolved(rt, req, res, wait, `${describe(wait)}; this ${action} changed nothing`);
  try {
    const { run, wait: won } = await rt.executor.resolve(wait, { runId: wait.runId, action, by: 'approval-link' });
    rt.log(`wait :${won.stepId} of run ${run.id} ${won.status} through its approval link; run is ${run.status}`);
    if (wantsHtml(req)) {
      return sendHtml(res, 200, page(action === 'approve' ? 'Approved' : 'Rejected', [`Wait :${won.stepId} (key ${won.key}) is ${won.status}.`, `Run ${run.id} of :${run.flow} is now ${run.status}.`, 'You can close this page.']));
    }
    const body: ResolveWaitResponse = { wait: waitSummary(rt, won), run: runReport(rt.store, run.id) };
    return sendJson(res, 200, body);
  } catch (e) {
    if (!(e instanceof WaitResolutionError)) throw e;
    const now = rt.store.getWait(waitId) ?? wait;
    return answerResolved(rt, req, res, now, `${describe(now)}; this ${action} changed nothing`);
  }
}
