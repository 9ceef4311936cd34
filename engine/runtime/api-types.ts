// The local runtime's HTTP contract, declared once: the JSON API the extension's panel and
// the CLI use (routes, requests, responses), webhook answers and refusals. Server handlers
// and clients both import these types; nothing else defines these shapes.

import type { RunReport } from '../run/report';
import type { RunStatus, WaitStatus } from '../store/port';

/** Every JSON API route, by name. `:id`, `:action` and `:slug` are path parameters. */
export const API_ROUTES = {
  health: { method: 'GET', path: '/api/health' },
  flows: { method: 'GET', path: '/api/flows' },
  runs: { method: 'GET', path: '/api/runs' },
  run: { method: 'GET', path: '/api/runs/:id' },
  cancelRun: { method: 'POST', path: '/api/runs/:id/cancel' },
  waits: { method: 'GET', path: '/api/waits' },
  resolveWait: { method: 'POST', path: '/api/waits/:id/:action' },
  fireSchedule: { method: 'POST', path: '/api/flows/:slug/schedules/fire' },
} as const;

export type ApiRouteName = keyof typeof API_ROUTES;

/** Why a request was refused: stable codes, with a readable `message` beside them. */
export type RefusalReason =
  | 'not-found'
  | 'method-not-allowed'
  | 'too-large'
  | 'unauthorized'
  | 'forbidden'
  | 'unsupported-media-type'
  | 'malformed'
  | 'replay'
  | 'missing-key'
  | 'invalid-input'
  | 'server-misconfigured'
  | 'invalid-token'
  | 'already-resolved'
  | 'timed-out'
  | 'ambiguous'
  | 'conflict'
  | 'bad-request';

/** The body of every refusal (webhooks, approval links, API). */
export interface ApiError {
  error: { status: number; reason: RefusalReason; message: string };
}

export interface HealthResponse {
  ok: true;
  url: string;
  pid: number;
  store: string;
  startedAt: string;
}

export interface WebhookSummary {
  id: string;
  trigger: string;
  eventName: string | null;
  /** Full URLs, the first the main one. */
  urls: string[];
  /** One line: the scheme and where its credential goes. */
  auth: string;
}

export interface ScheduleSummary {
  id: string;
  trigger: string;
  cron: string;
  zone: string;
  /** ISO time of the next fire, null when the cron never fires again or schedules are off. */
  next: string | null;
}

export interface FlowSummary {
  slug: string;
  path: string;
  /** Source sha256 of the version served. */
  version: string;
  concurrency: { type: 'singleton' | 'keyed'; keyField: string | null; onNewVersion: 'supersede' | 'drain' | 'coexist' };
  webhooks: WebhookSummary[];
  schedules: ScheduleSummary[];
}

export interface FlowsResponse {
  flows: FlowSummary[];
  /** Files that do not load, with why. */
  errors: { path: string; message: string }[];
}

export type ApiRunStatus = RunStatus | 'queued';

export interface RunSummary {
  runId: string;
  flow: string;
  status: ApiRunStatus;
  trigger: string | null;
  concurrencyKey: string | null;
  /** ISO times; `startedAt` is null while queued. */
  startedAt: string | null;
  endedAt: string | null;
  /** Arrival order, for queued runs. */
  arrival: number | null;
}

/** `GET /api/runs?status=queued|running|...&flow=SLUG&limit=N` */
export interface RunsResponse {
  runs: RunSummary[];
}

/** `GET /api/runs/:id`: design §7's run report. */
export interface RunResponse {
  run: RunReport;
}

export interface CancelRunResponse {
  runId: string;
  /** `cancelled`, or `cancelling` while a step is in flight (it stops before the next one). */
  status: 'cancelled' | 'cancelling';
}

export interface WaitSummary {
  waitId: string;
  runId: string;
  flow: string;
  step: string;
  key: string;
  status: WaitStatus;
  createdAt: string;
  expiresAt: string | null;
  resolvedBy: string | null;
}

/** `GET /api/waits?all=1` (pending ones only without `all`). */
export interface WaitsResponse {
  waits: WaitSummary[];
}

/** `POST /api/waits/:id/approve|reject|complete`. */
export interface ResolveWaitRequest {
  /** JSON payload; merged into `{:action .. :by ..}` for approve/reject, the whole result for complete. */
  payload?: unknown;
  /** The payload as EDN text instead (keeps keywords). */
  payloadEdn?: string;
  by?: string;
}

export interface ResolveWaitResponse {
  wait: WaitSummary;
  run: RunReport;
}

/** `POST /api/flows/:slug/schedules/fire` */
export interface FireScheduleRequest {
  /** Schedule id or label; the flow's only schedule when absent. */
  trigger?: string;
}

export type ConcurrencyDecision = 'started' | 'queued' | 'deduped';

/** The answer to an accepted webhook delivery or schedule fire (202, or 200 when deduped). */
export interface Accepted {
  runId: string;
  flow: string;
  /** The run's status when the answer was sent (`queued` until its slot frees). */
  status: ApiRunStatus;
  concurrencyDecision: ConcurrencyDecision;
  concurrencyKey: string | null;
  /** Arrival order of the delivery; null when deduped. */
  arrival: number | null;
  deduped?: true;
  /** For a run that ended before the answer: its output as JSON. */
  output?: unknown;
}

export type FireScheduleResponse = Accepted & { schedule: string };
