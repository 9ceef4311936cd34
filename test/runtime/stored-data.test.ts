// Stored data under `serve`: a delivery whose text looks like a workspace id or runs past
// 4,000 characters is data, not source (issue 10 #1); a store row the engine cannot read
// fails that run with a clear error and every other run goes on.

import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openStore } from '../../engine/store/index';
import { http, keyedFlow, serve, tempDir, write } from './support';

const sig = (b: string) => createHmac('sha256', 'sekret').update(b).digest('base64');

function signedFlow(dir: string): void {
  const triggers = `:triggers [{:type :event :label "Signed" :config {:source :webhook :path "/in/signed" :auth {:type :hmac-sha256 :header "X-Signature" :secret-ref :whsec}}}]`;
  write(dir, 'p.flow.edn', keyedFlow('p', `(let [in (flow/input)] {:k (:k in) :note (:note in) :n (count (str (:big in)))})`, triggers));
  write(dir, 'p.sim.edn', '{:bindings {:whsec {:value "sekret"}}}');
}

const send = (url: string, body: string) => http('POST', url + '/in/signed', body, { 'content-type': 'application/json', 'X-Signature': sig(body) });

test('a webhook carrying "ws-abc123" and a 5,000-character field runs to completion, and serve goes on', async () => {
  const dir = tempDir();
  signedFlow(dir);
  const s = await serve(dir);
  try {
    const body = JSON.stringify({ k: 'a', note: 'ws-abc123', big: 'x'.repeat(5000) });
    const a = await send(s.url, body);
    assert.equal(a.status, 202, a.text);
    const run = s.store.getRun(a.json.runId)!;
    assert.equal(run.status, 'completed', run.error ?? '');
    assert.match(run.output!, /:note "ws-abc123"/);
    assert.match(run.output!, /:n 5000/);
    const again = await send(s.url, JSON.stringify({ k: 'b', note: 'ws-zzz999' }));
    assert.equal(again.status, 202, again.text);
  } finally {
    await s.close();
  }
});

test('a queued row with unreadable input fails that run with a clear error; serve starts and other runs go on', async () => {
  const dir = tempDir();
  signedFlow(dir);
  const db = join(dir, '.flow-edn', 'runs.db');
  const seed = openStore(db);
  seed.enqueueRun({ runId: 'r-broken', flow: 'p', flowPath: join(dir, 'p.flow.edn'), concurrencyKey: 'z', trigger: 'webhook', input: '{:k "z" :note', payloadHash: null, sourceHash: 'old', arrivedAt: Date.now() });
  seed.close();
  const s = await serve(dir, { db });
  try {
    const failed = await s.waitFor((e) => e.type === 'run-settled' && e.runId === 'r-broken', 'the broken run to settle');
    assert.equal((failed as { status: string }).status, 'failed');
    const run = s.store.getRun('r-broken')!;
    assert.match(JSON.parse(run.error!).message, /stored input of run r-broken cannot be read \(stored value is not readable EDN: .*\); the run was not started/);
    assert.equal(s.store.queuedRuns().length, 0);
    const a = await send(s.url, JSON.stringify({ k: 'z', note: 'after' }));
    assert.equal(a.status, 202, a.text);
    assert.equal(s.store.getRun(a.json.runId)!.status, 'completed');
  } finally {
    await s.close();
  }
});

test('a running run whose stored input is unreadable fails on restart with the reason; the others go on', async () => {
  const dir = tempDir();
  signedFlow(dir);
  const db = join(dir, '.flow-edn', 'runs.db');
  const seed = openStore(db);
  const source = readFileSync(join(dir, 'p.flow.edn'), 'utf8');
  seed.createRun({ id: 'r-left', flow: 'p', flowPath: join(dir, 'p.flow.edn'), source, sourceHash: 'h', trigger: 'webhook', input: '{:k "q" :note', simulation: null, concurrencyKey: 'q', createdAt: Date.now(), clock: null, status: 'running' });
  seed.close();
  const s = await serve(dir, { db });
  try {
    const settled = await s.waitFor((e) => e.type === 'run-settled' && e.runId === 'r-left', 'the left-over run to settle');
    assert.equal((settled as { status: string }).status, 'failed');
    assert.match(JSON.parse(s.store.getRun('r-left')!.error!).message, /stored value is not readable EDN/);
    const a = await send(s.url, JSON.stringify({ k: 'q', note: 'after' }));
    assert.equal(a.status, 202, a.text);
    assert.equal(s.store.getRun(a.json.runId)!.status, 'completed');
  } finally {
    await s.close();
  }
});
