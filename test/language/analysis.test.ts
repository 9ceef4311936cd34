// The analysis layer editor features stand on: what a position means (catalog context,
// following the caret into function code held in strings), the locals visible at an offset,
// the document index (references, secrets, steps, branches, crons) and code regions with
// their offset mapping through string escapes.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readEdn } from '../../engine/edn/reader';
import { DocumentAnalysis, occurrencesOf, visibleLocals } from '../../engine/language/analysis/index';
import { parseMarkers } from '../support/markers';
import { flow } from './check-support';

function at(source: string): { analysis: DocumentAnalysis; offsets: number[] } {
  const { text, carets } = parseMarkers(source);
  return { analysis: new DocumentAnalysis(readEdn(text)), offsets: carets };
}

function meaning(source: string): string {
  const { analysis, offsets } = at(source);
  const loc = analysis.locate(offsets[0]!);
  const ctx = loc.contexts[loc.contexts.length - 1]!;
  switch (ctx.kind) {
    case 'map':
      return `map ${ctx.schema.role} ${ctx.schema.where}`;
    case 'key':
      return `key :${ctx.field?.key} of ${ctx.schema.where}`;
    case 'value':
      return `value of :${ctx.field.key} in ${ctx.owner.where}${ctx.code ? ' (code)' : ''}`;
    case 'code':
      return `code ${ctx.mode}${loc.region ? ' in a string' : ''}`;
    default:
      return ctx.kind;
  }
}

test('what positions mean', () => {
  assert.equal(meaning(flow('(flow/step :http :x {:ret|ry {:max-attempts 1}})')), 'key :retry of a :http step');
  assert.equal(meaning(flow('(flow/step :http :x {:retry {:max-att|empts 1}})')), 'key :max-attempts of :retry');
  assert.equal(meaning(flow('(flow/step :wait :x {:key "k" :on-timeout :cont|inue})')), 'value of :on-timeout in a :wait step (code)');
  assert.equal(meaning(flow('(flow/step :h|ttp :x {})')), 'step-type');
  assert.equal(meaning(flow('(let [a 1] (in|c a))')), 'code body');
  assert.equal(meaning(flow('(let [a 1] a)', ':functions [{:id :f :language :clojure :code "(fn [input] (inc inp|ut))"}]')), 'code function in a string');
  assert.equal(meaning(flow('(let [a 1] a)', ':requires [{:slot :a :type :http-api :label "A" :auth {:type :bea|rer}}]')), 'value of :type in `:auth {:type :bearer}`');
  assert.equal(meaning('{:slug :t :triggers [{:type :schedule :config {:cr|on "0 * * * *"}}]}'), "key :cron of a :schedule trigger's :config");
  assert.equal(meaning('{:slug :t :interfaces {:webhook [{:id :w :invo|cation :default}]}}'), 'key :invocation of a :webhook interface');
  assert.equal(meaning('{:slug :t :invocations {:default {:in|puts []}}}'), 'key :inputs of an invocation');
  assert.equal(meaning(flow("(let [x '(a b|)] x)")), 'data');
});

test('locals visible at an offset', () => {
  const names = (source: string) => {
    const { analysis, offsets } = at(source);
    const loc = analysis.locate(offsets[0]!);
    return visibleLocals(loc.path, loc.offset).map((l) => l.name).sort();
  };
  assert.deepEqual(names(flow('(let [a 1 b (inc |a) c 3] c)')), ['a']);
  assert.deepEqual(names(flow('(let [a 1 {:keys [b c] :as all} {}] (+ |b))')), ['a', 'all', 'b', 'c']);
  assert.deepEqual(names(flow('(let [xs [1]] (for [x xs :let [y (inc x)] :when (odd? y)] (+ |y)))')), ['x', 'xs', 'y']);
  assert.deepEqual(names(flow('(let [f (fn g [p & more] (+ |p))] f)')), ['g', 'more', 'p']);
  assert.deepEqual(names(flow('(if-let [v (:v {})] v (str |v))')), []);
  assert.deepEqual(names(flow('(letfn [(twice [n] (* 2 |n))] (twice 1))')), ['n', 'twice']);
  assert.deepEqual(names(flow('(let [a 1] #(+ |% a))')).filter((n) => !n.startsWith('%')), ['a']);
});

test('the index: references, secrets, steps, branches and crons', () => {
  const { analysis } = at(
    flow(
      '(let [r (flow/step :http :x {:connection :api :template :t :data {}})\n b ^{:label "L" :yes "Y" :no "N"} (if r (flow/step :function :f {:ref :fn1 :input {}}) 2)] b)',
      ':requires [{:slot :api :type :http-api :label "A" :base-url "https://x" :auth {:type :bearer}} {:slot :s :type :secret :label "S" :secret-ref :sk}]\n :templates [{:id :t :type :http-request :request {}}]\n :functions [{:id :fn1 :language :clojure :code "(fn [i] i)"}]\n :schedules [{:id :n :invocation :default :cron "0 2 * * *"}]',
    ),
  );
  const index = analysis.index;
  assert.deepEqual(index.refs.map((r) => `${r.kind}:${r.id}`).sort(), ['connection:api', 'function:fn1', 'invocation:default', 'invocation:default', 'template:t']);
  assert.deepEqual(index.secrets.map((s) => `${s.id}@${s.slotId}`), ['sk@s']);
  assert.deepEqual(index.steps.map((s) => `${s.type}:${s.id}`), ['http:x', 'function:f']);
  assert.deepEqual(index.branches.map((b) => [b.label, b.yes, b.no, b.ifForm !== null]), [['L', 'Y', 'N', true]]);
  assert.deepEqual(index.crons.map((c) => c.node.value), ['0 2 * * *']);
  assert.deepEqual(index.regions.map((r) => r.mode), ['body', 'function']);
  assert.equal(occurrencesOf(analysis, 'slot', 'api').length, 2);
  assert.equal(occurrencesOf(analysis, 'secret', 'sk').length, 1);
});

test('a code string region maps offsets through escapes both ways', () => {
  const { analysis, offsets } = at(flow('(let [a 1] a)', ':functions [{:id :f :language :clojure :code "(fn [input] (str \\"x\\\\n\\" |input))"}]'));
  const region = analysis.index.regions.find((r) => r.string !== null)!;
  assert.equal(region.text, '(fn [input] (str "x\\n" input))');
  const inner = region.fromSource(offsets[0]!)!;
  assert.equal(region.text.slice(inner, inner + 5), 'input');
  assert.equal(region.toSource(inner), offsets[0]);
  const binding = region.locals().bindings.find((b) => b.name === 'input')!;
  assert.equal(binding.uses.length, 1);
  assert.equal(analysis.text.slice(region.toSource(binding.uses[0]!.start), region.toSource(binding.uses[0]!.end)), 'input');
});
