// Local runtime benchmark: signed webhooks accepted per second into durable runs (HMAC
// check, replay record, queue, a one-step run committed to a file store, the answer), and
// the time to verify and refuse a bad signature on a 64 KB body — each beside a bare
// node:http echo server measured in the same run, with the same client.

import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Runtime } from '../engine/runtime/local-runtime';
import { RuntimeServer } from '../engine/runtime/server';
import { openStore } from '../engine/store/index';

const SECRET = 'bench-secret';
const FLOW = `{:slug :bench-hooks :name "Bench hooks"
 :concurrency {:type :keyed :key-field :k :on-new-version :supersede}
 :triggers [{:type :event :label "In" :config {:source :webhook :path "/in" :auth {:type :hmac-sha256 :header "X-Signature" :secret-ref :whsec}}}]
 :flow '(let [in (flow/input)
              r (flow/step :function :total {:code "(fn [x] {:total (* 2 (:n x))})" :input {:n (:n in)}})]
          {:k (:k in) :total (:total r)})}`;

interface Sent {
  status: number;
  ms: number;
}

function post(agent: Agent, url: string, body: Buffer, headers: Record<string, string>): Promise<Sent> {
  const t0 = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': String(body.length), ...headers } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Sends `bodies` with `concurrency` requests in flight; returns requests per second and the answers. */
async function drive(url: string, bodies: Buffer[], headers: (b: Buffer) => Record<string, string>, concurrency: number): Promise<{ perSecond: number; answers: Sent[] }> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const answers: Sent[] = [];
  let next = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const b = bodies[next++]!;
        answers.push(await post(agent, url, b, headers(b)));
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  agent.destroy();
  return { perSecond: bodies.length / seconds, answers };
}

async function echoServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      res.writeHead(202, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ bytes: body.length }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const sign = (b: Buffer) => ({ 'X-Signature': createHmac('sha256', SECRET).update(b).digest('base64') });

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'flow-edn-bench-rt-'));
  writeFileSync(join(dir, 'hooks.flow.edn'), FLOW);
  writeFileSync(join(dir, 'hooks.sim.edn'), `{:bindings {:whsec {:value "${SECRET}"}}}`);
  const store = openStore(join(dir, 'runs.db'));
  const rt = new Runtime({ store, paths: [dir], watch: false, schedules: false, reconcileMs: 0, env: {} });
  const server = new RuntimeServer(rt);
  const url = await server.listen(0, '127.0.0.1');
  rt.setPublicUrl(url);
  await rt.start();
  const echo = await echoServer();
  try {
    const N = 3000;
    const concurrency = 16;
    // Every delivery a new key and body: no queueing, no replay.
    const bodies = (tag: string) => Array.from({ length: N }, (_, i) => Buffer.from(JSON.stringify({ k: `${tag}-${i}`, n: i, note: 'order updated' })));
    await drive(url + '/in', bodies('warm').slice(0, 300), sign, concurrency);
    await drive(echo.url, bodies('warm').slice(0, 300), sign, concurrency);
    const base = await drive(echo.url, bodies('echo'), sign, concurrency);
    const hooks = await drive(url + '/in', bodies('hook'), sign, concurrency);
    const accepted = hooks.answers.filter((a) => a.status === 202).length;
    const completed = store.listRuns({ flow: 'bench-hooks', status: 'completed' }).length;
    console.log(`signed webhooks -> durable runs: ${hooks.perSecond.toFixed(0)}/s (${accepted}/${N} accepted, ${completed} runs completed incl. warm-up; ${concurrency} in flight)`);
    console.log(`  bare node:http echo, same client:  ${base.perSecond.toFixed(0)}/s   ratio ${(hooks.perSecond / base.perSecond).toFixed(2)}x`);

    // A bad signature on a 64 KB body, one request at a time.
    const big = Buffer.from(JSON.stringify({ k: 'big', blob: 'x'.repeat(64 * 1024 - 20) }));
    const bad = { 'X-Signature': createHmac('sha256', 'wrong').update(big).digest('base64') };
    const M = 400;
    const refusals: number[] = [];
    const echoes: number[] = [];
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    for (let i = 0; i < M + 50; i++) {
      const r = await post(agent, url + '/in', big, bad);
      const e = await post(agent, echo.url, big, bad);
      if (r.status !== 401) throw new Error(`expected 401, got ${r.status}`);
      if (i >= 50) (refusals.push(r.ms), echoes.push(e.ms));
    }
    agent.destroy();
    const runsAfter = store.listRuns({ flow: 'bench-hooks' }).length;
    console.log(`bad signature on a 64 KB body, refused (401): median ${(median(refusals) * 1000).toFixed(0)} us per request (no run started: ${runsAfter === completed ? 'yes' : 'NO'})`);
    console.log(`  bare echo of the same 64 KB body:          median ${(median(echoes) * 1000).toFixed(0)} us   ratio ${(median(refusals) / median(echoes)).toFixed(2)}x`);
  } finally {
    await echo.close();
    await server.close();
    await rt.stop();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) void run();
