// Run scenarios on a virtual clock: every step type the engine runs, retries, waits
// (approve, reject, timeout, late and double resolutions), kv ttl, persisted refs, loops,
// errors with source ranges, replay stability and the example scenarios.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeValue } from '../../engine/run/codec';
import { expectationProblems } from '../../engine/run/expect';
import { loadProgram } from '../../engine/run/program';
import { runReport } from '../../engine/run/report';
import { resumeRun, startRun } from '../../engine/run/runner';
import { parseSimulation, scenarioPaths } from '../../engine/run/simulation';
import { resolveAndResume, WaitResolutionError } from '../../engine/run/waits';
import { printValue } from '../../engine/edn/printer';
import { eventsOf, flow, runFlow, tempStore } from './support';

const examples = join(__dirname, '..', '..', '..', 'examples');
const clock = ':clock {:start "2026-11-29T10:00:00Z"}';

test('every example scenario with :expect passes', async () => {
  const flows = readdirSync(examples).filter((f) => f.endsWith('.flow.edn'));
  let count = 0;
  for (const f of flows) {
    const path = join(examples, f);
    for (const simPath of scenarioPaths(path)) {
      const sim = parseSimulation(readFileSync(simPath, 'utf8'), simPath);
      if (sim.expect === null) continue;
      const store = tempStore();
      const run = await startRun(loadProgram(readFileSync(path, 'utf8'), path), sim, { store, env: {} });
      const report = runReport(store, run.id);
      const problems = expectationProblems(sim.expect, report, run.output === null ? null : decodeValue(run.output));
      assert.deepEqual(problems, [], `${simPath}: ${problems.join('; ')}`);
      count++;
    }
  }
  assert.ok(count >= 7, `expected at least 7 scenarios, ran ${count}`);
});

test('the founding flow runs as the platform would: the approval branch never fires', async () => {
  const text = readFileSync(join(examples, 'advanced-order-orchestration.flow.edn'), 'utf8');
  const sim = readFileSync(join(examples, 'advanced-order-orchestration.sim.edn'), 'utf8');
  const { report, store, run } = await runFlow(text, sim);
  assert.equal(report.status, 'completed');
  assert.deepEqual(report.branches.map((b) => b.branch), ['Auto-approve', 'Create fulfillment']);
  assert.equal(report.waits.length, 0);
  // The persisted artifact is kept and readable.
  const out = decodeValue(run.output!);
  const ref = (out as any).get(require('../../engine/edn/values').Keyword.of('risk-artifact-ref'));
  assert.match(ref, /^res:\/\//);
  const blob = store.getBlob(ref)!;
  assert.match(Buffer.from(blob.content).toString('utf8'), /:risk-level/);
  // The outcome e-mail went out through the mocked SendGrid slot, recorded as a request.
  const requests = eventsOf(store, run.id).filter((e) => e.type === 'request');
  assert.ok(requests.some((e) => e.type === 'request' && e.url.endsWith('/v3/mail/send') && e.mocked));
});

test('wait without a mock suspends; approve resolves it and the run completes; a second approval is refused', async () => {
  const text = flow(`(let [input (flow/input)
        approval (flow/step :wait :approval {:key (str "approve:" (:id input)) :timeout "1h"})]
    {:approved (= :approve (:action approval)) :approval approval})`);
  const { run, store, engine } = await runFlow(text, `{:input {:id "x1"} ${clock}}`);
  assert.equal(run.status, 'waiting');
  const waits = store.findWaits({ runId: run.id });
  assert.equal(waits.length, 1);
  assert.equal(waits[0]!.key, 'approve:x1');
  const { run: done } = await resolveAndResume(engine, { runId: run.id, action: 'approve', by: 'ops@example.com' });
  assert.equal(done.status, 'completed');
  assert.equal(printValue(decodeValue(done.output!)).includes(':approved true'), true);
  await assert.rejects(() => resolveAndResume(engine, { runId: run.id, action: 'reject' }), (e: unknown) => e instanceof WaitResolutionError && e.reason === 'already-resolved' && /already approved by ops@example.com/.test(e.message));
  assert.equal(store.getRun(run.id)!.status, 'completed');
});

test('reject resolves with {:action :reject}', async () => {
  const text = flow(`(let [a (flow/step :wait :approval {:key "k-reject" :timeout "1h"})] (:action a))`);
  const { run, engine } = await runFlow(text, `{${clock}}`);
  const { run: done } = await resolveAndResume(engine, { runId: run.id, action: 'reject', payload: undefined });
  assert.equal(done.output, ':reject');
});

test('wait timeout on the virtual clock: :continue gives :default-value; a late approval is refused and changes nothing', async () => {
  const text = flow(`(let [a (flow/step :wait :approval {:key "k-late" :timeout "2h" :on-timeout :continue :default-value {:action :reject :reason :timeout}})] a)`);
  const { run, store, engine } = await runFlow(text, `{${clock}}`);
  assert.equal(run.status, 'waiting');
  const resumedEarly = await resumeRun(run.id, engine, { advanceMs: 60 * 60_000 });
  assert.equal(resumedEarly.status, 'waiting', 'one hour in, the 2h wait is still pending');
  const done = await resumeRun(run.id, engine, { advanceMs: 61 * 60_000 });
  assert.equal(done.status, 'completed');
  assert.equal(done.output, '{:action :reject, :reason :timeout}');
  await assert.rejects(() => resolveAndResume(engine, { runId: run.id, action: 'approve' }), (e: unknown) => e instanceof WaitResolutionError && e.reason === 'timed-out' && /timed out at 2026-11-29T12:00:00\.000Z/.test(e.message));
  assert.equal(store.getRun(run.id)!.output, '{:action :reject, :reason :timeout}');
});

test('wait timeout with :on-timeout :fail fails the run naming the step', async () => {
  const text = flow(`(let [a (flow/step :wait :approval {:key "k-fail" :timeout 60})] a)`);
  const { report } = await runFlow(text, `{${clock} :mocks {:approval {:timeout true}}}`);
  assert.equal(report.status, 'failed');
  assert.equal(report.error?.step, 'approval');
  assert.match(report.error!.message, /timed out at 2026-11-29T10:01:00\.000Z, the end of its 1m timeout \(:on-timeout :fail\)/);
});

test('retries: 503 then 429 with Retry-After then 200; backoff and Retry-After on the virtual clock', async () => {
  const text = flow(`(let [r (flow/step :http :call {:url "http://api.invalid/x" :retry {:max-attempts 4 :backoff-ms 100}})] (:body r))`);
  const sim = `{${clock} :mocks {:call [{:status 503} {:status 429 :headers {"Retry-After" "7"}} {:status 200 :body {:ok true}}]}}`;
  const { report, events } = await runFlow(text, sim);
  assert.equal(report.status, 'completed');
  assert.deepEqual(report.steps, [{ id: 'call', type: 'http', status: 'completed', attempts: 3 }]);
  const retries = events.filter((e) => e.type === 'step-attempt' && e.outcome === 'retry');
  assert.deepEqual(retries.map((e) => (e.type === 'step-attempt' ? e.delayMs : 0)), [100, 7000]);
});

test('no retry on a 4xx other than 429', async () => {
  const text = flow(`(let [r (flow/step :http :call {:url "http://api.invalid/x" :retry {:max-attempts 5 :backoff-ms 10}})] r)`);
  const { report } = await runFlow(text, `{${clock} :mocks {:call {:status 404 :body {:error "nope"}}}}`);
  assert.equal(report.status, 'failed');
  assert.equal(report.steps[0]!.attempts, 1);
  assert.match(report.error!.message, /answered 404/);
});

test(':on-error :skip turns a failed step into nil and the run goes on', async () => {
  const text = flow(`(let [r (flow/step :http :call {:url "http://api.invalid/x" :on-error :skip})] {:r r})`);
  const { report, run } = await runFlow(text, `{${clock} :mocks {:call {:status 500}}}`);
  assert.equal(report.status, 'completed');
  assert.equal(run.output, '{:r nil}');
});

test('kv: set with ttl, read before and after expiry on the virtual clock; increment, append, list-keys', async () => {
  const text = flow(`(let [_ (flow/step :kv :put {:operation :set :key "session:1" :value {:n 1} :ttl 60})
        before (flow/step :kv :get-1 {:operation :get :key "session:1"})
        _ (flow/step :sleep :nap {:seconds 120})
        after (flow/step :kv :get-2 {:operation :get :key "session:1" :default :gone})
        c1 (flow/step :kv :inc-1 {:operation :increment :key "count" :delta 2})
        c2 (flow/step :kv :inc-2 {:operation :increment :key "count"})
        _ (flow/step :kv :app {:operation :append :key "log" :items [1 2 3] :max-length 2})
        log (flow/step :kv :log {:operation :get :key "log"})
        ks (flow/step :kv :keys {:operation :list-keys :prefix "co"})]
    {:before before :after after :c2 c2 :log (:value log) :keys (:keys ks)})`);
  const { run } = await runFlow(text, `{${clock}}`);
  assert.equal(run.status, 'completed', run.error ?? '');
  const out = printValue(decodeValue(run.output!));
  assert.match(out, /:before \{:success true, :value \{:n 1\}, :exists\? true\}/);
  assert.match(out, /:after \{:success true, :value :gone, :exists\? false\}/);
  assert.match(out, /:c2 \{:success true, :key "count", :value 3, :previous 2\}/);
  assert.match(out, /:log \[2 3\]/);
  assert.match(out, /:keys \["count"\]/);
});

test('kv: a bad ttl fails the step with the limit in the message', async () => {
  const text = flow(`(let [x (flow/input)] (flow/step :kv :put {:operation :set :key (str "k" (:n x)) :value 1 :ttl (:ttl x)}))`);
  const { report } = await runFlow(text, `{${clock} :input {:n 1 :ttl 0}}`);
  assert.equal(report.status, 'failed');
  assert.match(report.error!.message, /between 1 and 31536000/);
});

test(':persist {:type :blob} on a function step gives a res:// ref whose content the store keeps', async () => {
  const text = flow(`(let [p (flow/step :function :save {:code '(fn [input] (assoc input :saved true)) :input {:a 1} :persist {:type :blob :filename "a.edn"}})] p)`);
  const { run, store } = await runFlow(text, `{${clock}}`);
  const out = decodeValue(run.output!);
  const text2 = printValue(out);
  assert.match(text2, /:ref "res:\/\/runs\/[^"]+\/save-0"/);
  assert.match(text2, /:filename "a.edn"/);
  const uri = /:uri "([^"]+)"/.exec(text2)![1]!;
  const blob = store.getBlob(uri)!;
  assert.match(Buffer.from(blob.content).toString('utf8'), /:a 1/);
  assert.equal(blob.contentType, 'application/edn');
  assert.match(Buffer.from(blob.content).toString('utf8'), /:saved true/);
});

test('loops of steps: each occurrence has its own key and runs once', async () => {
  const text = flow(`(let [xs [1 2 3]
        out (vec (for [x xs] (flow/step :function :double {:code '(fn [{:keys [n]}] (* 2 n)) :input {:n x}})))]
    out)`);
  const { run, store } = await runFlow(text, `{${clock}}`);
  assert.equal(run.output, '[2 4 6]');
  assert.deepEqual(store.journal(run.id).map((r) => r.stepKey), ['double#0', 'double#1', 'double#2']);
});

test('errors carry source ranges: a throw in the body, and a step type that cannot run locally', async () => {
  const thrown = await runFlow(flow(`(let [x 1]\n    (throw (ex-info "boom" {:x x})))`), `{${clock}}`);
  assert.equal(thrown.report.status, 'failed');
  assert.equal(thrown.report.error!.line, 7);
  assert.match(thrown.report.error!.message, /boom/);
  const llm = await runFlow(flow(`(let [r (flow/step :llm :ask {:prompt "hi"})] r)`), `{${clock}}`);
  assert.equal(llm.report.status, 'failed');
  assert.match(llm.report.error!.message, /:llm steps cannot run locally; mock it in test\.sim\.edn: :mocks \{:ask \{:result \.\.\.\}\}/);
  const mocked = await runFlow(flow(`(let [r (flow/step :llm :ask {:prompt "hi"})] r)`), `{${clock} :mocks {:ask {:result {:content "hello"}}}}`);
  assert.equal(mocked.run.output, '{:content "hello"}');
});

test('an http step with neither mock nor binding fails saying which to add', async () => {
  const text = flow(`(let [r (flow/step :http :call {:connection :api :path "/x"})] r)`, ':requires [{:slot :api :type :http-api :label "API" :auth {:type :bearer}}]');
  const { report } = await runFlow(text, `{${clock}}`);
  assert.equal(report.status, 'failed');
  assert.match(report.error!.message, /connection :api has no binding: add :bindings \{:api \{:base-url/);
  assert.match(report.error!.message, /or mock the step: :mocks \{:call/);
});

test('flow/now-ms is journaled: replays see the same time', async () => {
  const text = flow(`(let [t1 (flow/now-ms)
        _ (flow/step :sleep :nap {:seconds 30})
        t2 (flow/now-ms)]
    {:t1 t1 :t2 t2})`);
  const { run } = await runFlow(text, `{${clock}}`);
  const start = Date.parse('2026-11-29T10:00:00Z');
  assert.equal(run.output, `{:t1 ${start}, :t2 ${start + 30_000}}`);
});

test('a run pinned to its source: changing the snapshot under a waiting run fails it clearly', async () => {
  const text = flow(`(let [a (flow/step :wait :approval {:key "pin" :timeout "1h"})] a)`);
  const { run, store, engine } = await runFlow(text, `{${clock}}`);
  const changed = text.replace(':approval {', ':other {');
  store.updateRun(run.id, { source: changed });
  const done = await resumeRun(run.id, engine);
  assert.equal(done.status, 'failed');
  assert.match(JSON.parse(done.error!).message, /flow changed under a running run/);
});

test('branch events carry labels, the branch taken, and the line', async () => {
  const text = flow(`(let [x (flow/input)]
    ^{:label "Big?" :yes "Ask" :no "Skip"}
    (if (> (:n x) 10) :ask :skip))`);
  const { report } = await runFlow(text, `{${clock} :input {:n 3}}`);
  assert.deepEqual(report.branches, [{ label: 'Big?', taken: 'no', branch: 'Skip', line: 7 }]);
});

test('notify renders channel templates with :data and records the request', async () => {
  const text = flow(`(let [n (flow/step :notify :tell {:channels {:http {:connection :mail :path "/send" :method :post :json {:subject "Order {{id}}"}}} :data {:id "A-9"}})] n)`);
  const { run, events } = await runFlow(text, `{${clock} :bindings {:mail {:mock {:status 202}}}}`);
  assert.equal(run.output, '{:sent? true, :channels {:http {:sent? true, :status 202}}}');
  const req = events.find((e) => e.type === 'request');
  assert.ok(req && req.type === 'request');
  assert.equal(req.body, '{"subject":"Order A-9"}');
  assert.equal(req.url, 'http://mail.mock.invalid/send');
});

test('wait notifications carry approval links; missing template variables are reported', async () => {
  const text = flow(`(let [a (flow/step :wait :approval {:key "links" :timeout "1h" :notify {:template :notice :data {:id "A-1"}}})] a)`,
    ':templates [{:id :notice :type :notification :channels {:http {:connection :mail :path "/m" :json {:text "Approve {{id}}: {{approval-url}} / {{rejection-url}} {{missing}}"}}}}]');
  const { run, events } = await runFlow(text, `{${clock} :bindings {:mail {:mock {:status 202}}}}`);
  assert.equal(run.status, 'waiting');
  const req = events.find((e) => e.type === 'request');
  assert.ok(req && req.type === 'request');
  assert.match(req.body!, /Approve A-1: http:\/\/127\.0\.0\.1:8787\/waits\/w-[0-9a-f]+\/approve\?token=[0-9a-f]+ \/ http:\/\/127\.0\.0\.1:8787\/waits\/w-[0-9a-f]+\/reject\?token=/);
  assert.ok(events.some((e) => e.type === 'template-variable-missing' && e.variable === 'missing'));
});

test('two waits: approving without --step is refused as ambiguous', async () => {
  const text = flow(`(let [a (flow/step :wait :a {:key "two-a" :timeout "1h"})
        b (flow/step :wait :b {:key "two-b" :timeout "1h"})] [a b])`);
  const { run, engine } = await runFlow(text, `{${clock} :mocks {:a {:action :approve}}}`);
  assert.equal(run.status, 'waiting');
  const { run: done } = await resolveAndResume(engine, { runId: run.id, action: 'approve', stepId: 'b' });
  assert.equal(done.status, 'completed');
});

test(':persist {:type :kv} writes the result to the KV store with its ttl', async () => {
  const text = flow(`(let [r (flow/step :function :calc {:code '(fn [i] {:total (* 2 (:n i))}) :input {:n 21} :persist {:type :kv :key "calc:last" :ttl 60}})
        back (flow/step :kv :read {:operation :get :key "calc:last"})] [r (:value back)])`);
  const { run, store } = await runFlow(text, `{${clock}}`);
  assert.equal(run.status, 'completed', run.error ?? '');
  assert.match(run.output!, /\{:type :kv, :key "calc:last", :persisted true\}/);
  assert.match(run.output!, /\{:total 42/);
  const entry = store.kvGet('calc:last', Date.parse('2026-11-29T10:00:00Z'));
  assert.ok(entry);
  assert.equal(entry.expiresAt, Date.parse('2026-11-29T10:00:00Z') + 60_000);
});

test('sleep by :duration advances the virtual clock; :time reads it', async () => {
  const text = flow(`(let [a (flow/step :time :before {})
        s (flow/step :sleep :nap {:duration "5m"})
        b (flow/step :time :after {})] [(:iso a) s (:iso b)])`);
  const { run } = await runFlow(text, `{${clock}}`);
  assert.equal(run.output, '["2026-11-29T10:00:00.000Z" {:slept-seconds 300} "2026-11-29T10:05:00.000Z"]');
});

test('a wait resolved and timed out in the same execution goes on to the next steps', async () => {
  const text = flow(`(let [a (flow/step :wait :w {:key "cont" :timeout "1h" :on-timeout :continue :default-value :none})
        b (flow/step :function :after {:code '(fn [i] i) :input {:a a}})] b)`);
  const { run, engine } = await runFlow(text, `{${clock}}`);
  assert.equal(run.status, 'waiting');
  const done = await resumeRun(run.id, engine, { advanceMs: 2 * 3600_000 });
  assert.equal(done.status, 'completed', done.error ?? '');
  assert.match(done.output!, /^\{:a :none/);
});

test('the pause hook runs before each new step (not before replayed ones) and can hold the run', async () => {
  const text = flow(`(let [a (flow/step :function :a {:code '(fn [i] i) :input {:n 1}})
        b (flow/step :wait :b {:key "hook" :timeout "1h"})
        c (flow/step :function :c {:code '(fn [i] i) :input {:n 3}})] [a b c])`);
  const seen: string[] = [];
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  const hooks = {
    beforeStep: async (p: { stepKey: string }) => {
      seen.push(p.stepKey);
      if (p.stepKey === 'a#0') await held;
    },
  };
  const store = tempStore();
  const running = runFlow(text, `{${clock}}`, { store, hooks });
  // The run is held at its first step until the hook lets it go.
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(seen, ['a#0']);
  assert.equal(store.journal(store.listRuns({})[0]!.id).length, 0);
  release();
  const { run, engine } = await running;
  assert.equal(run.status, 'waiting');
  assert.deepEqual(seen, ['a#0', 'b#0']);
  await resolveAndResume({ ...engine, hooks }, { runId: run.id, action: 'approve' });
  // On resume, a#0 is replayed (no hook); b#0 settles and c#0 runs.
  assert.deepEqual(seen, ['a#0', 'b#0', 'b#0', 'c#0']);
});

test('templates render with the platform helpers and no HTML escaping', async () => {
  const text = flow(`(let [n (flow/step :notify :tell {:channels {:http {:connection :mail :path "/send"
                   :json {:text "{{truncate note length=5}}|{{json items}}|{{length items}}|{{join tags separator=\\"+\\"}}|{{first tags}}/{{last tags}}|{{default missing \\"none\\"}}|<b>&{{name}}"}}}
       :data {:note "abcdefghij" :items [1 2] :tags ["x" "y" "z"] :name "A&B <c>"}})] n)`);
  const { events } = await runFlow(text, `{${clock} :bindings {:mail {:mock {:status 202}}}}`);
  const req = events.find((e) => e.type === 'request');
  assert.ok(req && req.type === 'request');
  assert.equal(JSON.parse(req.body!).text, 'abcde...|[1,2]|2|x+y+z|x/z|none|<b>&A&B <c>');
});

test('a run the holding process finishes right after the resolution is reported as continuing there, not resumed here', async () => {
  // The debug session (another process) holds the run's lease at its wait, sees the
  // resolution on the feed and finishes the run before this process gets to resume it.
  const text = flow(`(let [a (flow/step :wait :approval {:key "k-held" :timeout "1h"})] (:action a))`);
  const { run, store, engine } = await runFlow(text, `{${clock}}`);
  assert.equal(run.status, 'waiting');
  assert.equal(store.acquireLease(run.id, 'debug-session:4242', Date.now(), 30_000), true);
  const holder = new Proxy(store, {
    get(target, name, receiver) {
      if (name !== 'resolveWait') return Reflect.get(target, name, receiver);
      return (...args: Parameters<typeof store.resolveWait>) => {
        const won = target.resolveWait(...args);
        target.updateRun(run.id, { status: 'completed', output: ':approve', endedAt: Date.now(), leaseOwner: null, leaseExpiresAt: null });
        return won;
      };
    },
  });
  const result = await resolveAndResume({ ...engine, store: holder }, { runId: run.id, action: 'approve' });
  assert.equal(result.continuesElsewhere, 'debug-session:4242');
  assert.equal(result.run.status, 'completed');
  assert.equal(eventsOf(store, run.id).filter((e) => e.type === 'run-resumed').length, 0, 'this process did not resume the run');
});
