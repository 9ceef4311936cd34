// The JSON API (types in api-types.ts) for the extension's panel and the CLI: flows and
// their endpoints, runs (queued ones too), waits, resolving a wait with a payload,
// cancelling a run and firing a schedule. Who may call it: api-guard.ts.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { nodeToValue } from '../edn/convert';
import { readEdn } from '../edn/reader';
import type { Value } from '../edn/values';
import { jsonToValue } from '../run/codec';
import { runReport } from '../run/report';
import { WaitResolutionError, type WaitAction } from '../run/waits';
import type { RunStatus } from '../store/port';
import type { Accepted, CancelRunResponse, FireScheduleRequest, FireScheduleResponse, FlowsResponse, HealthResponse, ResolveWaitRequest, ResolveWaitResponse, RunsResponse, RunSummary, WaitsResponse } from './api-types';
import { waitSummary } from './approvals';
import { describeAuth } from './auth-config';
import { matchesTrigger } from './entry-points';
import { guardApi } from './api-guard';
import { readJson, refuse, sendJson } from './http-util';
import type { Runtime } from './local-runtime';

/** What the local API reads and does: a narrow view of the Runtime. */
export type ApiContext = Pick<Runtime, 'apiToken' | 'executor' | 'fireSchedule' | 'flows' | 'log' | 'publicUrl' | 'scheduler' | 'startedAt' | 'store' | 'emit'>;

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
const STATUSES = new Set(['queued', 'running', 'waiting', 'completed', 'failed', 'cancelled']);

export async function handleApi(rt: ApiContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const refusal = guardApi(req, rt.apiToken, rt.publicUrl);
  if (refusal !== null) {
    req.resume();
    return refuse(rt, req, res, refusal.status, refusal.reason, refusal.message);
  }
  const parts = url.pathname.split('/').filter(Boolean).slice(1); // after "api"
  const method = req.method ?? 'GET';
  switch (true) {
    case method === 'GET' && parts.length === 1 && parts[0] === 'health': {
      const body: HealthResponse = { ok: true, url: rt.publicUrl, pid: process.pid, store: rt.store.path, startedAt: new Date(rt.startedAt).toISOString() };
      return sendJson(res, 200, body);
    }
    case method === 'GET' && parts.length === 1 && parts[0] === 'flows':
      return sendJson(res, 200, flowsResponse(rt));
    case method === 'GET' && parts.length === 1 && parts[0] === 'runs':
      return sendJson(res, 200, runsResponse(rt, url.searchParams));
    case method === 'GET' && parts.length === 2 && parts[0] === 'runs': {
      if (!rt.store.getRun(parts[1]!)) return refuse(rt, req, res, 404, 'not-found', `no run ${parts[1]}${rt.store.queuedRuns().some((q) => q.runId === parts[1]) ? ' yet: it is queued' : ''}`);
      return sendJson(res, 200, { run: runReport(rt.store, parts[1]!) });
    }
    case method === 'POST' && parts.length === 3 && parts[0] === 'runs' && parts[2] === 'cancel': {
      const id = parts[1]!;
      if (rt.store.dequeueRun(id)) {
        rt.log(`queued run ${id} cancelled before it started`);
        return sendJson(res, 200, { runId: id, status: 'cancelled' } satisfies CancelRunResponse);
      }
      if (!rt.store.getRun(id)) return refuse(rt, req, res, 404, 'not-found', `no run ${id}`);
      const outcome = await rt.executor.cancel(id, 'cancelled through the API');
      if (outcome === 'ended') return refuse(rt, req, res, 409, 'conflict', `run ${id} already ended (${rt.store.getRun(id)!.status}); nothing changed`);
      return sendJson(res, 200, { runId: id, status: outcome } satisfies CancelRunResponse);
    }
    case method === 'GET' && parts.length === 1 && parts[0] === 'waits': {
      const all = url.searchParams.get('all');
      const waits = rt.store.findWaits(all === '1' || all === 'true' ? {} : { status: 'pending' });
      return sendJson(res, 200, { waits: waits.map((w) => waitSummary(rt, w)) } satisfies WaitsResponse);
    }
    case method === 'POST' && parts.length === 3 && parts[0] === 'waits' && ['approve', 'reject', 'complete'].includes(parts[2]!):
      return resolveWait(rt, req, res, parts[1]!, parts[2] as WaitAction);
    case method === 'POST' && parts.length === 4 && parts[0] === 'flows' && parts[2] === 'schedules' && parts[3] === 'fire':
      return fireSchedule(rt, req, res, parts[1]!);
    default:
      return refuse(rt, req, res, 404, 'not-found', `no API route ${method} ${url.pathname}; see API_ROUTES in engine/runtime/api-types.ts`);
  }
}

function flowsResponse(rt: ApiContext): FlowsResponse {
  return {
    flows: rt.flows.all().map((f) => {
      const next = new Map((rt.scheduler?.nextFires(f.slug) ?? []).map((n) => [n.id, n.next]));
      const c = f.entry.concurrency;
      return {
        slug: f.slug,
        path: f.path,
        version: f.version,
        concurrency: { type: c.type, keyField: c.type === 'keyed' ? c.keyField.map(String).join(' ') : null, onNewVersion: c.onNewVersion },
        webhooks: f.entry.webhooks.map((w) => ({ id: w.id, trigger: w.trigger, eventName: w.eventName, urls: w.paths.map((p) => rt.publicUrl + p), auth: describeAuth(w.auth) })),
        schedules: f.entry.schedules.map((s) => ({ id: s.id, trigger: s.trigger, cron: s.cron, zone: s.zone, next: iso(next.get(s.id) ?? null) })),
      };
    }),
    errors: [],
  };
}

function runsResponse(rt: ApiContext, q: URLSearchParams): RunsResponse {
  const status = q.get('status');
  const flow = q.get('flow') ?? undefined;
  const limit = Number(q.get('limit') ?? 100);
  const runs: RunSummary[] = [];
  if (status === null || status === 'queued') {
    for (const e of rt.store.queuedRuns(flow ? { flow } : {})) runs.push({ runId: e.runId, flow: e.flow, status: 'queued', trigger: e.trigger, concurrencyKey: e.concurrencyKey, startedAt: null, endedAt: null, arrival: e.seq });
  }
  if (status === null || (status !== 'queued' && STATUSES.has(status))) {
    for (const r of rt.store.listRuns({ ...(status ? { status: status as RunStatus } : {}), ...(flow ? { flow } : {}), limit })) {
      runs.push({ runId: r.id, flow: r.flow, status: r.status, trigger: r.trigger, concurrencyKey: r.concurrencyKey, startedAt: iso(r.createdAt), endedAt: iso(r.endedAt), arrival: null });
    }
  }
  return { runs: runs.slice(0, limit) };
}

async function resolveWait(rt: ApiContext, req: IncomingMessage, res: ServerResponse, waitId: string, action: WaitAction): Promise<void> {
  const body = await readJson(req);
  if ('error' in body) return refuse(rt, req, res, 400, 'bad-request', body.error);
  const r = (body.value ?? {}) as ResolveWaitRequest;
  let payload: Value | undefined;
  if (typeof r.payloadEdn === 'string') {
    const parsed = readEdn(r.payloadEdn);
    if (parsed.findings.length > 0 || parsed.forms.length !== 1) return refuse(rt, req, res, 400, 'bad-request', `payloadEdn is not one EDN value: ${parsed.findings[0]?.message ?? 'expected one value'}`);
    payload = nodeToValue(parsed.forms[0]!);
  } else if (r.payload !== undefined) payload = jsonToValue(r.payload);
  const wait = rt.store.getWait(waitId);
  if (wait === undefined) return refuse(rt, req, res, 404, 'not-found', `no wait ${waitId}`);
  try {
    const out = await rt.executor.resolve(wait, { runId: wait.runId, action, ...(payload !== undefined ? { payload } : {}), ...(typeof r.by === 'string' ? { by: r.by } : {}) });
    rt.log(`wait :${out.wait.stepId} of run ${out.run.id} ${out.wait.status} through the API; run is ${out.run.status}`);
    return sendJson(res, 200, { wait: waitSummary(rt, out.wait), run: runReport(rt.store, out.run.id) } satisfies ResolveWaitResponse);
  } catch (e) {
    if (!(e instanceof WaitResolutionError)) throw e;
    const status = e.reason === 'timed-out' ? 410 : e.reason === 'ambiguous' ? 400 : e.reason === 'no-wait' || e.reason === 'no-run' ? 404 : 409;
    const reason = e.reason === 'timed-out' ? 'timed-out' : e.reason === 'ambiguous' ? 'ambiguous' : status === 404 ? 'not-found' : 'already-resolved';
    return refuse(rt, req, res, status, reason, e.message);
  }
}

async function fireSchedule(rt: ApiContext, req: IncomingMessage, res: ServerResponse, slug: string): Promise<void> {
  const body = await readJson(req);
  if ('error' in body) return refuse(rt, req, res, 400, 'bad-request', body.error);
  const r = (body.value ?? {}) as FireScheduleRequest;
  const flow = rt.flows.get(slug.replace(/^:/, ''));
  if (flow === undefined) return refuse(rt, req, res, 404, 'not-found', `no flow :${slug} is served here`);
  const schedules = flow.entry.schedules;
  const chosen = typeof r.trigger === 'string' ? schedules.filter((s) => matchesTrigger(s, r.trigger!)) : schedules;
  if (chosen.length !== 1) {
    const known = schedules.map((s) => s.id).join(', ') || 'none';
    const message = chosen.length === 0 ? `flow :${flow.slug} has no ${r.trigger ? `schedule ${JSON.stringify(r.trigger)}` : 'enabled schedule'} (schedules: ${known})` : `flow :${flow.slug} has ${chosen.length} schedules (${known}); name one with --trigger`;
    return refuse(rt, req, res, chosen.length === 0 ? 404 : 400, chosen.length === 0 ? 'not-found' : 'ambiguous', message);
  }
  const s = chosen[0]!;
  const result = rt.fireSchedule(flow, s.id);
  if (result.decision === 'refused') return refuse(rt, req, res, result.status, result.reason, result.message);
  if (result.decision === 'deduped') return sendJson(res, 200, { schedule: s.id, runId: result.runId, flow: flow.slug, status: 'running', concurrencyDecision: 'deduped', concurrencyKey: result.key, arrival: null, deduped: true });
  const run = result.run ? await result.run.catch(() => null) : null;
  const answer: FireScheduleResponse = {
    schedule: s.id,
    runId: result.runId,
    flow: flow.slug,
    status: (run?.status ?? 'queued') as Accepted['status'],
    concurrencyDecision: result.decision,
    concurrencyKey: result.key,
    arrival: result.arrival,
  };
  return sendJson(res, 202, answer);
}
