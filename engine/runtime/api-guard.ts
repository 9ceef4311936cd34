// Who may call the local JSON API: a page in the user's browser is assumed hostile. Requests
// must come from this machine, name a loopback Host (or the configured public host: DNS
// rebinding), not come from another origin (CSRF), and state-changing calls must carry the
// API token that `serve` writes beside the store (mode 0600) for the CLI and the extension.

import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { RefusalReason } from './api-types';
import { isLoopback } from './http-util';

/** The header that carries the API token (`Authorization: Bearer TOKEN` works too). */
export const API_TOKEN_HEADER = 'x-flow-edn-token';

export function newApiToken(): string {
  return randomBytes(32).toString('hex');
}

export function apiTokenPath(storePath: string): string {
  return `${storePath}.api-token`;
}

/** Writes the token readable by this user only. */
export function writeApiToken(storePath: string, token: string): void {
  const path = apiTokenPath(storePath);
  writeFileSync(path, token + '\n', { mode: 0o600 });
  chmodSync(path, 0o600);
}

/** The token of the server serving this store, or null when there is none. */
export function readApiToken(storePath: string): string | null {
  try {
    const token = readFileSync(apiTokenPath(storePath), 'utf8').trim();
    return token === '' ? null : token;
  } catch {
    return null;
  }
}

export interface ApiRefusal {
  status: number;
  reason: RefusalReason;
  message: string;
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** `host[:port]` -> the host name, lower case (`[::1]:8787` -> `[::1]`). */
function hostName(hostHeader: string): string {
  const h = hostHeader.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.indexOf(':');
  return colon < 0 ? h : h.slice(0, colon);
}

function allowedHost(name: string, publicHost: string | null): boolean {
  return LOOPBACK_NAMES.has(name) || /^127(\.\d{1,3}){3}$/.test(name) || (publicHost !== null && name === publicHost);
}

function sameToken(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Why a JSON API request is refused, or null when it may go on. */
export function guardApi(req: IncomingMessage, token: string, publicUrl: string): ApiRefusal | null {
  if (!isLoopback(req.socket.remoteAddress)) return { status: 403, reason: 'forbidden', message: 'the JSON API answers clients on this machine only' };
  let publicHost: string | null = null;
  try {
    publicHost = publicUrl ? new URL(publicUrl).host.toLowerCase() : null;
  } catch {
    publicHost = null;
  }
  const publicName = publicHost === null ? null : hostName(publicHost);
  const host = req.headers.host;
  if (host === undefined || !allowedHost(hostName(host), publicName)) {
    return { status: 403, reason: 'forbidden', message: `the JSON API answers requests addressed to this machine only, not to Host ${JSON.stringify(host ?? '')}` };
  }
  const origin = req.headers.origin;
  if (origin !== undefined) {
    let originHost: string | null = null;
    try {
      const u = new URL(origin);
      originHost = u.protocol === 'http:' || u.protocol === 'https:' ? u.host.toLowerCase() : null;
    } catch {
      originHost = null;
    }
    if (originHost === null || originHost !== host.trim().toLowerCase()) {
      return { status: 403, reason: 'forbidden', message: `cross-origin requests to the JSON API are refused (Origin ${JSON.stringify(origin)})` };
    }
  }
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') return { status: 403, reason: 'forbidden', message: `cross-site requests to the JSON API are refused (Sec-Fetch-Site ${site})` };
  const method = req.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') {
    const header = req.headers[API_TOKEN_HEADER];
    const auth = req.headers.authorization;
    const given = typeof header === 'string' ? header.trim() : auth !== undefined && /^Bearer\s+/i.test(auth) ? auth.replace(/^Bearer\s+/i, '').trim() : null;
    if (given === null) return { status: 401, reason: 'unauthorized', message: `${method} calls to the JSON API need the API token (header ${API_TOKEN_HEADER}); flow-edn serve writes it beside the store, in <store>.api-token` };
    if (!sameToken(given, token)) return { status: 401, reason: 'unauthorized', message: 'wrong API token; read it again from <store>.api-token (it changes each time serve starts)' };
  }
  return null;
}
