// What the checker must accept: every example flow (no errors), the founding flow's two
// quirks reported as warnings only, and code that binds names every way Clojure does.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertClean, describe, findingsOf, flow } from './check-support';

const examplesDir = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'examples');
const examples = readdirSync(examplesDir).filter((f) => f.endsWith('.flow.edn'));

test('the fixtures hold all ten example flows', () => {
  assert.equal(examples.length, 10);
});

for (const name of examples) {
  test(`example ${name} checks with no errors`, () => {
    const text = readFileSync(join(examplesDir, name), 'utf8');
    const errors = findingsOf(text).filter((f) => f.severity === 'error');
    assert.deepEqual(errors, [], describe(errors, text));
  });
}

test('the founding flow: its two quirks, the keyed schedule and the legacy manual trigger are warnings, not errors', () => {
  const text = readFileSync(join(examplesDir, 'advanced-order-orchestration.flow.edn'), 'utf8');
  const findings = findingsOf(text).filter((f) => f.severity === 'warning' || f.severity === 'error');
  const codes = [...new Set(findings.map((f) => f.code))].sort();
  assert.deepEqual(codes, ['deprecated', 'function-step-without-code', 'missing-required-key', 'result-shape'], describe(findings, text));
  // The platform's lint warns on a manual trigger in `:triggers` (deprecated_manual_trigger).
  const manual = findings.find((f) => f.code === 'deprecated')!;
  assert.equal(text.slice(manual.start, manual.end), ':manual');
  assert.ok(findings.every((f) => f.severity === 'warning'));
  const shapes = findings.filter((f) => f.code === 'result-shape');
  assert.ok(shapes.some((f) => text.slice(f.start, f.end) === ':risk-level' && /get-in risk \[:body :risk-level\]/.test(f.message)), describe(shapes, text));
  const persist = findings.find((f) => f.code === 'function-step-without-code')!;
  assert.match(persist.message, /:persist-risk/);
  const schedule = findings.find((f) => f.code === 'missing-required-key')!;
  assert.match(schedule.message, /keyed concurrency on :order-id/);
});

const scopeCases: [string, string][] = [
  ['map destructuring with :keys :as :or', '(let [{:keys [a b] :as all :or {a 1}} (flow/input)] [a b all])'],
  ['vector destructuring with & rest', '(let [[x & more] [1 2 3]] [x more])'],
  ['nested destructuring', '(let [{{:keys [id]} :order} (flow/input)] id)'],
  ['for with :when and :let', '(let [xs [1 2]] (vec (for [x xs :let [y (inc x)] :when (odd? y)] (flow/step :sleep :nap {:seconds y}))))'],
  ['fn params and named fn', '(let [f (fn self [n] (if (zero? n) 0 (self (dec n))))] (f 3))'],
  ['fn literal with %', '(let [f #(str % %2)] (f 1 2))'],
  ['keyword and map as functions', '(let [m {:a 1}] [(:a m) (:b m 0) (m :a)])'],
  ['try catch finally', '(let [x (try (throw (ex-info "no" {})) (catch Exception e (ex-message e)) (finally nil))] x)'],
  ['thread-first and cond', '(let [input (flow/input)] (-> input (assoc :a 1) (get :a) (cond-> true inc)))'.replace('(cond-> true inc)', 'inc')],
  ['if-let binding', '(let [input (flow/input)] (if-let [v (:v input)] v :none))'],
  ['letfn', '(letfn [(twice [x] (* 2 x))] (twice 2))'],
  ['case constants are not resolved', '(let [k :a] (case k :a 1 b 2 (c d) 3 :default))'],
  ['quoted data is not resolved', "(let [x '(unknown-thing 1 2)] x)"],
  ['flow forms', '(let [t (flow/now-ms) ok (flow/slot-bound? :api)] [t ok])'],
  ['branch labels on if and on its test', '(let [x 1] [^{:label "L" :yes "Y" :no "N"} (if x 1 2) (if ^{:label "Has x"} (pos? x) 1 2)])'],
  ['steps with the same id inside a loop', '(let [xs [1 2]] (vec (for [x xs] (flow/step :sleep :nap {:seconds x}))))'],
];

for (const [name, body] of scopeCases) {
  test(`body accepts: ${name}`, () => {
    assertClean(flow(body), name);
  });
}

const functionCases: [string, string][] = [
  ['transforms and clojure.string', '(fn [input] (clojure.string/join "," (map str (filter odd? (:xs input)))))'],
  ['breyta.sandbox helpers', '(fn [input] (breyta.sandbox/sha256-hex (:s input)))'],
  ['java.time interop', '(fn [input] (str (java.time.Instant/parse (:at input)) (.toString (Instant/now))))'],
  ['reduce with destructuring', '(fn [{:keys [xs]}] (reduce (fn [acc [k v]] (assoc acc k v)) {} xs))'],
  ['threading in function code', '(fn [input] (->> (:xs input) (map inc) (into [])))'],
];

for (const [name, code] of functionCases) {
  test(`function code accepts: ${name}`, () => {
    const text = flow('(let [r (flow/step :function :f {:ref :f :input {}})] r)', `:functions [{:id :f :language :clojure :code ${JSON.stringify(code)}}]`);
    assertClean(text, name);
  });
}

test('checking never throws on garbage', () => {
  for (const text of ['', ' ', '{', '}', '{:flow', "{:flow '(", '(((', '{:slug}', '#=', '{:flow (quote)}', '{:flow \'(flow/step)}', "{:flow '(let [a (fn)] (a))}", '[1 2 3]', '"', '#_', '^']) {
    assert.doesNotThrow(() => findingsOf(text), text);
  }
});
