// One webhook delivery, from the request to its answer: method, size limits, authentication
// (spec §5.5), payload parsing, replay and concurrency admission. Every refusal says why and
// starts no run; an accepted delivery answers 202 with its run id, or, when the run finishes
// in time and returns `{:status <int> :headers .. :body ..}`, with that response.

import { validateHeaderName, validateHeaderValue, type IncomingMessage, type ServerResponse } from 'node:http';
import { Map as IMap } from 'immutable';
import { valueToJson } from '../edn/printer';
import { Keyword, type Value } from '../edn/values';
import { decodeValue } from '../run/codec';
import { entries, kget } from '../run/data';
import { newRunId } from '../run/runner';
import type { RunRecord } from '../store/port';
import type { Accepted } from './api-types';
import type { WebhookAuth } from './auth-config';
import type { WebhookEndpoint } from './entry-points';
import { refuse, sendJson } from './http-util';
import { mediaType, parsePayload, readBody } from './payload';
import { sha256Hex, type Runtime } from './local-runtime';

/** What a webhook delivery touches: a narrow view of the Runtime. */
export type WebhookContext = Pick<Runtime, 'admit' | 'clock' | 'env' | 'flows' | 'limits' | 'log' | 'store' | 'emit'>;
import { resolveSecret } from './secrets';
import { verifyDelivery } from './verify';

export async function handleWebhook(rt: WebhookContext, endpoint: WebhookEndpoint, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const path = url.pathname;
  if (req.method !== 'POST') return refuse(rt, req, res, 405, 'method-not-allowed', `${req.method} is not allowed on webhook ${path}; send POST`, { allow: 'POST' });
  const flow = rt.flows.get(endpoint.flow);
  if (flow === undefined) return refuse(rt, req, res, 404, 'not-found', `no flow serves ${path}`);
  const read = await readBody(req, rt.limits.body);
  if ('status' in read) {
    // Answer now and drop the rest of an oversized upload.
    refuse(rt, req, res, 413, 'too-large', read.reason, { connection: 'close' });
    req.resume();
    return;
  }
  const body = read.body;
  const auth = endpoint.auth;
  const signed = typeof auth !== 'string' && (auth.type === 'hmac-sha256' || auth.type === 'signature');
  if (signed && mediaType(req.headers['content-type']) === 'multipart/form-data' && body.length > rt.limits.signedMultipart) {
    return refuse(rt, req, res, 413, 'too-large', `signed multipart payload of ${body.length} bytes exceeds the limit of ${rt.limits.signedMultipart} bytes`);
  }
  const headers = flatHeaders(req);
  const secret = typeof auth === 'string' || auth.type === 'ip-allowlist' ? null : resolveSecret(auth.secretRef, flow.program, flow.sim, rt.env);
  const outcome = verifyDelivery(auth, secret, { headers, query: url.searchParams, body, socketAddress: req.socket.remoteAddress ?? '' }, rt.clock.now());
  if (!outcome.ok) {
    const reason = outcome.status === 403 ? 'forbidden' : outcome.status === 500 ? 'server-misconfigured' : 'unauthorized';
    return refuse(rt, req, res, outcome.status, reason, `webhook ${endpoint.id} of :${flow.slug}: ${outcome.reason}`);
  }
  const runId = newRunId();
  const payload = parsePayload(req.headers['content-type'], body, (field, i) => `res://webhooks/${runId}/${i}-${encodeURIComponent(field)}`);
  if ('status' in payload) return refuse(rt, req, res, payload.status, payload.status === 415 ? 'unsupported-media-type' : 'malformed', payload.reason);
  const result = rt.admit({
    flow,
    raw: payload.value,
    ctx: {
      endpoint: path,
      method: 'POST',
      ...(endpoint.eventName !== null ? { 'event-name': endpoint.eventName } : {}),
      headers: visibleHeaders(headers, auth),
      query: visibleQuery(url.searchParams, auth),
    },
    trigger: endpoint.trigger,
    source: 'webhook',
    payloadHash: sha256Hex(body),
    ...(outcome.replay ? { replay: { ...outcome.replay, endpoint: path } } : {}),
    files: payload.files,
    runId,
  });
  const accepted = (status: Accepted['status'], decision: Accepted['concurrencyDecision'], id: string, key: string | null, arrival: number | null, extra: Partial<Accepted> = {}): Accepted => ({
    runId: id,
    flow: flow.slug,
    status,
    concurrencyDecision: decision,
    concurrencyKey: key,
    arrival,
    ...extra,
  });
  switch (result.decision) {
    case 'refused':
      return refuse(rt, req, res, result.status, result.reason, result.message);
    case 'deduped': {
      const run = rt.store.getRun(result.runId);
      rt.log(`deduped delivery to ${path}: key ${JSON.stringify(result.key)} already has run ${result.runId} with the same payload`);
      return sendJson(res, 200, accepted(run?.status ?? 'queued', 'deduped', result.runId, result.key, null, { deduped: true }));
    }
    case 'queued':
      return sendJson(res, 202, accepted('queued', 'queued', result.runId, result.key, result.arrival));
    case 'started': {
      const run = await within(result.run!, rt.limits.responseTimeoutMs);
      const answer = run && run.status === 'completed' && run.output !== null ? responseMap(decodeValue(run.output)) : null;
      if (answer !== null) {
        if (answer.dropped.length > 0) rt.log(`run ${result.runId}: dropped headers from the flow's response: ${answer.dropped.join(', ')} (hop-by-hop, framing or not valid HTTP; the server frames the body)`);
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body);
        return;
      }
      const status = run?.status ?? rt.store.getRun(result.runId)?.status ?? 'running';
      const output = run?.status === 'completed' && run.output !== null ? { output: valueToJson(decodeValue(run.output)) } : {};
      return sendJson(res, 202, accepted(status, 'started', result.runId, result.key, result.arrival, output));
    }
  }
}

function within(p: Promise<RunRecord>, ms: number): Promise<RunRecord | null> {
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(null), ms);
    p.then(
      (run) => (clearTimeout(t), resolve(run)),
      () => (clearTimeout(t), resolve(null)),
    );
  });
}

function flatHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/** Headers the flow may read under `(get-in (flow/input) [:flow/ctx :headers ...])`: all but
 *  credentials (api keys, and signatures, which would otherwise land in journals and outputs). */
function visibleHeaders(headers: Record<string, string | undefined>, auth: WebhookAuth | string): Value {
  const hidden = new Set(['authorization', 'proxy-authorization', 'cookie']);
  if (typeof auth !== 'string' && auth.type === 'api-key') hidden.add(auth.header.toLowerCase());
  if (typeof auth !== 'string' && auth.type === 'hmac-sha256') hidden.add(auth.header.toLowerCase());
  if (typeof auth !== 'string' && auth.type === 'signature') hidden.add(auth.signatureHeader.toLowerCase());
  return IMap(
    Object.entries(headers)
      .filter(([k, v]) => v !== undefined && !hidden.has(k))
      .map(([k, v]) => [Keyword.of(k), v!] as [Value, Value]),
  );
}

/** Query parameters the flow may read: all but an api key sent in the query. */
function visibleQuery(query: URLSearchParams, auth: WebhookAuth | string): Value {
  const hidden = typeof auth !== 'string' && auth.type === 'api-key' && auth.location === 'query' ? auth.param : null;
  return IMap([...query].filter(([k]) => k !== hidden).map(([k, v]) => [Keyword.parse(k), v] as [Value, Value]));
}

/** Headers a flow may not set: hop-by-hop ones (RFC 9110 §7.6.1) and framing, which the
 *  server computes from the body it sends. */
const NOT_FROM_FLOW = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'content-length', 'host']);

function validHeader(name: string, value: string): boolean {
  try {
    validateHeaderName(name);
    validateHeaderValue(name, value);
    return true;
  } catch {
    return false;
  }
}

/** A flow output `{:status <int> :headers .. :body ..}` as an HTTP response; null for any other
 *  output. `dropped` names the headers it refused (hop-by-hop, framing, not valid HTTP). */
export function responseMap(output: Value): { status: number; headers: Record<string, string>; body: string; dropped: string[] } | null {
  const status = kget(output, 'status');
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 200 || status > 599) return null;
  const headers: Record<string, string> = {};
  const dropped: string[] = [];
  for (const [k, v] of entries(kget(output, 'headers'))) {
    if (typeof v !== 'string' && typeof v !== 'number') continue;
    const name = k.toLowerCase();
    if (NOT_FROM_FLOW.has(name) || !validHeader(name, String(v))) dropped.push(JSON.stringify(name));
    else headers[name] = String(v);
  }
  const body = kget(output, 'body');
  let text = '';
  if (typeof body === 'string') text = body;
  else if (body !== undefined && body !== null) {
    text = JSON.stringify(valueToJson(body));
    headers['content-type'] ??= 'application/json; charset=utf-8';
  }
  headers['content-length'] = String(Buffer.byteLength(text));
  return { status, headers, body: text, dropped };
}
