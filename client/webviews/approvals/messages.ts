// The messages between the Approvals view's host (client/runs/approvals) and its page, typed
// once here and checked on arrival by both sides: the page is a browser page, so whatever
// arrives is data to validate. Imports only the shape checks, so the page bundle can include it.

import { has, isBoolean, isMessage, isNumber, isObject, isString, type Shape } from '../shapes';

/** A key the flow reads off the wait's result: a field of the Complete form. */
export interface PayloadField {
  /** Keys from the result's root, e.g. `["payload", "amount"]`. */
  path: string[];
  /** Keyword (`:amount`) or string key, as the flow reads it. */
  keyword: boolean;
}

/** The notification the wait step sent (its `request` event), secrets already masked. */
export interface SentNotification {
  method: string;
  url: string;
  /** The HTTP answer, or null when it was not sent. */
  status: number | null;
  mocked: boolean;
  /** A subject or title found in a JSON body, when there is one. */
  subject: string | null;
  /** Readable text lines from the body (JSON string values), else the raw body. */
  text: string | null;
}

/** One pending wait, whoever started its run. */
export interface PendingWait {
  /** The store it lives in (its file path): the host's key for the run service. */
  store: string;
  waitId: string;
  runId: string;
  flow: string;
  flowPath: string | null;
  stepId: string;
  stepKey: string;
  key: string;
  createdAt: number;
  expiresAt: number | null;
  /** The run's clock when the snapshot was taken: a virtual clock stands still between resumes. */
  clock: { virtual: boolean; now: number };
  notification: SentNotification | null;
  fields: PayloadField[];
}

export type ResolveAction = 'approve' | 'reject' | 'complete' | 'timeout';

/** Host -> page. */
export type ToPage =
  /** Every pending wait now (sent on ready and after each store change that touches waits). */
  | { type: 'waits'; waits: PendingWait[]; sentAt: number }
  /** The outcome of a resolve request: `ok` false carries the reason (already resolved, bad payload...). */
  | { type: 'answer'; requestId: number; waitId: string; ok: boolean; message: string; reason: string | null }
  /** A wait shown here was resolved by someone else (another process, a link, its timeout). */
  | { type: 'notice'; waitId: string; message: string };

/** What a Complete carries: the form's fields (EDN text each, by path joined with `.`) or a raw value. */
export type CompletePayload = { kind: 'form'; fields: Record<string, string> } | { kind: 'raw'; format: 'edn' | 'json'; text: string };

/** Page -> host. */
export type FromPage =
  | { type: 'ready' }
  | { type: 'resolve'; requestId: number; store: string; runId: string; waitId: string; action: ResolveAction; reason: string | null; payload: CompletePayload | null }
  /** Show the run in the Runs view / its flow in an editor. */
  | { type: 'openRun'; store: string; runId: string };

const nullable = (check: (v: unknown) => boolean) => (v: unknown) => v === null || check(v);
const actions = new Set<unknown>(['approve', 'reject', 'complete', 'timeout']);

const isField = (v: unknown) => isObject(v) && Array.isArray(v.path) && v.path.length > 0 && v.path.every(isString) && isBoolean(v.keyword);
const isNotification = (v: unknown) => isObject(v) && has(v, { method: isString, url: isString, status: nullable(isNumber), mocked: isBoolean, subject: nullable(isString), text: nullable(isString) });

export function isPendingWait(v: unknown): v is PendingWait {
  return (
    isObject(v) &&
    has(v, {
      store: isString, waitId: isString, runId: isString, flow: isString, flowPath: nullable(isString), stepId: isString, stepKey: isString, key: isString,
      createdAt: isNumber, expiresAt: nullable(isNumber),
      clock: (c) => isObject(c) && isBoolean(c.virtual) && isNumber(c.now),
      notification: nullable(isNotification),
      fields: (f) => Array.isArray(f) && f.every(isField),
    })
  );
}

const isPayload = (v: unknown) =>
  isObject(v) &&
  ((v.kind === 'form' && isObject(v.fields) && Object.values(v.fields).every(isString)) || (v.kind === 'raw' && (v.format === 'edn' || v.format === 'json') && isString(v.text)));

const toPageShapes: Record<ToPage['type'], Shape> = {
  waits: { waits: (w) => Array.isArray(w) && w.every(isPendingWait), sentAt: isNumber },
  answer: { requestId: isNumber, waitId: isString, ok: isBoolean, message: isString, reason: nullable(isString) },
  notice: { waitId: isString, message: isString },
};

const fromPageShapes: Record<FromPage['type'], Shape> = {
  ready: {},
  resolve: { requestId: isNumber, store: isString, runId: isString, waitId: isString, action: (a) => actions.has(a), reason: nullable(isString), payload: nullable(isPayload) },
  openRun: { store: isString, runId: isString },
};

/** A message the page may act on. */
export function isToPage(v: unknown): v is ToPage {
  return isMessage<ToPage>(toPageShapes, v);
}

/** A message the host may act on. */
export function isFromPage(v: unknown): v is FromPage {
  return isMessage<FromPage>(fromPageShapes, v);
}

/** A field's key in `CompletePayload.fields`. */
export const fieldKey = (f: PayloadField): string => f.path.join('.');
