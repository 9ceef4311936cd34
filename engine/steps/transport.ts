// Sending one HTTP request, for real or through a mock, the same way: a mocked response is
// encoded as the wire would carry it and parsed back like a real one (so `:high` in a mock
// arrives as "high"), and every request is recorded as an event with secrets redacted.

import { List, Map as IMap } from 'immutable';
import { nodeToValue } from '../edn/convert';
import { printValue, valueToJson } from '../edn/printer';
import { readEdn } from '../edn/reader';
import type { Value } from '../edn/values';
import { jsonToValue } from '../run/codec';
import { kget, kmap, knum, entries } from '../run/data';
import { parseRetryAfter } from '../run/retry';
import type { AttemptResult, StepContext } from './types';

export interface RequestSpec {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** Text, or bytes sent as they are (`:body-from-ref`). */
  body: string | Uint8Array | null;
  /** `:auto :json :text :edn :bytes`. */
  responseAs: string;
  /** Why it is sent: `step`, `notification`. */
  purpose: string;
}

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const sensitiveHeaders = /^(authorization|proxy-authorization|x-api-key|api-key|cookie|set-cookie)$/i;

function redactHeaders(ctx: StepContext, headers: Record<string, string>, authHeader: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    out[k] = sensitiveHeaders.test(k) || (authHeader !== null && k.toLowerCase() === authHeader.toLowerCase()) ? (k.toLowerCase() === 'authorization' ? v.split(' ')[0] + ' ***' : '***') : ctx.redactor.text(v);
  }
  return out;
}

/** A request body as recorded: text (redacted, cut at 4 KB), or a note for bytes that are not UTF-8. */
function loggedBody(ctx: StepContext, body: string | Uint8Array | null): string | null {
  if (body === null) return null;
  let text: string;
  if (typeof body === 'string') text = body;
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    } catch {
      return `<${body.length} bytes>`;
    }
  }
  return ctx.redactor.text(text.length > 4096 ? text.slice(0, 4096) + '…' : text);
}

/** A response as recorded: sensitive headers as `***`, body redacted and cut at 4 KB. */
function loggedResponse(ctx: StepContext, res: WireResponse): { status: number; headers: Record<string, string>; body: string } {
  return { status: res.status, headers: redactHeaders(ctx, res.headers, null), body: loggedBody(ctx, res.body) ?? '' };
}

/** A mock response: `{:status :headers :body}`, or a vector of them, one per attempt (the last repeats). */
export function mockFor(mock: Value | undefined, attempt: number): Value | undefined {
  if (mock === undefined || mock === null) return undefined;
  if (List.isList(mock)) {
    const list = mock as List<Value>;
    return list.size === 0 ? undefined : list.get(Math.min(attempt - 1, list.size - 1));
  }
  return mock;
}

/** Encodes a mock response the way the wire would carry it. */
function mockToWire(mock: Value): WireResponse {
  const status = knum(mock, 'status') ?? 200;
  const headers: Record<string, string> = {};
  for (const [k, v] of entries(kget(mock, 'headers'))) headers[k.toLowerCase()] = typeof v === 'string' ? v : printValue(v);
  const body = kget(mock, 'body');
  let text = '';
  if (typeof body === 'string') {
    text = body;
    headers['content-type'] ??= 'text/plain; charset=utf-8';
  } else if (body !== undefined && body !== null) {
    const type = headers['content-type'] ?? 'application/json';
    headers['content-type'] = type;
    text = /edn/.test(type) ? printValue(body) : JSON.stringify(valueToJson(body));
  }
  return { status, headers, body: text };
}

/** Parses a response body by `:response-as` (`:auto` follows the Content-Type). */
export function parseBody(res: WireResponse, responseAs: string): Value {
  const type = res.headers['content-type'] ?? '';
  const as = responseAs === 'auto' ? (/json/.test(type) ? 'json' : /edn/.test(type) ? 'edn' : 'text') : responseAs;
  if (res.body === '') return null;
  if (as === 'json') {
    try {
      return jsonToValue(JSON.parse(res.body));
    } catch {
      return res.body;
    }
  }
  if (as === 'edn') {
    const parsed = readEdn(res.body);
    return parsed.findings.length === 0 && parsed.forms.length === 1 ? nodeToValue(parsed.forms[0]!) : res.body;
  }
  if (as === 'bytes') return Buffer.from(res.body, 'utf8').toString('base64');
  return res.body;
}

export function responseValue(res: WireResponse, responseAs: string): Value {
  const headers = IMap(Object.entries(res.headers).map(([k, v]) => [k, v] as [Value, Value]));
  return kmap({ status: res.status, headers, body: parseBody(res, responseAs) });
}

/**
 * Sends a request (or answers it from `mock`) and classifies the outcome: 2xx ok; 429/5xx,
 * network errors and timeouts retryable; other 4xx not.
 */
export async function send(ctx: StepContext, req: RequestSpec, mock: Value | undefined, authHeader: string | null): Promise<{ res: WireResponse } | Extract<AttemptResult, { kind: 'error' }>> {
  const logged = { purpose: req.purpose, method: req.method.toUpperCase(), url: ctx.redactor.text(req.url), headers: redactHeaders(ctx, req.headers, authHeader), body: loggedBody(ctx, req.body) };
  let res: WireResponse;
  const m = mockFor(mock, ctx.attempt);
  if (m !== undefined) {
    res = mockToWire(m);
    ctx.emit({ type: 'request', stepKey: ctx.stepKey, ...logged, mocked: true, status: res.status, attempt: ctx.attempt, response: loggedResponse(ctx, res) });
  } else {
    const controller = new AbortController();
    const timeoutMs = ctx.timeoutMs ?? 30_000;
    const timer = setTimeout(() => controller.abort(new Error('timeout')), timeoutMs);
    try {
      const r = await fetch(req.url, { method: req.method.toUpperCase(), headers: req.headers, body: req.body ?? undefined, signal: controller.signal });
      const headers: Record<string, string> = {};
      r.headers.forEach((v, k) => (headers[k.toLowerCase()] = v));
      res = { status: r.status, headers, body: await r.text() };
      ctx.emit({ type: 'request', stepKey: ctx.stepKey, ...logged, mocked: false, status: res.status, attempt: ctx.attempt, response: loggedResponse(ctx, res) });
    } catch (e) {
      const timedOut = controller.signal.aborted;
      const cause = e instanceof Error ? ((e.cause as Error | undefined)?.message ?? e.message) : String(e);
      const message = timedOut ? `${logged.method} ${logged.url} timed out after ${timeoutMs / 1000}s` : `${logged.method} ${logged.url} failed: ${cause}`;
      ctx.emit({ type: 'request', stepKey: ctx.stepKey, ...logged, mocked: false, status: null, error: message, attempt: ctx.attempt });
      return { kind: 'error', error: { message, code: timedOut ? 'timeout' : 'network' }, retryable: true };
    } finally {
      clearTimeout(timer);
    }
  }
  if (res.status >= 200 && res.status < 300) return { res };
  const retryable = res.status === 429 || res.status >= 500;
  const retryAfterMs = parseRetryAfter(res.headers['retry-after'], ctx.clock.now());
  const body = ctx.redactor.text(res.body.length > 500 ? res.body.slice(0, 500) + '…' : res.body);
  return {
    kind: 'error',
    error: { message: `${logged.method} ${logged.url} answered ${res.status}${body ? `: ${body}` : ''}`, code: 'http-status', status: res.status, body },
    retryable,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  };
}
