// The local JSON API assumes a hostile page next door (issue 10 #7): a foreign Host (DNS
// rebinding) or Origin (CSRF) is refused, state-changing calls need the API token that serve
// writes beside the store with mode 0600, and approval links keep their own single-use token.

import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { apiTokenPath, readApiToken } from '../../engine/runtime/api-guard';
import { http, postJson, serve, tempDir, write, type Served } from './support';

const FLOW = `{:slug :gate :name "Gate"
 :concurrency {:type :keyed :key-field :k :on-new-version :coexist}
 :triggers [{:type :event :label "In" :config {:source :webhook :path "/in/gate" :auth {:type :api-key :secret-ref :key}}}]
 :flow '(let [in (flow/input) w (flow/step :wait :ok {:key (str "gate:" (:k in)) :timeout "2h"})] {:action (:action w)})}`;

const dir = tempDir();
write(dir, 'gate.flow.edn', FLOW);
write(dir, 'gate.sim.edn', '{:bindings {:key {:value "k-1"}}}');
let s: Served;
let n = 0;

before(async () => {
  s = await serve(dir);
  s.rt.setPublicUrl('https://flows.example.org');
});
after(() => s.close());

async function pendingWait(): Promise<string> {
  const a = await postJson(`${s.url}/in/gate`, { k: `k${++n}` }, { 'X-API-Key': 'k-1' });
  assert.equal(a.json.status, 'waiting', a.text);
  return s.store.findWaits({ runId: a.json.runId, status: 'pending' })[0]!.id;
}

const status = (id: string) => s.store.getWait(id)!.status;

test('a foreign Host and Origin cannot approve a wait, even with the token', async () => {
  const w = await pendingWait();
  const a = await postJson(`${s.url}/api/waits/${w}/approve`, {}, { Host: 'evil.example', Origin: 'http://evil.example', ...s.api });
  assert.equal(a.status, 403, a.text);
  assert.match(a.json.error.message, /Host "evil.example"/);
  assert.equal(status(w), 'pending');
});

test('a loopback Host with a cross-origin Origin is refused (CSRF from a page in the browser)', async () => {
  const w = await pendingWait();
  for (const origin of ['http://evil.example', 'null', `http://localhost:1`]) {
    const a = await postJson(`${s.url}/api/waits/${w}/approve`, {}, { Origin: origin, ...s.api });
    assert.equal(a.status, 403, `${origin}: ${a.text}`);
  }
  const site = await postJson(`${s.url}/api/waits/${w}/approve`, {}, { 'Sec-Fetch-Site': 'cross-site', ...s.api });
  assert.equal(site.status, 403);
  assert.equal(status(w), 'pending');
});

test('state-changing calls need the token; reads do not; a wrong token is refused', async () => {
  const w = await pendingWait();
  const none = await postJson(`${s.url}/api/waits/${w}/approve`, {});
  assert.equal(none.status, 401, none.text);
  assert.match(none.json.error.message, /api-token/);
  const wrong = await postJson(`${s.url}/api/waits/${w}/approve`, {}, { 'x-flow-edn-token': 'f'.repeat(64) });
  assert.equal(wrong.status, 401);
  const cancel = await http('POST', `${s.url}/api/runs/${s.store.getWait(w)!.runId}/cancel`);
  assert.equal(cancel.status, 401);
  assert.equal(status(w), 'pending');
  const list = await http('GET', `${s.url}/api/waits`);
  assert.equal(list.status, 200);
  const bearer = await postJson(`${s.url}/api/waits/${w}/approve`, {}, { Authorization: `Bearer ${s.rt.apiToken}`, Origin: s.url });
  assert.equal(bearer.status, 200, bearer.text);
  assert.equal(status(w), 'approved');
});

test('reads by a foreign Host are refused (DNS rebinding); the configured public host is accepted', async () => {
  const foreign = await http('GET', `${s.url}/api/runs`, null, { Host: 'rebound.example:8787' });
  assert.equal(foreign.status, 403);
  const pub = await http('GET', `${s.url}/api/runs`, null, { Host: 'flows.example.org' });
  assert.equal(pub.status, 200, pub.text);
  for (const host of ['localhost:9', '127.0.0.2', '[::1]:8787']) assert.equal((await http('GET', `${s.url}/api/health`, null, { Host: host })).status, 200, host);
});

test('the token lives beside the store, readable by this user only', () => {
  const db = join(dir, '.flow-edn', 'runs.db');
  assert.equal(readApiToken(db), s.rt.apiToken);
  assert.equal(statSync(apiTokenPath(db)).mode & 0o777, 0o600);
  assert.match(s.rt.apiToken, /^[0-9a-f]{64}$/);
});
