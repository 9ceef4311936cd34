// Building an HTTP request from a request map (a step config merged over its template, or a
// notification channel): the connection slot's base URL and auth from its binding, `:url`,
// `:path`, `:query`, `:headers`, `:json`, `:form`, `:body`, and a stable Idempotency-Key.

import { printValue, valueToJson } from '../edn/printer';
import { strOf } from '../interp/index';
import type { Value } from '../edn/values';
import { entries, kget, kstr, nameOf } from '../run/data';
import type { RequestSpec } from './transport';
import type { StepContext, StepError } from './types';

export interface BuiltRequest {
  spec: RequestSpec;
  /** The connection-level mock, if the slot is bound to one. */
  connectionMock: Value | undefined;
  /** A header carrying a secret (api-key auth), for redaction. */
  authHeader: string | null;
}

function joinUrl(base: string, path: string | null): string {
  if (!path) return base;
  return base.replace(/\/+$/, '') + (path.startsWith('/') ? path : '/' + path);
}

/** A query, header or form value as text: a keyword's name, else flow code's own `str` (an instant as ISO text). */
function textOf(v: Value): string {
  return typeof v === 'string' ? v : nameOf(v) ?? strOf(v);
}

/** `stepMocked`: the step itself is mocked, so a missing binding is no error. */
export function buildRequest(ctx: StepContext, req: Value, purpose: string, stepMocked: boolean): BuiltRequest | { error: StepError } {
  const connection = nameOf(kget(req, 'connection'));
  const explicitUrl = kstr(req, 'url');
  const path = kstr(req, 'path');
  const headers: Record<string, string> = {};
  let base = explicitUrl;
  let connectionMock: Value | undefined;
  let authHeader: string | null = null;
  if (connection !== null && explicitUrl === null) {
    const b = ctx.binding(connection);
    if ('missing' in b) {
      if (!stepMocked) return { error: { message: `${b.missing}${purpose === 'step' ? `, or mock the step: :mocks {:${ctx.stepId} {:status 200 :body {...}}}` : ''}`, code: 'no-binding' } };
      base = `http://${connection}.mock.invalid`;
    } else {
      connectionMock = b.mock;
      base = b.baseUrl ?? `http://${connection}.mock.invalid`;
      Object.assign(headers, b.headers);
      const auth = b.auth;
      if (auth?.type === 'bearer' && auth.token) headers['authorization'] = `Bearer ${auth.token}`;
      else if (auth?.type === 'api-key' && auth.token) {
        authHeader = auth.header ?? 'X-API-Key';
        headers[authHeader.toLowerCase()] = auth.token;
      } else if (auth?.type === 'basic' && auth.username !== undefined) {
        const encoded = Buffer.from(`${auth.username}:${auth.password ?? auth.token ?? ''}`).toString('base64');
        ctx.redactor.add(encoded);
        headers['authorization'] = 'Basic ' + encoded;
      }
    }
  }
  if (base === null) return { error: { message: `the request has neither :connection nor :url`, code: 'no-target' } };
  // Step-level auth through a secret ref: `:auth {:type :bearer :secret-ref :api-token}`.
  const stepAuth = kget(req, 'auth');
  const secretRef = nameOf(kget(stepAuth, 'secret-ref'));
  if (secretRef !== null) {
    const b = ctx.binding(secretRef);
    const secret = 'missing' in b ? null : (b.value ?? b.auth?.token ?? null);
    if (secret === null && !stepMocked) return { error: { message: `:auth reads secret :${secretRef}, which has no value: bind it, e.g. :bindings {:${secretRef} {:value #env "SECRET"}}`, code: 'no-binding' } };
    if (secret !== null) {
      const type = kstr(stepAuth, 'type');
      if (type === 'api-key') {
        authHeader = kstr(stepAuth, 'header') ?? 'X-API-Key';
        headers[authHeader.toLowerCase()] = secret;
      } else headers['authorization'] = `Bearer ${secret}`;
    }
  }
  let url = joinUrl(base, explicitUrl === null ? path : null);
  const query = entries(kget(req, 'query'));
  if (query.length > 0) {
    const params = new URLSearchParams();
    for (const [k, v] of query) if (v !== null) params.append(k, textOf(v));
    url += (url.includes('?') ? '&' : '?') + params.toString();
  }
  for (const [k, v] of entries(kget(req, 'headers'))) if (v !== null) headers[k.toLowerCase()] = textOf(v);
  let body: string | null = null;
  const json = kget(req, 'json');
  const form = kget(req, 'form');
  const raw = kget(req, 'body');
  const fromRef = kget(req, 'body-from-ref');
  let bytes: Uint8Array | null = null;
  if (fromRef !== undefined) {
    const blob = blobForRef(ctx, fromRef);
    if ('error' in blob) return blob;
    bytes = blob.content;
    headers['content-type'] ??= blob.contentType;
  }
  if (bytes !== null) {
    // sent as stored, byte for byte
  } else if (json !== undefined) {
    body = JSON.stringify(valueToJson(json));
    headers['content-type'] ??= 'application/json';
  } else if (form !== undefined) {
    const params = new URLSearchParams();
    for (const [k, v] of entries(form)) if (v !== null) params.append(k, textOf(v));
    body = params.toString();
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
  } else if (raw !== undefined && raw !== null) {
    if (typeof raw === 'string') {
      body = raw;
      headers['content-type'] ??= 'text/plain; charset=utf-8';
    } else {
      body = JSON.stringify(valueToJson(raw));
      headers['content-type'] ??= 'application/json';
    }
  }
  headers['idempotency-key'] = ctx.idempotencyKey + (purpose === 'step' ? '' : ':' + purpose);
  const method = (nameOf(kget(req, 'method')) ?? (body !== null || bytes !== null ? 'post' : 'get')).toLowerCase();
  return { spec: { method, url, headers, body: bytes ?? body, responseAs: kstr(req, 'response-as') ?? 'auto', purpose }, connectionMock, authHeader };
}

/** The `res://` uri a `:body-from-ref` value names: a ref map, its `:uri`, or a persisted step's whole result. */
export function refUri(v: Value): string | null {
  if (typeof v === 'string') return v.startsWith('res://') ? v : null;
  const blobRef = kget(v, 'blob-ref');
  if (blobRef !== undefined && blobRef !== null) return refUri(blobRef);
  const uri = kstr(v, 'uri') ?? kstr(v, 'resource-uri') ?? kstr(v, 'ref');
  return uri !== null && uri.startsWith('res://') ? uri : null;
}

/** The stored blob a `:body-from-ref` names, or the step error that says why there is none. */
function blobForRef(ctx: StepContext, v: Value): { content: Uint8Array; contentType: string } | { error: StepError } {
  const uri = refUri(v);
  if (uri === null) {
    const shown = printValue(v);
    return { error: { message: `:body-from-ref needs a blob ref (a persisted step's result, its :blob-ref, or its res:// :uri), got ${shown.length > 80 ? shown.slice(0, 80) + '…' : shown}`, code: 'bad-ref' } };
  }
  const blob = ctx.store.getBlob(uri);
  if (blob === undefined) return { error: { message: `:body-from-ref names ${uri}, which is not stored: persist the step that produces it with :persist {:type :blob}, in this run`, code: 'missing-ref' } };
  return { content: blob.content, contentType: blob.contentType };
}
