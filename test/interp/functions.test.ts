// Function code (`:functions` entries and inline `:code`), JSON conversion, and the
// interpreter held to the catalog: every callable the catalog allows somewhere is implemented.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { is, List } from 'immutable';
import { readEdn } from '../../engine/edn/reader';
import { nodeToValue } from '../../engine/edn/convert';
import { Keyword, type Value } from '../../engine/edn/values';
import { callableByName } from '../../engine/language/catalog/index';
import { compileFunction, implementedNames, Instant, InterpError, jsonToValue, ThrownValue, valueToJsonData } from '../../engine/interp/index';

function edn(text: string): Value {
  return nodeToValue(readEdn(text).forms[0]!);
}

describe('compileFunction', () => {
  test('runs a code string with one input', () => {
    const fn = compileFunction('(fn [risk] {:risk-level (:risk-level risk) :needs-approval (= :high (:risk-level risk))})');
    assert.ok(is(fn(edn('{:risk-level :high}')), edn('{:risk-level :high :needs-approval true}')));
    assert.ok(is(fn(edn('{:risk-level :low}')), edn('{:risk-level :low :needs-approval false}')));
  });

  test('accepts the quoted form as a node', () => {
    const text = "'(fn [input] (update input :n inc))";
    const fn = compileFunction(readEdn(text).forms[0]!);
    assert.ok(is(fn(edn('{:n 1}')), edn('{:n 2}')));
  });

  test('accepts the quoted form as a value (what :code evaluates to in the body)', () => {
    const fn = compileFunction(edn('(fn [input] (clojure.string/upper-case (:name input)))'));
    assert.equal(fn(edn('{:name "ada"}')), 'ADA');
  });

  test('allows the transforms and helpers of function code', () => {
    const fn = compileFunction('(fn [{:keys [users]}] {:count (count users) :names (mapv :name users) :id (breyta.sandbox/uuid-from "x")})');
    const out = fn(edn('{:users [{:name "a"} {:name "b"}]}'));
    assert.ok(is(out, edn('{:count 2 :names ["a" "b"] :id "9dd4e461-268c-3034-b5c8-564e155c67a6"}')), String(out));
  });

  test('rejects body-only forms and anything but one fn form', () => {
    assert.throws(() => compileFunction('(fn [input] (flow/step :http :x {}))'), /only in the flow body/);
    assert.throws(() => compileFunction('(+ 1 2)'), /must be one \(fn \[input\] \.\.\.\) form/);
    assert.throws(() => compileFunction('(fn [a b] a)'), /exactly one argument/);
    assert.throws(() => compileFunction('(fn [x] x) (fn [y] y)'), /exactly one/);
    assert.throws(() => compileFunction('(fn [x] (inc x)'), InterpError);
  });

  test('errors are located in the code string', () => {
    const code = '(fn [input] (+ 1 (:missing input)))';
    const fn = compileFunction(code);
    try {
      fn(edn('{}'));
      assert.fail('expected an error');
    } catch (e) {
      assert.ok(e instanceof InterpError);
      assert.equal(code.slice(e.start, e.end), '(+ 1 (:missing input))');
    }
    try {
      compileFunction('(fn [input] (frobnicate input))');
      assert.fail('expected an error');
    } catch (e) {
      assert.ok(e instanceof InterpError);
      assert.equal(e.start, 13);
      assert.equal(e.end, 23);
      assert.equal(e.phase, 'compile');
    }
  });

  test('an uncaught ex-info surfaces as a ThrownValue', () => {
    const fn = compileFunction('(fn [x] (throw (ex-info "bad input" {:x x})))');
    assert.throws(() => fn(1), (e: unknown) => e instanceof ThrownValue && e.message === 'bad input');
  });

  test('each call has its own fuel', () => {
    const fn = compileFunction('(fn [n] (loop [i 0] (if (< i n) (recur (inc i)) i)))', { fuel: 1000 });
    for (let i = 0; i < 5; i++) assert.equal(fn(900), 900);
    assert.throws(() => fn(5000), /ran out of fuel after 1000 steps/);
  });

  test('a returned function value is callable', () => {
    const fn = compileFunction('(fn [n] (fn [m] (+ n m)))');
    const inner = fn(1) as (...args: Value[]) => Value;
    assert.equal(inner(2), 3);
  });
});

describe('JSON conversion', () => {
  test('JSON objects become keyword maps, arrays vectors', () => {
    const v = jsonToValue({ 'order-id': 'o-1', items: [1, { 'a/b': true }], none: null });
    assert.ok(is(v, edn('{:order-id "o-1" :items [1 {:a/b true}] :none nil}')));
    assert.ok(List.isList((v as { get(k: Value): Value }).get(Keyword.of('items'))));
  });

  test('values become JSON data', () => {
    const v = edn('{:a :k :b #{1} :c [1 "x" nil] "s" 1.5}');
    assert.deepEqual(valueToJsonData(v), { a: 'k', b: [1], c: [1, 'x', null], s: 1.5 });
    assert.equal(valueToJsonData(new Instant(0)), '1970-01-01T00:00:00Z');
  });
});

describe('the catalog and the interpreter agree', () => {
  test('every callable allowed in the body or in function code is implemented', () => {
    const implemented = implementedNames();
    const missing = [...callableByName.values()].filter((c) => (c.inBody || c.inFunctions) && !implemented.has(c.name)).map((c) => c.name);
    assert.deepEqual(missing, []);
  });

  test('every implemented core function is in the catalog', () => {
    const extras = [...implementedNames()].filter((n) => !callableByName.has(n));
    // Forms the interpreter knows beyond the catalog: the `#()` reader form, interop, and
    // `if-some`/`when-some` (function code only).
    assert.deepEqual(extras.sort(), ['#()', '.', 'if-some', 'new', 'when-some'].sort());
  });
});
