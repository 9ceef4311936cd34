// Every webhook auth scheme of spec §5.5 over real HTTP on 127.0.0.1: accepted when right;
// refused when wrong (bad signature, missing header, wrong secret, stale timestamp, replay,
// wrong key/token/password, address not allowed) with the right status, a reason, and no run.

import assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { http, serve, tempDir, write, type Answer, type Served } from './support';

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const ednString = (s: string) => JSON.stringify(s);

const trigger = (path: string, auth: string) => `{:type :event :label "${path}" :enabled true :config {:source :webhook :path "${path}" :auth ${auth}}}`;

const FLOW = `{:slug :hooks :name "Hooks"
 :concurrency {:type :keyed :key-field :id :on-new-version :coexist}
 :invocations {:default {:inputs []}}
 :interfaces {:webhook [{:id :iface :invocation :default :auth {:type :bearer :secret-ref :apikey}}]}
 :triggers [${[
   trigger('/h/hmac', '{:type :hmac-sha256 :header "X-Signature" :secret-ref :whsec}'),
   trigger('/h/hmac-hex', '{:type :hmac-sha256 :header "X-Hub-Signature-256" :signature-format :hex :signature-prefix "sha256=" :secret-ref :whsec}'),
   trigger('/h/sig', '{:type :signature :algo :hmac-sha256 :signature-header "X-Sig" :timestamp-header "X-Ts" :signed-message :timestamp-payload :signature-format :hex :signature-prefix "v1=" :timestamp-max-skew-ms 60000 :secret-ref :whsec}'),
   trigger('/h/ecdsa', '{:type :signature :algo :ecdsa-p256 :signature-header "X-Sig" :public-key-ref :ec-key}'),
   trigger('/h/key', '{:type :api-key :header "X-API-Key" :secret-ref :apikey}'),
   trigger('/h/keyq', '{:type :api-key :location :query :param "token" :secret-ref :apikey}'),
   trigger('/h/bearer', '{:type :bearer :secret-ref :apikey}'),
   trigger('/h/basic', '{:type :basic :username "hooks" :secret-ref :apikey}'),
   trigger('/h/ip', '{:type :ip-allowlist :allow ["203.0.113.10" "10.1.0.0/16"]}'),
   trigger('/h/env', '{:type :bearer :secret-ref :env-token}'),
   trigger('/h/unbound', '{:type :bearer :secret-ref :nobody-bound-this}'),
 ].join('\n            ')}]
 :flow '(let [in (flow/input)] {:id (:id in)})}`;

const SIM = `{:bindings {:whsec {:value "whsec_local"}
            :apikey "key-123"
            :ec-key {:value ${ednString(publicPem)} :private-key ${ednString(privatePem)}}}}`;

let s: Served;
let n = 0;
/** A fresh body each time, so deliveries are never replays of each other by accident. */
const body = () => Buffer.from(JSON.stringify({ id: `d-${++n}`, total: 12.5 }));
const b64 = (secret: string, data: Buffer | string) => createHmac('sha256', secret).update(data).digest('base64');
const hex = (secret: string, data: Buffer | string) => createHmac('sha256', secret).update(data).digest('hex');
const json = { 'content-type': 'application/json' };

before(async () => {
  const dir = tempDir();
  write(dir, 'hooks.flow.edn', FLOW);
  write(dir, 'hooks.sim.edn', SIM);
  s = await serve(dir, { env: { FLOW_EDN_SECRET_ENV_TOKEN: 'from-env' } });
  assert.ok(s.rt.flows.get('hooks'), `flow did not load: ${s.log.join('\n')}`);
});
after(() => s.close());

async function accepted(path: string, b: Buffer, headers: Record<string, string>): Promise<Answer> {
  const before = s.runCount();
  const a = await http('POST', s.url + path, b, { ...json, ...headers });
  assert.equal(a.status, 202, `${path}: ${a.text}`);
  assert.equal(a.json.concurrencyDecision, 'started');
  assert.equal(a.json.status, 'completed');
  assert.equal(s.runCount(), before + 1);
  return a;
}

async function refused(path: string, b: Buffer, headers: Record<string, string>, status: number, reason: RegExp): Promise<Answer> {
  const before = s.runCount();
  const a = await http('POST', s.url + path, b, { ...json, ...headers });
  assert.equal(a.status, status, `${path}: ${a.text}`);
  assert.match(a.json.error.message, reason);
  assert.equal(s.runCount(), before, 'a refused delivery started no run');
  assert.ok(s.log.some((l) => l.startsWith(`refused POST ${path.split('?')[0]} ${status}`)), 'the refusal is in the server log (without the query, which may hold a key)');
  return a;
}

describe(':hmac-sha256', () => {
  test('the base64 HMAC of the raw body is accepted; the run gets the payload', async () => {
    const b = body();
    const a = await accepted('/h/hmac', b, { 'X-Signature': b64('whsec_local', b) });
    const run = s.store.getRun(a.json.runId)!;
    assert.match(run.input, /:id "d-\d+"/);
    assert.match(run.input, /:flow\/ctx \{/);
    assert.equal(run.trigger, '/h/hmac');
  });
  test('bad signature, wrong secret, missing header, garbage and a replay are refused', async () => {
    const b = body();
    const good = b64('whsec_local', b);
    const flipped = (good[0] === 'A' ? 'B' : 'A') + good.slice(1);
    await refused('/h/hmac', b, { 'X-Signature': flipped }, 401, /bad signature in X-Signature/);
    await refused('/h/hmac', b, { 'X-Signature': b64('wrong-secret', b) }, 401, /bad signature/);
    await refused('/h/hmac', b, {}, 401, /missing signature header X-Signature/);
    await refused('/h/hmac', b, { 'X-Signature': '%%%' }, 401, /not base64/);
    await refused('/h/hmac', b, { 'X-Signature': 'c2hvcnQ=' }, 401, /bad signature/); // wrong length: no throw
    await accepted('/h/hmac', b, { 'X-Signature': good });
    await refused('/h/hmac', b, { 'X-Signature': good }, 409, /replayed delivery/);
  });
  test('hex with a sha256= prefix, where the auth map says so', async () => {
    const b = body();
    await accepted('/h/hmac-hex', b, { 'X-Hub-Signature-256': 'sha256=' + hex('whsec_local', b) });
    const c = body();
    await refused('/h/hmac-hex', c, { 'X-Hub-Signature-256': hex('whsec_local', c) }, 401, /must start with "sha256="/);
    await refused('/h/hmac-hex', c, { 'X-Hub-Signature-256': 'sha256=' + b64('whsec_local', c) }, 401, /not hex/);
  });
});

describe(':signature', () => {
  const signTs = (b: Buffer, ts: string, secret = 'whsec_local') => 'v1=' + hex(secret, Buffer.concat([Buffer.from(ts + '.'), b]));
  test('HMAC over timestamp.payload inside the skew is accepted; the same delivery again is a replay', async () => {
    const b = body();
    const ts = String(Math.floor(Date.now() / 1000));
    await accepted('/h/sig', b, { 'X-Sig': signTs(b, ts), 'X-Ts': ts });
    await refused('/h/sig', b, { 'X-Sig': signTs(b, ts), 'X-Ts': ts }, 409, /replayed delivery/);
  });
  test('stale or missing timestamp, a signature over another timestamp, wrong secret: refused', async () => {
    const b = body();
    const old = String(Math.floor(Date.now() / 1000) - 120);
    await refused('/h/sig', b, { 'X-Sig': signTs(b, old), 'X-Ts': old }, 401, /stale timestamp in X-Ts: 1[12]\ds from the server's time, more than the allowed 60s/);
    const ts = String(Date.now()); // milliseconds are understood too
    await refused('/h/sig', b, { 'X-Sig': signTs(b, ts) }, 401, /missing timestamp header X-Ts/);
    await refused('/h/sig', b, { 'X-Sig': signTs(b, String(Number(ts) - 1)), 'X-Ts': ts }, 401, /does not verify/);
    await refused('/h/sig', b, { 'X-Sig': signTs(b, ts, 'other'), 'X-Ts': ts }, 401, /does not verify/);
    await refused('/h/sig', b, { 'X-Ts': ts }, 401, /missing signature header X-Sig/);
    await refused('/h/sig', b, { 'X-Sig': 'nonsense', 'X-Ts': 'yesterday-ish' }, 401, /not a time/);
    await accepted('/h/sig', b, { 'X-Sig': signTs(b, ts), 'X-Ts': ts });
  });
  test('ECDSA P-256 with the bound public key (DER or raw r||s), base64', async () => {
    const b = body();
    await accepted('/h/ecdsa', b, { 'X-Sig': sign('sha256', b, { key: privateKey, dsaEncoding: 'der' }).toString('base64') });
    const c = body();
    await accepted('/h/ecdsa', c, { 'X-Sig': sign('sha256', c, { key: privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64') });
    const other = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
    const d = body();
    await refused('/h/ecdsa', d, { 'X-Sig': sign('sha256', d, other).toString('base64') }, 401, /does not verify/);
    await refused('/h/ecdsa', d, { 'X-Sig': sign('sha256', c, privateKey).toString('base64') }, 401, /does not verify/);
  });
});

describe(':api-key, :bearer, :basic', () => {
  test('api-key in a header and in the query', async () => {
    await accepted('/h/key', body(), { 'X-API-Key': 'key-123' });
    await refused('/h/key', body(), { 'X-API-Key': 'key-124' }, 401, /wrong API key in X-API-Key/);
    await refused('/h/key', body(), {}, 401, /missing header X-API-Key/);
    await accepted('/h/keyq?token=key-123', body(), {});
    await refused('/h/keyq?token=nope', body(), {}, 401, /wrong API key in \?token/);
    await refused('/h/keyq', body(), {}, 401, /missing query parameter \?token=/);
  });
  test('the api key is not among the headers the flow can read', async () => {
    const a = await accepted('/h/key', body(), { 'X-API-Key': 'key-123', 'X-Request-Id': 'req-9' });
    const input = s.store.getRun(a.json.runId)!.input;
    assert.match(input, /:x-request-id "req-9"/);
    assert.doesNotMatch(input, /key-123/);
  });
  test('an api key in the query is not in what the flow can read; other parameters are (issue 10 #6)', async () => {
    const a = await accepted('/h/keyq?token=key-123&page=2', body(), {});
    const run = s.store.getRun(a.json.runId)!;
    assert.match(run.input, /:query \{:page "2"\}/);
    assert.doesNotMatch(run.input, /key-123|:token/);
    for (const e of s.store.events(a.json.runId)) assert.doesNotMatch(e.data, /key-123/);
  });
  test('bearer', async () => {
    await accepted('/h/bearer', body(), { Authorization: 'Bearer key-123' });
    await refused('/h/bearer', body(), { Authorization: 'Bearer key-1234' }, 401, /wrong bearer token/);
    await refused('/h/bearer', body(), { Authorization: 'Basic a2V5LTEyMw==' }, 401, /missing header Authorization: Bearer/);
    await refused('/h/bearer', body(), {}, 401, /missing header Authorization: Bearer/);
  });
  test('basic with the configured user name', async () => {
    const basic = (u: string, p: string) => 'Basic ' + Buffer.from(`${u}:${p}`).toString('base64');
    await accepted('/h/basic', body(), { Authorization: basic('hooks', 'key-123') });
    await refused('/h/basic', body(), { Authorization: basic('other', 'key-123') }, 401, /wrong user name or password/);
    await refused('/h/basic', body(), { Authorization: basic('hooks', 'nope') }, 401, /wrong user name or password/);
    await refused('/h/basic', body(), {}, 401, /missing header Authorization: Basic/);
  });
  test('a secret from the environment; an unbound secret is the server\'s problem (500), still no run', async () => {
    await accepted('/h/env', body(), { Authorization: 'Bearer from-env' });
    await refused('/h/unbound', body(), { Authorization: 'Bearer x' }, 500, /no secret bound for :nobody-bound-this: add :bindings \{:nobody-bound-this \{:value "\.\.\."\}\} to .*hooks\.sim\.edn, or set FLOW_EDN_SECRET_NOBODY_BOUND_THIS/);
  });
});

describe(':ip-allowlist and interfaces', () => {
  test('X-Forwarded-For / X-Real-IP must be allowed (exact or CIDR); others get 403', async () => {
    await accepted('/h/ip', body(), { 'X-Forwarded-For': '203.0.113.10, 10.0.0.1' });
    await accepted('/h/ip', body(), { 'X-Real-IP': '10.1.200.3' });
    await refused('/h/ip', body(), { 'X-Forwarded-For': '10.2.0.1' }, 403, /client address 10\.2\.0\.1 is not in the webhook's :allow list/);
    await refused('/h/ip', body(), {}, 403, /client address 127\.0\.0\.1/);
  });
  test('a :webhook interface answers at its live and draft paths', async () => {
    await accepted('/api/flows/hooks/interfaces/live/iface', body(), { Authorization: 'Bearer key-123' });
    await accepted('/api/flows/hooks/interfaces/draft/iface', body(), { Authorization: 'Bearer key-123' });
    await refused('/api/flows/hooks/interfaces/live/iface', body(), { Authorization: 'Bearer no' }, 401, /wrong bearer token/);
  });
});
