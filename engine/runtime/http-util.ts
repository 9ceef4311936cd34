// Small HTTP helpers the runtime's handlers share: JSON answers, refusals that say why (in
// the body and in the server's log, as a `refused` event), and content negotiation.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiError, RefusalReason } from './api-types';
import type { Runtime } from './local-runtime';

/** What a refusal reports to: a narrow view of the Runtime. */
export type RefusalContext = Pick<Runtime, 'emit' | 'log'>;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body, null, 2) + '\n';
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store', ...headers });
  res.end(text);
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'cache-control': 'no-store',
    // The pages are static text: no scripts, no outside resources.
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    'x-content-type-options': 'nosniff',
  });
  res.end(html);
}

/** Refuses a request: the reason goes in the body and in the server's log; no run starts. */
export function refuse(rt: RefusalContext, req: IncomingMessage, res: ServerResponse, status: number, reason: RefusalReason, message: string, headers: Record<string, string> = {}): void {
  const path = (req.url ?? '/').split('?')[0]!;
  rt.log(`refused ${req.method} ${path} ${status} ${reason}: ${message}`);
  rt.emit({ type: 'refused', path, status, reason, message });
  const body: ApiError = { error: { status, reason, message } };
  sendJson(res, status, body, headers);
}

/** A browser asks for HTML first; API clients (curl, fetch) do not. */
export function wantsHtml(req: IncomingMessage): boolean {
  const accept = req.headers.accept ?? '';
  return /text\/html/i.test(accept) && !/^application\/json/i.test(accept);
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Reads a small JSON request body (API calls); null for an empty body. */
export async function readJson(req: IncomingMessage, limit = 1024 * 1024): Promise<{ value: unknown } | { error: string }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > limit) return { error: `request body over ${limit} bytes` };
    chunks.push(c);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return { value: null };
  try {
    return { value: JSON.parse(text) };
  } catch (e) {
    return { error: `body is not valid JSON: ${(e as Error).message}` };
  }
}

export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}
