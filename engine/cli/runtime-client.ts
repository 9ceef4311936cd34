// Finding and calling a running `flow-edn serve` from the CLI: its URL from --url, else the
// store's serve lock (.flow-edn/runs.db.serve.json), else the default address; the API token
// from beside the store (.flow-edn/runs.db.api-token).

import { API_TOKEN_HEADER, readApiToken } from '../runtime/api-guard';
import { readServeLock } from '../runtime/lockfile';
import { DEFAULT_HOST, DEFAULT_PORT } from '../runtime/server';
import { defaultStorePath } from '../store/index';

export interface ServerUrl {
  base: string;
  /** Headers for state-changing API calls: the API token `serve` wrote beside the store. */
  auth: Record<string, string>;
  /** Where the URL came from, for messages. */
  from: 'flag' | 'lock' | 'default';
}

export function serverUrl(flag: string | undefined, db: string | undefined): ServerUrl {
  const store = db ?? defaultStorePath(process.cwd());
  const token = readApiToken(store);
  const auth: Record<string, string> = token === null ? {} : { [API_TOKEN_HEADER]: token };
  if (flag !== undefined) return { base: flag.replace(/\/+$/, ''), auth, from: 'flag' };
  const lock = readServeLock(store);
  if (lock?.url) return { base: lock.url, auth, from: 'lock' };
  return { base: `http://${DEFAULT_HOST}:${DEFAULT_PORT}`, auth, from: 'default' };
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  text: string;
  json: unknown;
}

/** Sends a request; throws with the network error's code (ECONNREFUSED, ...) when there is no answer. */
export async function send(method: string, url: string, headers: Record<string, string>, body: Buffer | string | null): Promise<HttpAnswer> {
  const res = await fetch(url, { method, headers, ...(body !== null ? { body } : {}) });
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON
  }
  const out: Record<string, string> = {};
  res.headers.forEach((v, k) => (out[k] = v));
  return { status: res.status, headers: out, text, json };
}

export function networkCode(e: unknown): string {
  const cause = (e as { cause?: { code?: string } }).cause;
  return cause?.code ?? (e as { code?: string }).code ?? (e as Error).message;
}
