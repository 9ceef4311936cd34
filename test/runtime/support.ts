// Helpers for runtime tests: flows written to a temp folder, an in-process runtime served
// over real HTTP on 127.0.0.1, its events recorded and awaited (never fixed sleeps), and a
// small HTTP client.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RuntimeClock } from '../../engine/runtime/clock';
import type { RuntimeEvent } from '../../engine/runtime/events';
import { Runtime, type RuntimeOptions } from '../../engine/runtime/local-runtime';
import { RuntimeServer } from '../../engine/runtime/server';
import { openStore } from '../../engine/store/index';
import type { RunStore } from '../../engine/store/port';

export function tempDir(prefix = 'flow-edn-rt-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function write(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

export interface Served {
  rt: Runtime;
  server: RuntimeServer;
  url: string;
  store: RunStore;
  dir: string;
  events: RuntimeEvent[];
  log: string[];
  /** Headers a state-changing API call needs (the server's API token). */
  api: Record<string, string>;
  /** Resolves with the first event (already seen from `from`, or later) that matches. */
  waitFor<E extends RuntimeEvent>(match: (e: RuntimeEvent) => e is E, what?: string, from?: number, timeoutMs?: number): Promise<E>;
  waitFor(match: (e: RuntimeEvent) => boolean, what?: string, from?: number, timeoutMs?: number): Promise<RuntimeEvent>;
  /** How many runs exist plus how many are queued. */
  runCount(): number;
  close(): Promise<void>;
}

export async function serve(dir: string, options: Partial<RuntimeOptions> & { clock?: RuntimeClock; db?: string } = {}): Promise<Served> {
  const store = openStore(options.db ?? join(dir, '.flow-edn', 'runs.db'));
  const events: RuntimeEvent[] = [];
  const log: string[] = [];
  const waiters: { match: (e: RuntimeEvent) => boolean; resolve: (e: RuntimeEvent) => void }[] = [];
  const rt = new Runtime({ store, paths: [dir], env: {}, watch: false, reconcileMs: 0, user: 'tester', log: (l) => log.push(l), ...options });
  rt.on((e) => {
    events.push(e);
    for (const w of [...waiters]) if (w.match(e)) (waiters.splice(waiters.indexOf(w), 1), w.resolve(e));
  });
  const server = new RuntimeServer(rt);
  const url = await server.listen(0, '127.0.0.1');
  rt.setPublicUrl(url);
  await rt.start();
  const waitFor = (match: (e: RuntimeEvent) => boolean, what = 'event', from = 0, timeoutMs = 15_000): Promise<RuntimeEvent> => {
    const seen = events.slice(from).find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`timed out waiting for ${what}; log:\n${log.slice(-15).join('\n')}`)), timeoutMs);
      waiters.push({ match, resolve: (e) => (clearTimeout(t), resolve(e)) });
    });
  };
  return {
    rt,
    server,
    url,
    store,
    dir,
    events,
    log,
    api: { 'x-flow-edn-token': rt.apiToken },
    waitFor: waitFor as Served['waitFor'],
    runCount: () => store.listRuns().length + store.queuedRuns().length,
    close: async () => {
      await server.close();
      await rt.stop();
      store.close();
    },
  };
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
}

/** One HTTP request with node:http (no connection reuse between tests). */
export function http(method: string, url: string, body: Buffer | string | null = null, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { ...(body !== null ? { 'content-length': String(Buffer.byteLength(body)) } : {}), ...headers }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown = undefined;
        try {
          json = JSON.parse(text);
        } catch {
          // not JSON
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    if (body !== null) req.end(body);
    else req.end();
  });
}

export const postJson = (url: string, value: unknown, headers: Record<string, string> = {}) => http('POST', url, JSON.stringify(value), { 'content-type': 'application/json', ...headers });

/** Keyed flow text around a body, with extra top-level entries. */
export function keyedFlow(slug: string, body: string, extra = '', concurrency = `{:type :keyed :key-field :k :on-new-version :supersede}`): string {
  return `{:slug :${slug} :name "${slug}"
 :concurrency ${concurrency}
 ${extra}
 :flow '${body}}`;
}
