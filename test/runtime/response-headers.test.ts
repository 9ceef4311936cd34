// A flow's response map becomes well-formed HTTP (issue 10 #14): hop-by-hop and framing
// headers from the flow (transfer-encoding, content-length, connection, upgrade, ...) are
// dropped and logged, the server frames the body itself; invalid header text is dropped too.

import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, test } from 'node:test';
import { postJson, serve, tempDir, write, type Served } from './support';

let s: Served;

before(async () => {
  const dir = tempDir();
  write(dir, 'r.flow.edn', `{:slug :r :name "R"
 :concurrency {:type :singleton :on-new-version :supersede}
 :triggers [{:type :event :label "In" :config {:source :webhook :path "/in/r" :auth {:type :api-key :secret-ref :key}}}]
 :flow '(let [in (flow/input)] {:status 200 :headers (:h in) :body (:b in)})}`);
  write(dir, 'r.sim.edn', '{:bindings {:key {:value "k-1"}}}');
  s = await serve(dir);
});
after(() => s.close());

/** The raw response head and body, as bytes on the wire. */
function raw(path: string, json: unknown): Promise<string> {
  const body = JSON.stringify(json);
  const u = new URL(s.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(u.port), u.hostname, () => {
      socket.end(`POST ${path} HTTP/1.1\r\nHost: ${u.host}\r\nContent-Type: application/json\r\nX-API-Key: k-1\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    });
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
  });
}

test('transfer-encoding, content-length and connection from a flow are dropped; the body is framed once', async () => {
  const text = await raw('/in/r', { h: { 'transfer-encoding': 'chunked', 'content-length': '999', connection: 'keep-alive, x-secret', upgrade: 'websocket', te: 'trailers', trailer: 'x', 'keep-alive': 'timeout=99', 'x-ok': 'yes' }, b: 'hello' });
  const [head, body] = text.split('\r\n\r\n');
  const lines = head!.toLowerCase().split('\r\n');
  assert.equal(lines.filter((l) => l.startsWith('transfer-encoding:')).length, 0, head);
  assert.deepEqual(lines.filter((l) => l.startsWith('content-length:')), ['content-length: 5'], head);
  for (const h of ['upgrade:', 'te:', 'trailer:', 'keep-alive: timeout=99', 'connection: keep-alive']) assert.ok(!lines.some((l) => l.startsWith(h)), `${h} in ${head}`);
  assert.ok(lines.includes('x-ok: yes'), head);
  assert.equal(body, 'hello');
  assert.ok(s.log.some((l) => /dropped headers from the flow's response: .*transfer-encoding/.test(l)), s.log.join('\n'));
});

test('header names or values that are not valid HTTP are dropped, not a 500', async () => {
  const a = await postJson(`${s.url}/in/r`, { h: { 'x-bad\r\nx-injected': '1', 'x-value': 'a\r\nx-injected: 2', 'x-fine': 'ok' }, b: 'body' }, { 'X-API-Key': 'k-1' });
  assert.equal(a.status, 200, a.text);
  assert.equal(a.headers['x-injected'], undefined);
  assert.equal(a.headers['x-fine'], 'ok');
  assert.equal(a.text, 'body');
});
