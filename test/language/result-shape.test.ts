// The `result-shape` pass: keys read off step results whose shape the catalog knows, in the
// body and, through `:input`, in the function code that receives them; never for persisted
// results, for keys the shape has, or for shadowed names.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertCase, describe, findingsOf, flow, type Case } from './check-support';

const http = '(flow/step :http :fetch {:url "https://x"})';
const fn = (code: string) => `:functions [{:id :f :language :clojure :code ${JSON.stringify(code)}}]`;

const cases: Case[] = [
  { name: 'keyword call on an :http result', source: flow(`(let [resp ${http}]\n  (|:id| resp))`), code: 'result-shape', severity: 'warning', message: 'it has no `:id`' },
  { name: 'get on an :http result', source: flow(`(let [resp ${http}]\n  (get resp |:id|))`), code: 'result-shape', severity: 'warning' },
  { name: 'get-in on an :http result', source: flow(`(let [resp ${http}]\n  (get-in resp [|:items| 0]))`), code: 'result-shape', severity: 'warning', message: '(get-in resp [:body :items])' },
  { name: 'thread-first on an :http result', source: flow(`(let [resp ${http}]\n  (-> resp |:items| first))`), code: 'result-shape', severity: 'warning' },
  { name: 'destructuring an :http result', source: flow(`(let [resp ${http}\n      {:keys [|id|]} resp]\n  id)`), code: 'result-shape', severity: 'warning' },
  { name: 'through an alias', source: flow(`(let [resp ${http}\n      r resp]\n  (|:id| r))`), code: 'result-shape', severity: 'warning' },
  { name: 'a kv result', source: flow('(let [v (flow/step :kv :k {:operation :get :key "a"})]\n  (|:count-x| v))'), code: 'result-shape', severity: 'warning', message: 'under `:value`' },
  {
    name: 'into :ref function code through :input (at the exact characters)',
    source: flow(`(let [resp ${http}\n      s (flow/step :function :s {:ref :f :input resp})]\n  s)`, fn('(fn [r] {:level (|:risk-level| r)})')),
    code: 'result-shape',
    severity: 'warning',
    message: '`r` receives `resp`',
  },
  {
    name: 'at the :input site',
    source: flow(`(let [resp ${http}\n      s (flow/step :function :s {:ref :f :input |resp|})]\n  s)`, fn('(fn [r] (:score r))')),
    code: 'result-shape',
    severity: 'warning',
    message: 'Pass `(:body resp)` as the input',
  },
  {
    name: 'into inline :code',
    source: flow(`(let [resp ${http}\n      s (flow/step :function :s {:input resp :code "(fn [r] (get r |:score|))"})]\n  s)`),
    code: 'result-shape',
    severity: 'warning',
  },
  {
    name: 'into quoted function code with destructured params',
    source: flow(`(let [resp ${http}\n      s (flow/step :function :s {:ref :f :input resp})]\n  s)`, ":functions [{:id :f :language :clojure :code '(fn [{:keys [|score|]}] score)}]"),
    code: 'result-shape',
    severity: 'warning',
  },
  {
    name: 'the whole :kv :get envelope extended with conj and stored as :value (the platform KV example)',
    source: flow('(let [history (flow/step :kv :load-history {:operation :get :key "s:1" :default []})\n      updated (conj |history| {:message "hello"})]\n  (flow/step :kv :save-history {:operation :set :key "s:1" :value updated}))'),
    code: 'result-shape',
    severity: 'warning',
    message: 'is the whole result of the `:kv` step `:load-history`, shaped `{:success :value :exists?}`: this `:value` stores that envelope, not the value read. Use `(:value history)`.',
  },
  {
    name: 'the whole :kv :get envelope stored as :value directly',
    source: flow('(let [v (flow/step :kv :load {:operation :get :key "a"})]\n  (flow/step :kv :save {:operation :set :key "b" :value |v|}))'),
    code: 'result-shape',
    severity: 'warning',
    message: 'Use `(:value v)`',
  },
];

for (const c of cases) {
  test(`result-shape: ${c.name}`, () => {
    assertCase(c);
  });
}

const clean: [string, string][] = [
  ['keys the shape has', flow(`(let [resp ${http}]\n  [(:status resp) (get-in resp [:body :id]) (:headers resp) (-> resp :body :id)])`)],
  ['persisted results are ref maps', flow('(let [resp (flow/step :http :fetch {:url "https://x" :persist {:type :blob}})]\n  (:ref resp))')],
  ['a shadowed name', flow(`(let [resp ${http}\n      f (fn [resp] (:id resp))]\n  (f {:id 1}))`)],
  ['a function step result has no known shape', flow('(let [s (flow/step :function :s {:code "(fn [i] i)" :input {}})]\n  (:anything s))')],
  ['passing the body', flow(`(let [resp ${http}\n      s (flow/step :function :s {:ref :f :input (:body resp)})]\n  s)`, fn('(fn [r] (:score r))'))],
  ['a :kv :get value read off the envelope', flow('(let [h (flow/step :kv :load {:operation :get :key "s" :default []})\n      updated (conj (:value h) 1)]\n  (flow/step :kv :save {:operation :set :key "s" :value updated}))')],
  ['a :kv :set result is no read envelope', flow('(let [h (flow/step :kv :put {:operation :set :key "s" :value 1})]\n  (flow/step :kv :save {:operation :set :key "t" :value h}))')],
  ['a function that reads only shape keys', flow(`(let [resp ${http}\n      s (flow/step :function :s {:ref :f :input resp})]\n  s)`, fn('(fn [r] (:status r))'))],
];

for (const [name, text] of clean) {
  test(`result-shape stays quiet: ${name}`, () => {
    const found = findingsOf(text).filter((f) => f.code === 'result-shape');
    assert.deepEqual(found, [], describe(found, text));
  });
}

test('the founding flow: :risk-summary reads :risk-level and :score off the :http result', () => {
  const text = readFileSync(join(__dirname, '..', '..', '..', 'test', 'fixtures', 'examples', 'advanced-order-orchestration.flow.edn'), 'utf8');
  const found = findingsOf(text).filter((f) => f.code === 'result-shape');
  assert.deepEqual(found.map((f) => text.slice(f.start, f.end)), [':risk-level', ':score', ':risk-level', 'risk']);
  assert.ok(found.every((f) => f.severity === 'warning'));
  const input = found.find((f) => text.slice(f.start, f.end) === 'risk')!;
  assert.match(input.message, /the function `:risk-summary` reads `:risk-level`, `:score`/);
  const fixes = input.data!['fixes'] as { edits: { start: number; end: number; newText: string }[] }[];
  assert.deepEqual(fixes[0]!.edits, [{ start: input.start, end: input.end, newText: '(:body risk)' }]);
  const read = found[0]!;
  const readFix = (read.data!['fixes'] as { edits: { start: number; end: number; newText: string }[] }[])[0]!.edits[0]!;
  assert.equal(text.slice(readFix.start, readFix.end), '(:risk-level risk)');
  assert.equal(readFix.newText, '(get-in risk [:body :risk-level])');
});
