// The :http executor against a real HTTP server on 127.0.0.1: methods, paths and query,
// headers, bearer/api-key/basic auth from bindings, JSON/form/text bodies and responses,
// status codes, timeouts, idempotency keys, and secrets kept out of journal and events.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { decodeValue } from '../../engine/run/codec';
import { printValue } from '../../engine/edn/printer';
import { flow, json, runFlow, startServer, type TestServer } from './support';

let server: TestServer;
const clock = ':clock {:start "2026-11-29T10:00:00Z"}';

before(async () => {
  server = await startServer(async (req, res) => {
    const u = new URL(req.url, 'http://x');
    if (u.pathname === '/orders/A-1') return json(res, 200, { id: 'A-1', 'risk-level': 'high', items: [{ qty: 2 }] }, { 'x-trace': 't-1' });
    if (u.pathname === '/text') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      return res.end('plain words');
    }
    if (u.pathname === '/echo') return json(res, 200, { method: req.method, query: Object.fromEntries(u.searchParams), body: req.body, contentType: req.headers['content-type'] ?? null });
    if (u.pathname === '/auth') return json(res, 200, { authorization: req.headers['authorization'] ?? null, apiKey: req.headers['x-api-key'] ?? null, custom: req.headers['x-token'] ?? null });
    if (u.pathname === '/missing') return json(res, 404, { error: 'no such order' });
    if (u.pathname === '/slow') {
      setTimeout(() => json(res, 200, { late: true }), 2500).unref();
      return;
    }
    if (u.pathname === '/flaky') {
      const n = server.received.filter((r) => r.url === '/flaky').length;
      return n < 3 ? json(res, 502, { error: 'bad gateway' }) : json(res, 200, { ok: n });
    }
    json(res, 500, { error: 'unexpected ' + u.pathname });
  });
});

after(() => server.close());

const requires = (auth: string) => `:requires [{:slot :api :type :http-api :label "API" :base-url "https://example.invalid" :auth ${auth}}]`;
const binding = (extra = '') => `:bindings {:api {:base-url "${'$URL'}" ${extra}}}`;
const sim = (extra: string) => `{${clock} ${extra.replace('$URL', server.url)}}`;

test('GET through a connection slot: JSON body parsed with keyword keys, headers and status kept', async () => {
  const text = flow(`(let [r (flow/step :http :get-order {:connection :api :path "/orders/A-1"})] r)`, requires('{:type :none}'));
  const { run } = await runFlow(text, sim(binding()));
  assert.equal(run.status, 'completed', run.error ?? '');
  const out = printValue(decodeValue(run.output!));
  assert.match(out, /^\{:status 200, :headers \{/);
  assert.match(out, /"x-trace" "t-1"/);
  assert.match(out, /:body \{:id "A-1", :risk-level "high", :items \[\{:qty 2\}\]\}/);
  assert.equal(server.received.at(-1)!.method, 'GET');
});

test('an instant in :query, :headers and :form is sent as ISO text (flow code\'s str), never as #inst', async () => {
  const text = flow(
    `(let [t #inst "2026-01-02T03:04:05.000-00:00"
        r (flow/step :http :since {:connection :api :method :post :path "/orders/A-1" :query {:since t} :headers {"X-Since" t} :form {:at t}})] (:status r))`,
    requires('{:type :none}'),
  );
  const { run } = await runFlow(text, sim(binding()));
  assert.equal(run.status, 'completed', run.error ?? '');
  const got = server.received.at(-1)!;
  assert.equal(new URL(got.url, 'http://x').searchParams.get('since'), '2026-01-02T03:04:05Z');
  assert.equal(got.headers['x-since'], '2026-01-02T03:04:05Z');
  assert.equal(new URLSearchParams(got.body).get('at'), '2026-01-02T03:04:05Z');
});

test('text responses stay strings; :response-as :text forces text', async () => {
  const text = flow(`(let [a (flow/step :http :a {:connection :api :path "/text"})
        b (flow/step :http :b {:connection :api :path "/orders/A-1" :response-as :text})] [(:body a) (:body b)])`, requires('{:type :none}'));
  const { run } = await runFlow(text, sim(binding()));
  const out = decodeValue(run.output!) as any;
  assert.equal(out.get(0), 'plain words');
  assert.equal(JSON.parse(out.get(1))['risk-level'], 'high');
});

test('POST with :json, :query and :form bodies', async () => {
  const text = flow(`(let [a (flow/step :http :a {:connection :api :path "/echo" :method :post :query {:page 2 :q "x y"} :json {:order-id "A-1" :n 3}})
        b (flow/step :http :b {:connection :api :path "/echo" :method :put :form {:name "Ada" :role :admin}})]
    [(:body a) (:body b)])`, requires('{:type :none}'));
  const { run } = await runFlow(text, sim(binding()));
  const out = decodeValue(run.output!) as any;
  const a = out.get(0);
  const b = out.get(1);
  const { Keyword } = require('../../engine/edn/values');
  const k = (n: string) => Keyword.of(n);
  assert.equal(a.get(k('method')), 'POST');
  assert.equal(a.get(k('body')), '{"order-id":"A-1","n":3}');
  assert.equal(a.get(k('contentType')), 'application/json');
  assert.equal(a.get(k('query')).get(k('page')), '2');
  assert.equal(a.get(k('query')).get(k('q')), 'x y');
  assert.equal(b.get(k('method')), 'PUT');
  assert.equal(b.get(k('body')), 'name=Ada&role=admin');
});

test('auth from bindings: bearer, api-key (declared header) and basic; secrets never in journal or events', async () => {
  const env = { API_TOKEN: 's3cret-bearer-token', API_KEY: 'k3y-value-123', API_PASS: 'pa55word-xyz' };
  const body = flow(`(let [r (flow/step :http :call {:connection :api :path "/auth"})] (:body r))`, '');
  const bearer = await runFlow(body.replace(' :flow', ` ${requires('{:type :bearer}')}\n :flow`), sim(binding(':token #env "API_TOKEN"')), { env });
  // The server got the real secrets; what the run kept (journal, output) has them redacted.
  assert.equal(server.received.at(-1)!.headers['authorization'], 'Bearer s3cret-bearer-token');
  assert.match(bearer.run.output!, /:authorization "Bearer \*\*\*"/);
  const apiKey = await runFlow(body.replace(' :flow', ` ${requires('{:type :api-key :header "X-Token"}')}\n :flow`), sim(binding(':api-key #env "API_KEY"')), { env });
  assert.equal(server.received.at(-1)!.headers['x-token'], 'k3y-value-123');
  assert.match(apiKey.run.output!, /:custom "\*\*\*"/);
  const basic = await runFlow(body.replace(' :flow', ` ${requires('{:type :basic}')}\n :flow`), sim(binding(':username "ada" :password #env "API_PASS"')), { env });
  assert.equal(server.received.at(-1)!.headers['authorization'], 'Basic ' + Buffer.from('ada:pa55word-xyz').toString('base64'));
  for (const ran of [bearer, apiKey, basic]) {
    const journal = JSON.stringify(ran.store.journal(ran.run.id));
    const events = JSON.stringify(ran.store.events(ran.run.id));
    for (const secret of [...Object.values(env), Buffer.from('ada:pa55word-xyz').toString('base64')]) {
      assert.equal(journal.includes(secret), false, 'secret in journal');
      assert.equal(events.includes(secret), false, 'secret in events');
    }
    const request = ran.events.find((e) => e.type === 'request');
    assert.ok(request && request.type === 'request');
    assert.ok(Object.values(request.headers).some((v) => v.includes('***')), JSON.stringify(request.headers));
  }
});

test('a missing #env secret fails the step naming the variable', async () => {
  const text = flow(`(let [r (flow/step :http :call {:connection :api :path "/auth"})] r)`, requires('{:type :bearer}'));
  const { report } = await runFlow(text, sim(binding(':token #env "NOT_SET_ANYWHERE"')), { env: {} });
  assert.equal(report.status, 'failed');
  assert.match(report.error!.message, /#env "NOT_SET_ANYWHERE", which is not set/);
});

test('a 404 fails the step with the status and body; no retry', async () => {
  const text = flow(`(let [r (flow/step :http :call {:connection :api :path "/missing" :retry {:max-attempts 3 :backoff-ms 1}})] r)`, requires('{:type :none}'));
  const before = server.received.length;
  const { report } = await runFlow(text, sim(binding()));
  assert.equal(report.status, 'failed');
  assert.equal(server.received.length - before, 1);
  assert.match(report.error!.message, /answered 404: \{"error":"no such order"\}/);
});

test('5xx from the server is retried with a stable Idempotency-Key until it succeeds', async () => {
  const text = flow(`(let [r (flow/step :http :call {:connection :api :path "/flaky" :retry {:max-attempts 5 :backoff-ms 1}})] (:body r))`, requires('{:type :none}'));
  const { run, report } = await runFlow(text, sim(binding()));
  assert.equal(report.status, 'completed', report.error?.message);
  const flaky = server.received.filter((r) => r.url === '/flaky');
  assert.equal(flaky.length, 3);
  const keys = new Set(flaky.map((r) => r.headers['idempotency-key']));
  assert.equal(keys.size, 1);
  assert.equal([...keys][0], `${run.id}:call#0`);
});

test(':timeout (seconds) aborts a slow request; the failure says it timed out', async () => {
  const text = flow(`(let [r (flow/step :http :call {:connection :api :path "/slow" :timeout 1})] r)`, requires('{:type :none}'));
  const { report } = await runFlow(text, sim(binding()));
  assert.equal(report.status, 'failed');
  assert.match(report.error!.message, /timed out after 1s/);
});

test('an http-request template supplies path and method, rendered with :data', async () => {
  const text = flow(`(let [r (flow/step :http :get {:connection :api :template :order :data {:id "A-1"}})] (:body r))`,
    `${requires('{:type :none}')}\n :templates [{:id :order :type :http-request :request {:path "/orders/{{id}}" :method :get}}]`);
  const { run } = await runFlow(text, sim(binding()));
  assert.equal(run.status, 'completed', run.error ?? '');
  assert.match(run.output!, /:id "A-1"/);
  assert.equal(server.received.at(-1)!.url, '/orders/A-1');
});

test('connection refused is a network error, retried, then fails the run', async () => {
  const text = flow(`(let [r (flow/step :http :call {:url "http://127.0.0.1:9/x" :retry {:max-attempts 2 :backoff-ms 1}})] r)`);
  const { report } = await runFlow(text, `{${clock}}`);
  assert.equal(report.status, 'failed');
  assert.equal(report.steps[0]!.attempts, 2);
  assert.match(report.error!.message, /GET http:\/\/127\.0\.0\.1:9\/x failed/);
});
