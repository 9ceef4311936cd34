// The step report behind `flow-edn show RUN --step ID`, on the virtual clock: every
// occurrence of a step in a loop, retries with each attempt's request and response, a step
// skipped by `:on-error :skip`, and the rendered config.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stepIdsOf, stepReport } from '../../engine/run/step-report';
import { flow, runFlow } from './support';

const clock = ':clock {:start "2026-11-29T10:00:00Z"}';

test('every occurrence in a loop, each attempt with its request and response; a skipped one says so', async () => {
  const text = flow(`(vec (for [id ["a" "b"]]
    (flow/step :http :get {:url (str "https://example.invalid/items/" id) :on-error :skip :retry {:max-attempts 2 :backoff-ms 100}})))`);
  // Per attempt, the last repeating: each occurrence gets 503 then 404 (not retried), so both end skipped.
  const { run, store } = await runFlow(text, `{${clock} :mocks {:get [{:status 503 :body {:e 1}} {:status 404 :body "gone"}]}}`);
  assert.equal(run.status, 'completed', run.error ?? '');
  assert.deepEqual(stepIdsOf(store, run.id), ['get']);
  const r = stepReport(store, run.id, 'get')!;
  assert.equal(r.step.type, 'http');
  assert.deepEqual(r.step.occurrences.map((o) => [o.key, o.status, (o.config as any).url]), [
    ['get#0', 'skipped', 'https://example.invalid/items/a'],
    ['get#1', 'skipped', 'https://example.invalid/items/b'],
  ]);
  assert.equal(r.step.occurrences[0]!.attempts[0]!.startedAt, '2026-11-29T10:00:00.000Z');
  for (const o of r.step.occurrences) {
    assert.deepEqual(o.attempts.map((a) => [a.n, a.status, a.response?.status, a.request?.method]), [[1, 'retry', 503, 'GET'], [2, 'failed', 404, 'GET']]);
    const [first, second] = o.attempts.map((a) => Date.parse(a.startedAt!));
    assert.equal(second! - first!, 100, 'the second attempt starts after the 100 ms backoff');
    assert.equal(o.attempts[1]!.response!.body, 'gone');
    assert.match(o.error!, /answered 404: gone/);
    assert.equal(o.resultEdn, 'nil');
  }
  assert.equal(stepReport(store, run.id, 'nope'), undefined);
});

test('the config is the one that ran: an :http template merged and rendered with :data', async () => {
  const text = flow(`(flow/step :http :fetch {:connection :api :template :t :data {:id "X-1"}})`,
    ':requires [{:slot :api :type :http-api :label "A" :base-url "https://x.invalid" :auth {:type :none}}]\n :templates [{:id :t :type :http-request :request {:method :get :path "/things/{{id}}"}}]');
  const { run, store } = await runFlow(text, `{${clock} :bindings {:api {:mock {:status 200 :body {:ok true}}}}}`);
  const [o] = stepReport(store, run.id, 'fetch')!.step.occurrences;
  assert.equal(o!.configEdn, '{:method :get, :path "/things/X-1", :connection :api}');
  assert.equal(o!.attempts[0]!.request!.url, 'http://api.mock.invalid/things/X-1', 'a connection mock answers for the slot');
  assert.deepEqual(o!.result, { status: 200, headers: { 'content-type': 'application/json' }, body: { ok: true } });
});
