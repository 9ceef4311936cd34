// Behaviours that match the platform's documentation, on the virtual clock: `:body-from-ref`
// sends a persisted blob's bytes (round trip against a real server on 127.0.0.1), `flow/input`
// carries `:flow/ctx` and answers string keys, invocation inputs are checked at start,
// `flow/poll` limits refuse the run with the checker's message, and `{{default x "y"}}`
// renders without a missing-variable warning.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { decodeValue } from '../../engine/run/codec';
import { printValue } from '../../engine/edn/printer';
import { checkText } from '../../engine/language/check/index';
import { InputRefused } from '../../engine/run/invocation-inputs';
import { loadProgram } from '../../engine/run/program';
import { startRun } from '../../engine/run/runner';
import { parseSimulation } from '../../engine/run/simulation';
import { flow, json, runFlow, startServer, tempStore, type TestServer } from './support';

let server: TestServer;
const clock = ':clock {:start "2026-11-29T10:00:00Z"}';
const report = 'Rapport ø 日本 ✓\nline two\u0000end';

before(async () => {
  server = await startServer(async (req, res) => {
    if (req.url === '/report') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      return res.end(report);
    }
    if (req.url.startsWith('/upload')) return json(res, 200, { size: req.bytes.length });
    json(res, 404, { error: 'no ' + req.url });
  });
});
after(() => server.close());

const requires = ':requires [{:slot :api :type :http-api :label "API" :base-url "https://example.invalid" :auth {:type :none}}]';
const sim = () => `{${clock} :bindings {:api {:base-url "${server.url}"}}}`;

test(':body-from-ref sends the stored blob byte for byte: the ref map, its :uri, the whole persisted result', async () => {
  const text = flow(`(let [download (flow/step :http :download {:connection :api :path "/report" :persist {:type :blob}})
        a (flow/step :http :upload-ref {:connection :api :path "/upload/a" :method :post :body-from-ref (:blob-ref download)})
        b (flow/step :http :upload-uri {:connection :api :path "/upload/b" :method :post :body-from-ref (:uri download)})
        c (flow/step :http :upload-whole {:connection :api :path "/upload/c" :method :post :body-from-ref download})
        made (flow/step :function :make {:code "(fn [i] {:rows [1 2 3] :note \\"ø\\"})" :input {} :persist {:type :blob}})
        d (flow/step :http :upload-made {:connection :api :path "/upload/d" :body-from-ref made})]
    [(:status a) (:status b) (:status c) (:status d)])`, requires);
  const { run, store } = await runFlow(text, sim());
  assert.equal(run.status, 'completed', run.error ?? '');
  const expected = Buffer.from(report, 'utf8');
  for (const path of ['/upload/a', '/upload/b', '/upload/c']) {
    const got = server.received.find((r) => r.url === path)!;
    assert.ok(got, `no request to ${path}`);
    assert.deepEqual(got.bytes, expected, `${path} received other bytes`);
    assert.equal(got.headers['content-type'], 'text/plain; charset=utf-8');
    assert.equal(got.method, 'POST');
  }
  // A function result persisted as EDN: the same bytes the store holds; POST by default.
  const d = server.received.find((r) => r.url === '/upload/d')!;
  const blob = store.getBlob(`res://runs/${run.id}/make-0`)!;
  assert.deepEqual(d.bytes, Buffer.from(blob.content));
  assert.equal(d.bytes.toString('utf8'), '{:rows [1 2 3], :note "ø"}');
  assert.equal(d.method, 'POST');
  assert.equal(d.headers['content-type'], 'application/edn');
});

test(':body-from-ref with an unknown ref or a value that is no ref fails the step with a message', async () => {
  const unknown = flow(`(flow/step :http :up {:connection :api :path "/upload/x" :method :post :body-from-ref "res://runs/nope/gone-0"})`, requires);
  const a = await runFlow(unknown, sim());
  assert.equal(a.report.status, 'failed');
  assert.match(a.report.error!.message, /step :up failed: :body-from-ref names res:\/\/runs\/nope\/gone-0, which is not stored: persist the step/);
  const notPersisted = flow(`(let [r (flow/step :http :download {:connection :api :path "/report"})]
    (flow/step :http :up {:connection :api :path "/upload/y" :method :post :body-from-ref (:blob-ref r)}))`, requires);
  const b = await runFlow(notPersisted, sim());
  assert.equal(b.report.status, 'failed');
  assert.match(b.report.error!.message, /:body-from-ref needs a blob ref \(a persisted step's result, its :blob-ref, or its res:\/\/ :uri\), got nil/);
  assert.equal(server.received.some((r) => r.url === '/upload/x' || r.url === '/upload/y'), false, 'nothing is sent without the blob');
});

test('(flow/input) carries :flow/ctx and answers string and keyword keys alike', async () => {
  const text = flow(`(let [input (flow/input)
        ctx (:flow/ctx input)]
    {:by-string (get input "order-id") :by-keyword (:order-id input) :string-key (:note input)
     :strs (let [{:strs [order-id]} input] order-id)
     :run-id (= (:run-id ctx) (:workflow-id ctx)) :slug (:flow-slug ctx) :trigger (:trigger ctx) :workspace (:workspace-id ctx)})`);
  const { run } = await runFlow(text, `{${clock} :trigger "Run" :input {:order-id "A-7" "note" "string-keyed"}}`);
  assert.equal(run.status, 'completed', run.error ?? '');
  assert.equal(
    printValue(decodeValue(run.output!)),
    '{:by-string "A-7", :by-keyword "A-7", :string-key "string-keyed", :strs "A-7", :run-id true, :slug "t", :trigger "Run", :workspace "ws-local"}',
  );
  const ids = flow(`(:run-id (:flow/ctx (flow/input)))`);
  const again = await runFlow(ids, `{${clock}}`);
  assert.equal(decodeValue(again.run.output!), again.run.id);
});

const invocationFlow = `{:slug :orders :name "Orders"
 :concurrency {:type :singleton :on-new-version :supersede}
 :invocations {:default {:inputs [{:name :order-id :type :text :required true}
                                  {:name :amount :type :number}
                                  {:name :rush :type :boolean}]}}
 :interfaces {:manual [{:id :run :invocation :default}]}
 :flow '(let [input (flow/input)] (* 2 (or (:amount input) 1)))}`;

async function start(input: string): Promise<unknown> {
  const store = tempStore();
  try {
    const run = await startRun(loadProgram(invocationFlow, 'orders.flow.edn'), parseSimulation(`{${clock} :input ${input}}`, 's.sim.edn'), { store, env: {} });
    return run.status;
  } catch (e) {
    if (e instanceof InputRefused) return { refused: e.message, input: e.input, runs: store.listRuns().length };
    throw e;
  }
}

test('invocation inputs are checked when a run starts: a missing required input or a wrong type refuses it', async () => {
  assert.equal(await start('{:order-id "A-1" :amount 20}'), 'completed');
  assert.deepEqual(await start('{:amount 20}'), {
    refused: `input :order-id is required by invocation :default but the run input has none; give it, e.g. --input '{:order-id "..."}'`,
    input: 'order-id',
    runs: 0,
  });
  assert.deepEqual(await start('{:order-id "A-1" :amount "twenty"}'), {
    refused: 'input :amount of invocation :default is :number, so it must be a number, not the string "twenty"',
    input: 'amount',
    runs: 0,
  });
  assert.deepEqual(await start('{"order-id" "A-1" :rush "yes"}'), {
    refused: 'input :rush of invocation :default is :boolean, so it must be true or false, not the string "yes"',
    input: 'rush',
    runs: 0,
  });
});

test('flow/poll limits: check reports what run refuses, with the same message', async () => {
  const cases: [string, string][] = [
    ['{:interval "10s" :timeout "2h" :return-on (fn [r] (= 200 (:status r)))}', 'flow/poll :timeout is at most 1h'],
    ['{:interval "10s" :max-attempts 101 :return-on (fn [r] (= 200 (:status r)))}', 'flow/poll :max-attempts is at most 100'],
    ['{:interval "10s" :max-attempts 5 :backoff {:type :linear} :return-on (fn [r] (= 200 (:status r)))}', 'flow/poll :backoff {:type :linear} needs :step'],
    ['{:interval "10s" :return-on (fn [r] true)}', 'flow/poll needs :timeout or :max-attempts (or both)'],
  ];
  for (const [opts, message] of cases) {
    const text = flow(`(flow/poll ${opts} (flow/step :http :status {:url "https://example.invalid/s"}))`);
    const found = checkText(text).findings.filter((f) => f.severity === 'error');
    assert.deepEqual(found.map((f) => f.message), [message + '.'], opts);
    // run refuses the same: through the interpreter, with the check bypassed.
    const program = loadProgram(flow(`(let [opts ${opts}] (flow/poll opts (flow/step :http :status {:url "https://example.invalid/s"})))`), 't.flow.edn');
    const store = tempStore();
    const run = await startRun(program, parseSimulation(`{${clock} :mocks {:status {:status 200}}}`, 's.sim.edn'), { store, env: {} });
    assert.equal(run.status, 'failed');
    assert.match(JSON.parse(run.error!).message, new RegExp('^' + message.replace(/[{}()]/g, '\\$&') + ' \\(line \\d+\\)$'));
  }
  // Within the limits: no finding, and the run polls.
  const ok = flow(`(flow/poll {:interval "10s" :timeout "1h" :max-attempts 100 :backoff {:type :linear :step "5s"} :return-on (fn [r] (= 200 (:status r)))} (flow/step :http :status {:url "https://example.invalid/s"}))`);
  assert.deepEqual(checkText(ok).findings.filter((f) => f.severity === 'error'), []);
  const polled = await runFlow(ok, `{${clock} :mocks {:status {:status 200}}}`);
  assert.equal(polled.report.status, 'completed', polled.run.error ?? '');
});

test('{{default missing "x"}} renders the fallback with no missing-variable warning; a plain missing one still warns', async () => {
  const text = flow(`(flow/step :notify :n {:channels {:http {:url "https://example.invalid/n" :json {:text "Hi {{default name \\"there\\"}} {{other}}"}}} :data {}})`);
  const { events, run } = await runFlow(text, `{${clock} :mocks {:n {:status 202}}}`);
  assert.equal(run.status, 'completed', run.error ?? '');
  const missing = events.filter((e) => e.type === 'template-variable-missing').map((e) => (e.type === 'template-variable-missing' ? e.variable : ''));
  assert.deepEqual(missing, ['other']);
  const request = events.find((e) => e.type === 'request');
  assert.ok(request?.type === 'request' && request.body === '{"text":"Hi there "}', JSON.stringify(request));
});
