// Helpers for engine tests: a temp store, running flow text with simulation text, and a
// small HTTP server on 127.0.0.1 that records what it receives.

import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunEvent } from '../../engine/run/events';
import { loadProgram } from '../../engine/run/program';
import { runReport, type RunReport } from '../../engine/run/report';
import { startRun, type EngineOptions } from '../../engine/run/runner';
import { parseSimulation } from '../../engine/run/simulation';
import { openStore } from '../../engine/store/index';
import type { RunRecord, RunStore } from '../../engine/store/port';

export function tempStore(): RunStore {
  const dir = mkdtempSync(join(tmpdir(), 'flow-edn-run-'));
  return openStore(join(dir, 'runs.db'));
}

export interface Ran {
  run: RunRecord;
  report: RunReport;
  events: RunEvent[];
  store: RunStore;
  engine: EngineOptions;
}

export async function runFlow(flowText: string, simText = '{}', engine: Partial<EngineOptions> = {}): Promise<Ran> {
  const store = engine.store ?? tempStore();
  const program = loadProgram(flowText, 'test.flow.edn');
  const sim = parseSimulation(simText, 'test.sim.edn');
  const options: EngineOptions = { store, env: {}, user: 'tester', ...engine };
  const run = await startRun(program, sim, options);
  return { run, report: runReport(store, run.id), events: eventsOf(store, run.id), store, engine: options };
}

export function eventsOf(store: RunStore, runId: string): RunEvent[] {
  return store.events(runId).map((e) => JSON.parse(e.data) as RunEvent);
}

/** A minimal current-dialect flow around a body. */
export function flow(body: string, extra = ''): string {
  return `{:slug :t :name "T"
 :concurrency {:type :singleton :on-new-version :supersede}
 :invocations {:default {:inputs []}}
 :interfaces {:manual [{:id :run :invocation :default}]}
 ${extra}
 :flow '${body}}`;
}

export interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** The body exactly as received. */
  bytes: Buffer;
}

export interface TestServer {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

/** Starts an HTTP server on 127.0.0.1; `handle` answers each request (after it is recorded). */
export async function startServer(handle: (req: Received, res: ServerResponse) => unknown): Promise<TestServer> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const bytes = Buffer.concat(chunks);
      const r = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: bytes.toString('utf8'), bytes };
      received.push(r);
      void handle(r, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
