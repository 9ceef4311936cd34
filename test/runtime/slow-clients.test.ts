// Slow clients are cut off (issue 10, slow-client handling in serve): a client that sends its
// headers, or its body, a byte at a time is disconnected after a bounded time instead of
// holding the connection forever; a normal request on another connection is served meanwhile.

import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { after, before, test } from 'node:test';
import { Runtime } from '../../engine/runtime/local-runtime';
import { RuntimeServer } from '../../engine/runtime/server';
import { openStore } from '../../engine/store/index';
import { http, tempDir, write } from './support';

const HEADERS_MS = 400;
const REQUEST_MS = 1200;
let rt: Runtime;
let server: RuntimeServer;
let url: URL;

before(async () => {
  const dir = tempDir();
  write(dir, 'p.flow.edn', `{:slug :p :name "P"
 :concurrency {:type :singleton :on-new-version :supersede}
 :triggers [{:type :event :label "In" :config {:source :webhook :path "/in/p" :auth {:type :api-key :secret-ref :key}}}]
 :flow '(flow/input)}`);
  write(dir, 'p.sim.edn', '{:bindings {:key {:value "k-1"}}}');
  rt = new Runtime({ store: openStore(':memory:'), paths: [dir], env: {}, watch: false, reconcileMs: 0, lock: false });
  server = new RuntimeServer(rt, { headersMs: HEADERS_MS, requestMs: REQUEST_MS });
  url = new URL(await server.listen(0, '127.0.0.1'));
  rt.setPublicUrl(url.origin);
  await rt.start();
});
after(async () => {
  await server.close();
  await rt.stop();
});

/** Sends `text` one byte every `everyMs` until the server closes; resolves with how long that took and what came back. */
function trickle(text: string, everyMs: number, limitMs = 15_000): Promise<{ ms: number; answer: string; closed: boolean }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    let answer = '';
    let i = 0;
    let timer: NodeJS.Timeout;
    const socket: Socket = connect(Number(url.port), url.hostname, () => {
      timer = setInterval(() => {
        if (i < text.length && socket.writable) socket.write(text[i++]!);
      }, everyMs);
    });
    const giveUp = setTimeout(() => finish(false), limitMs);
    const finish = (closed: boolean) => {
      clearInterval(timer);
      clearTimeout(giveUp);
      socket.destroy();
      resolve({ ms: performance.now() - t0, answer, closed });
    };
    socket.on('data', (c: Buffer) => (answer += c.toString('utf8')));
    socket.on('close', () => finish(true));
    socket.on('error', () => undefined);
  });
}

test('headers sent a byte at a time: cut off within the headers bound', async () => {
  const head = `POST /in/p HTTP/1.1\r\nHost: ${url.host}\r\nX-API-Key: k-1\r\nContent-Type: application/json\r\nX-Padding: ${'p'.repeat(400)}\r\n\r\n`;
  const slow = trickle(head, 20);
  // Meanwhile the server answers others.
  assert.equal((await http('GET', `${url.origin}/api/health`)).status, 200);
  const r = await slow;
  assert.ok(r.closed, 'the server closed the connection');
  assert.ok(r.ms < HEADERS_MS + 2000, `cut off after ${r.ms.toFixed(0)} ms`);
  assert.match(r.answer, /^HTTP\/1\.1 408/);
});

test('a body sent a byte at a time: cut off within the request bound, and no run starts', async () => {
  const body = JSON.stringify({ k: 'x'.repeat(400) });
  const head = `POST /in/p HTTP/1.1\r\nHost: ${url.host}\r\nX-API-Key: k-1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
  const socket = connect(Number(url.port), url.hostname);
  await new Promise<void>((r) => socket.once('connect', () => r()));
  socket.write(head);
  const t0 = performance.now();
  let i = 0;
  const timer = setInterval(() => socket.writable && i < body.length && socket.write(body[i++]!), 20);
  const closedAfter = await new Promise<number>((resolve) => {
    const giveUp = setTimeout(() => resolve(Infinity), 15_000);
    socket.on('close', () => (clearTimeout(giveUp), resolve(performance.now() - t0)));
    socket.on('error', () => undefined);
    socket.resume();
  });
  clearInterval(timer);
  socket.destroy();
  assert.ok(closedAfter < REQUEST_MS + 2000, `cut off after ${closedAfter.toFixed(0)} ms`);
  assert.equal(rt.store.listRuns().length, 0);
});
