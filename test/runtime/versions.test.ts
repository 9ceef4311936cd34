// A flow edited while runs of it are active: `:supersede` cancels the old version's runs,
// `:drain` makes new runs wait until they finish, `:coexist` runs both; runs keep their
// snapshot. The watcher picks up an edit by itself. `flow-edn webhook send` signs and sends.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { main } from '../../engine/cli/main';
import { postJson, serve, tempDir, write } from './support';

const flowText = (slug: string, policy: string, version: number) => `{:slug :${slug} :name "${slug}"
 :concurrency {:type :keyed :key-field :k :on-new-version :${policy}}
 :triggers [{:type :event :label "In" :config {:source :webhook :path "/in/${slug}" :auth {:type :hmac-sha256 :header "X-Signature" :secret-ref :whsec}}}]
 :flow '(let [in (flow/input)
              w (flow/step :wait :hold {:key (str "${slug}:" (:k in) ":" (:n in)) :timeout "1h"})]
          {:version ${version} :k (:k in)})}`;

async function setup(policy: string) {
  const dir = tempDir();
  const path = write(dir, `${policy}.flow.edn`, flowText(policy, policy, 1));
  write(dir, `${policy}.sim.edn`, '{:bindings {:whsec "s3cret"}}');
  const s = await serve(dir);
  const { createHmac } = await import('node:crypto');
  const send = (k: string, n: number) => {
    const body = JSON.stringify({ k, n });
    return postJson(`${s.url}/in/${policy}`, { k, n }, { 'X-Signature': createHmac('sha256', 's3cret').update(body).digest('base64') });
  };
  const edit = async () => {
    const from = s.events.length;
    writeFileSync(path, flowText(policy, policy, 2));
    s.rt.flows.scan();
    await s.waitFor((e) => e.type === 'flow-loaded' && e.reloaded, 'reload', from);
  };
  return { s, send, edit, path };
}

test(':supersede cancels the old version\'s active runs; new runs start on the new version at once', async () => {
  const { s, send, edit } = await setup('supersede');
  try {
    const old = await send('a', 1);
    assert.equal(old.json.status, 'waiting');
    const from = s.events.length;
    await edit();
    await s.waitFor((e) => e.type === 'run-settled' && e.runId === old.json.runId && e.status === 'cancelled', 'the old run cancelled', from);
    assert.match(s.store.getRun(old.json.runId)!.error!, /superseded by version/);
    assert.equal(s.store.findWaits({ runId: old.json.runId })[0]!.status, 'cancelled');
    const fresh = await send('a', 2);
    assert.equal(fresh.json.concurrencyDecision, 'started');
    assert.equal(s.store.getRun(fresh.json.runId)!.sourceHash, s.rt.flows.get('supersede')!.version);
  } finally {
    await s.close();
  }
});

test(':drain lets old runs finish first: new runs (any key) wait, then start on the new version', async () => {
  const { s, send, edit } = await setup('drain');
  try {
    const old = await send('a', 1);
    const oldVersion = s.store.getRun(old.json.runId)!.sourceHash;
    await edit();
    const next = await send('b', 1);
    assert.equal(next.json.concurrencyDecision, 'queued', 'blocked behind the draining run');
    const w = s.store.findWaits({ runId: old.json.runId })[0]!;
    const from = s.events.length;
    const approved = await postJson(`${s.url}/api/waits/${w.id}/approve`, {}, s.api);
    assert.equal(approved.json.run.output.version, 1, 'the old run finished on its own snapshot');
    await s.waitFor((e) => e.type === 'run-started' && e.runId === next.json.runId, 'the queued run', from);
    const started = s.store.getRun(next.json.runId)!;
    assert.notEqual(started.sourceHash, oldVersion);
  } finally {
    await s.close();
  }
});

test(':coexist runs the new version beside the old one, even for the same key', async () => {
  const { s, send, edit } = await setup('coexist');
  try {
    const old = await send('a', 1);
    await edit();
    const fresh = await send('a', 2);
    assert.equal(fresh.json.concurrencyDecision, 'started');
    assert.deepEqual([s.store.getRun(old.json.runId)!.status, s.store.getRun(fresh.json.runId)!.status], ['waiting', 'waiting']);
    const third = await send('a', 3);
    assert.equal(third.json.concurrencyDecision, 'queued', 'still one run per key per version');
  } finally {
    await s.close();
  }
});

test('the watcher reloads an edited flow by itself; a broken edit keeps the last good version', async () => {
  const dir = tempDir();
  const path = write(dir, 'w.flow.edn', flowText('w', 'supersede', 1));
  write(dir, 'w.sim.edn', '{:bindings {:whsec "s3cret"}}');
  const s = await serve(dir, { watch: true });
  try {
    const v1 = s.rt.flows.get('w')!.version;
    let from = s.events.length;
    writeFileSync(path, flowText('w', 'supersede', 2));
    await s.waitFor((e) => e.type === 'flow-loaded' && e.reloaded, 'reload on change', from);
    assert.notEqual(s.rt.flows.get('w')!.version, v1);
    from = s.events.length;
    writeFileSync(path, '{:slug :w :flow (oops');
    const err = await s.waitFor((e) => e.type === 'flow-error', 'the error', from);
    assert.match(err.type === 'flow-error' ? err.message : '', /still serving the previous version/);
    assert.ok(s.rt.routes.has('/in/w'));
  } finally {
    await s.close();
  }
});

test('flow-edn webhook send signs with the bound secret, and --bad-signature shows the refusal', async () => {
  const dir = tempDir();
  const flow = write(dir, 'send.flow.edn', flowText('send', 'supersede', 1).replace(':wait :hold {:key (str "send:" (:k in) ":" (:n in)) :timeout "1h"}', ':function :hold {:code "(fn [x] x)" :input {:a 1}}'));
  write(dir, 'send.sim.edn', '{:bindings {:whsec {:value #env "SEND_TEST_SECRET"}}}');
  process.env.SEND_TEST_SECRET = 's3cret';
  const payload = write(dir, 'order.json', JSON.stringify({ k: 'A-1', n: 1 }));
  const s = await serve(dir, { env: { SEND_TEST_SECRET: 's3cret' } });
  try {
    const out: string[] = [];
    const io = { out: (t: string) => void out.push(t), err: (t: string) => void out.push(t), colour: false };
    assert.equal(await main(['webhook', 'send', flow, '--payload', payload, '--url', s.url, '--format', 'json'], io), 0, out.join('\n'));
    const sent = JSON.parse(out.join('\n'));
    assert.equal(sent.response.status, 202);
    assert.equal(sent.response.body.status, 'completed');
    assert.match(sent.request.headers['X-Signature'], /^[A-Za-z0-9+/]+=*$/);
    out.length = 0;
    assert.equal(await main(['webhook', 'send', flow, '--payload', payload, '--url', s.url, '--bad-signature'], io), 1);
    assert.match(out.join('\n'), /-> 401[\s\S]*bad signature in X-Signature/);
    out.length = 0;
    assert.equal(await main(['webhook', 'send', flow, '--payload', payload, '--url', s.url], io), 1, 'the same delivery again is a replay');
    assert.match(out.join('\n'), /-> 409[\s\S]*replayed delivery/);
    out.length = 0;
    assert.equal(await main(['webhook', 'send', flow, '--payload', join(dir, 'missing.json'), '--url', s.url], io), 2);
  } finally {
    delete process.env.SEND_TEST_SECRET;
    await s.close();
  }
});
