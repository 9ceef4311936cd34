// `serve` checks invocation inputs before accepting a delivery, with the engine's own check:
// a missing required input or a wrong type is refused with 422 and a message naming the
// input; no run starts.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { http, serve, tempDir, write, type Served } from './support';

const FLOW = `{:slug :inputs :name "Inputs"
 :concurrency {:type :singleton :on-new-version :supersede}
 :invocations {:default {:inputs [{:name :order-id :type :text :required true}
                                  {:name :amount :type :number}]}}
 :interfaces {:webhook [{:id :hook :invocation :default :auth {:type :bearer :secret-ref :key}}]}
 :triggers [{:type :event :label "In" :enabled true :config {:source :webhook :path "/in" :auth {:type :bearer :secret-ref :key}}}]
 :flow '(let [in (flow/input)] {:order (get in "order-id") :double (* 2 (or (:amount in) 0))})}`;

let s: Served;
before(async () => {
  const dir = tempDir();
  write(dir, 'inputs.flow.edn', FLOW);
  write(dir, 'inputs.sim.edn', '{:bindings {:key "k-1"}}');
  s = await serve(dir);
  assert.ok(s.rt.flows.get('inputs'), `flow did not load: ${s.log.join('\n')}`);
});
after(() => s.close());

const post = (value: unknown) => http('POST', `${s.url}/in`, JSON.stringify(value), { 'content-type': 'application/json', authorization: 'Bearer k-1' });

test('serve refuses a delivery that lacks a required input or has one of the wrong type (422, naming it); a good one runs', async () => {
  const before = s.runCount();
  const missing = await post({ amount: 3 });
  assert.equal(missing.status, 422, missing.text);
  assert.equal(missing.json.error.reason, 'invalid-input');
  assert.match(missing.json.error.message, /^input :order-id is required by invocation :default but the run input has none/);
  const wrong = await post({ 'order-id': 'A-1', amount: 'three' });
  assert.equal(wrong.status, 422);
  assert.equal(wrong.json.error.message, 'input :amount of invocation :default is :number, so it must be a number, not the string "three"');
  assert.equal(s.runCount(), before, 'no run started');
  const ok = await post({ 'order-id': 'A-1', amount: 3 });
  assert.equal(ok.status, 202, ok.text);
  assert.equal(ok.json.status, 'completed');
  assert.equal(s.runCount(), before + 1);
});
