// What a flow reads off its input, from the body alone: keyword calls, get/get-in/->,
// destructuring, names bound to parts of the input, function code reached through a step's
// :input, the keyed concurrency's :key-field and the invocation inputs' types.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CollNode } from '../../engine/edn/nodes';
import { readEdn } from '../../engine/edn/reader';
import { inputReads, type InputTree } from '../../engine/scaffold/input-reads';
import { placeholderJson, skeletonOf } from '../../engine/scaffold/placeholder';

function reads(body: string, extra = ''): unknown {
  const flow = readEdn(`{:slug :t ${extra.includes(':concurrency') ? '' : ':concurrency {:type :singleton}'} ${extra} :flow '${body}}`).forms[0] as CollNode;
  return placeholderJson(skeletonOf(inputReads(flow)));
}

function keys(tree: InputTree): string[] {
  return [...tree.values()].flatMap((k) => [k.name, ...keys(k.children).map((c) => `${k.name}.${c}`)]);
}

const cases: { name: string; body: string; extra?: string; expected: unknown }[] = [
  { name: 'keyword call', body: '(let [input (flow/input)] (:order-id input))', expected: { 'order-id': 'example-order-id' } },
  { name: 'get and get-in', body: '(let [in (flow/input)] [(get in :a) (get-in in [:b :c]) (get in "d")])', expected: { a: 'example-a', b: { c: 'example-c' }, d: 'example-d' } },
  { name: 'threading', body: '(let [in (flow/input)] (-> in :customer :email))', expected: { customer: { email: 'example-email' } } },
  { name: 'destructuring', body: '(let [{:keys [a b] c :cee :as all} (flow/input)] [a b c (:d all)])', expected: { a: 'example-a', b: 'example-b', cee: 'example-cee', d: 'example-d' } },
  { name: 'names bound to parts', body: '(let [input (flow/input) order (:order input) id (:id order)] id)', expected: { order: { id: 'example-id' } } },
  { name: '(flow/input) read directly', body: '(:x (flow/input))', expected: { x: 'example-x' } },
  { name: 'shadowed by fn params', body: '(let [input (flow/input)] (fn [input] (:not-read input)))', expected: {} },
  { name: 'predicate keys are booleans', body: '(let [input (flow/input)] (if (:dry-run? input) 1 2))', expected: { 'dry-run?': false } },
  {
    name: 'function code through a step input',
    body: '(let [input (flow/input)] (flow/step :function :f {:ref :f :input input}))',
    extra: ':functions [{:id :f :code "(fn [x] (update (:user x) :name clojure.string/upper-case))"}]',
    expected: { user: { name: 'example-name' } },
  },
  { name: 'key-field', body: '(let [input (flow/input)] 1)', extra: ':concurrency {:type :keyed :key-field :tenant}', expected: { tenant: 'example-tenant' } },
  {
    name: 'invocation input types and defaults',
    body: '(let [input (flow/input)] (:n input))',
    extra: ':invocations {:default {:inputs [{:name :n :type :number} {:name :ok :type :boolean} {:name :at :type :email} {:name :tier :type :select :options ["gold" "silver"]}]}}',
    expected: { n: 1, ok: false, at: 'you@example.com', tier: 'gold' },
  },
];

for (const c of cases) {
  test(`input reads: ${c.name}`, () => {
    assert.deepEqual(reads(c.body, c.extra), c.expected);
  });
}

test('input reads: the founding flow reads :order-id only', () => {
  const flow = readEdn(`{:slug :t :flow '(let [input (flow/input) order-id (:order-id input) order (flow/step :http :f {:path (str "/orders/" order-id)})] (:total (:body order)))}`).forms[0] as CollNode;
  assert.deepEqual(keys(inputReads(flow)), ['order-id']);
});
