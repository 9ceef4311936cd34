// The Host contract the run engine relies on: step calls with evaluated config and their
// node, host signals passing through flow code's try/catch, the branch hook, located errors,
// and compiled forms reused across replays.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { is, Map as IMap } from 'immutable';
import { readEdn } from '../../engine/edn/reader';
import type { CollNode, Node } from '../../engine/edn/nodes';
import { nodeToValue } from '../../engine/edn/convert';
import { printValue } from '../../engine/edn/printer';
import { Keyword, type Value } from '../../engine/edn/values';
import {
  compileForm,
  ExceptionValue,
  HostSignal,
  InterpError,
  ThrownValue,
  type BranchSite,
  type Host,
  type StepCall,
} from '../../engine/interp/index';
import { withRange } from '../support/markers';

function read(text: string): Node {
  const parsed = readEdn(text);
  assert.deepEqual(parsed.findings, []);
  return parsed.forms[0]!;
}

function edn(text: string): Value {
  return nodeToValue(read(text));
}

class Suspend extends HostSignal {}

function recordingHost(answer: (call: StepCall) => Value = () => null): Host & { calls: StepCall[]; branches: [BranchSite, boolean][] } {
  const calls: StepCall[] = [];
  const branches: [BranchSite, boolean][] = [];
  return {
    calls,
    branches,
    step(call) {
      calls.push(call);
      return answer(call);
    },
    input: () => edn('{:order-id "o-1"}'),
    nowMs: () => 42,
    branch(site, taken) {
      branches.push([site, taken]);
    },
  };
}

function body(text: string) {
  return compileForm(read(text), { mode: 'body', source: text });
}

describe('flow/step calls reach the host', () => {
  test('with the evaluated config and the call node', () => {
    const text = '(let [id (:order-id (flow/input))] (flow/step :http :fetch-order {:path (str "/orders/" id) :retry {:max-attempts 3}}))';
    const root = read(text);
    const host = recordingHost(() => edn('{:status 200}'));
    const result = compileForm(root, { mode: 'body', source: text }).run(host);
    assert.ok(is(result, edn('{:status 200}')));
    assert.equal(host.calls.length, 1);
    const call = host.calls[0]!;
    assert.equal(call.type, 'http');
    assert.equal(call.id, 'fetch-order');
    assert.ok(is(call.config, edn('{:path "/orders/o-1" :retry {:max-attempts 3}}')), printValue(call.config));
    // The node is the (flow/step ...) list of the compiled tree.
    const stepList = ((root as CollNode).children[2] as CollNode);
    assert.equal(call.node, stepList);
    assert.equal(text.slice(call.node.start, call.node.end).startsWith('(flow/step :http :fetch-order'), true);
  });

  test('packaged steps have a qualified type and no id', () => {
    const host = recordingHost();
    body('(flow/step :tools/fetch {:x 1})').run(host);
    assert.equal(host.calls[0]!.type, 'tools/fetch');
    assert.equal(host.calls[0]!.id, null);
  });

  test('steps in a for loop are called in order, one per item', () => {
    const host = recordingHost((c) => (c.config as IMap<Value, Value>).get(Keyword.of('n')) ?? null);
    const v = body('(vec (for [n [1 2 3]] (flow/step :http :post {:n n})))').run(host);
    assert.ok(is(v, edn('[1 2 3]')));
    assert.deepEqual(host.calls.map((c) => c.id), ['post', 'post', 'post']);
  });

  test('a compiled body is replayed with different hosts and gives the same calls', () => {
    const compiled = body('(let [a (flow/step :http :a {}) b (flow/step :http :b {:prev a})] [a b])');
    for (let i = 0; i < 3; i++) {
      const host = recordingHost((c) => c.id);
      assert.ok(is(compiled.run(host), edn('["a" "b"]')));
      assert.deepEqual(host.calls.map((c) => c.id), ['a', 'b']);
    }
  });

  test('flow/input, flow/now-ms and flow/slot-bound? ask the host', () => {
    const host = { ...recordingHost(), slotBound: (s: string) => s === 'slack' };
    assert.ok(is(body('[(flow/now-ms) (:order-id (flow/input)) (flow/slot-bound? :slack) (flow/slot-bound? :x)]').run(host), edn('[42 "o-1" true false]')));
    assert.equal(body('(flow/slot-bound? :slack)').run(recordingHost()), false, 'without slotBound nothing is bound');
  });

  test('locals given at compile time are bound at run time', () => {
    const compiled = compileForm(read('(+ a b)'), { mode: 'body', locals: ['a', 'b'] });
    assert.equal(compiled.run(recordingHost(), { a: 1, b: 2 }), 3);
    assert.equal(compiled.run(recordingHost(), { a: 10, b: 20 }), 30);
  });
});

describe('host signals', () => {
  test('pass through try/catch untouched, without running finally', () => {
    const host = recordingHost((c) => {
      if (c.id === 'approval') throw new Suspend('suspend at wait');
      return null;
    });
    const text = `(try (flow/step :wait :approval {}) (catch Throwable e :caught) (catch :default e :caught) (finally (flow/step :http :cleanup {})))`;
    assert.throws(() => body(text).run(host), (e: unknown) => e instanceof Suspend);
    assert.deepEqual(host.calls.map((c) => c.id), ['approval'], 'finally did not run');
  });

  test('pass through core functions and user functions', () => {
    const host = recordingHost(() => {
      throw new Suspend('x');
    });
    assert.throws(() => body('(try ((fn [] (str (flow/step :wait :w {})))) (catch Exception e 1))').run(host), Suspend);
  });

  test('a ThrownValue from the host is catchable, finally runs', () => {
    const host = recordingHost((c) => {
      if (c.id === 'flaky') throw new ThrownValue(new ExceptionValue('step failed', edn('{:status 500}')), -1, -1);
      return 'cleaned';
    });
    const v = body('(try (flow/step :http :flaky {}) (catch Exception e (ex-data e)) (finally (flow/step :http :cleanup {})))').run(host);
    assert.ok(is(v, edn('{:status 500}')));
    assert.deepEqual(host.calls.map((c) => c.id), ['flaky', 'cleanup']);
  });

  test('other host errors propagate uncaught', () => {
    const host = recordingHost(() => {
      throw new TypeError('store closed');
    });
    assert.throws(() => body('(try (flow/step :http :x {}) (catch Throwable e :caught))').run(host), TypeError);
  });
});

describe('branch hook', () => {
  const flow = `(let [approval ^{:label "Manager approval required?" :yes "Wait" :no "Auto-approve"}
                      (if (:needs-approval s) :wait :auto)
                      tested (if ^{:label "Has id"} (:id s) 1 2)
                      plain (if (:id s) 1 2)]
                  [approval tested plain])`;
  const compiled = compileForm(read(flow), { mode: 'body', locals: ['s'] });

  test('fires with the labels and the branch taken', () => {
    const host = recordingHost();
    assert.ok(is(compiled.run(host, { s: edn('{:needs-approval true :id 1}') }), edn('[:wait 1 1]')));
    assert.equal(host.branches.length, 2, 'only annotated ifs report');
    const [first, second] = host.branches;
    assert.deepEqual([first![0].label, first![0].yes, first![0].no, first![1]], ['Manager approval required?', 'Wait', 'Auto-approve', true]);
    assert.deepEqual([second![0].label, second![0].yes, second![0].no, second![1]], ['Has id', null, null, true]);
    assert.equal(first![0].node.kind, 'meta');
    assert.equal(flow.slice(first![0].node.start, first![0].node.start + 9), '^{:label ');
  });

  test('reports the else branch as not taken', () => {
    const host = recordingHost();
    compiled.run(host, { s: edn('{}') });
    assert.deepEqual(host.branches.map(([, t]) => t), [false, false]);
  });

  test('a host without the hook is fine', () => {
    const host: Host = { step: () => null, input: () => null, nowMs: () => 0 };
    assert.ok(is(compiled.run(host, { s: edn('{}') }), edn('[:auto 2 2]')));
  });
});

describe('located errors', () => {
  /** Runs marked code; the error must cover the `|...|` range. */
  function errorRange(marked: string, mode: 'body' | 'function' = 'function', locals: Record<string, Value> = {}): InterpError | ThrownValue {
    const { text, start, end } = withRange(marked);
    let caught: unknown;
    try {
      compileForm(read(text), { mode, source: text, locals: Object.keys(locals) }).run(recordingHost(), locals);
    } catch (e) {
      caught = e;
    }
    assert.ok(caught instanceof InterpError || caught instanceof ThrownValue, `expected an error, got ${String(caught)}`);
    assert.deepEqual([text.slice(caught.start, caught.end), caught.start, caught.end], [text.slice(start, end), start, end], (caught as Error).message);
    return caught;
  }

  test('an unknown symbol at compile time', () => {
    const e = errorRange('(let [x 1] (inc |y|))') as InterpError;
    assert.equal(e.phase, 'compile');
    assert.match(e.message, /Unknown symbol y/);
  });

  test('a runtime error in an argument', () => {
    const e = errorRange('(let [x |(+ 1 nil)|] x)');
    assert.equal(e.message, 'Cannot use nil as a number in (+ ...)');
  });

  test('inside a function called by a core function', () => {
    errorRange('(mapv (fn [x] |(/ x 0)|) [1 2])');
  });

  test('calling nil', () => {
    const e = errorRange('(let [f nil] |(f 1)|)');
    assert.match(e.message, /Cannot call nil as a function/);
  });

  test('wrong arity of a local function', () => {
    const e = errorRange('(let [f (fn [a] a)] |(f 1 2)|)');
    assert.match(e.message, /Wrong number of args \(2\) passed to: fn/);
  });

  test('wrong arity of a core function at compile time', () => {
    const e = errorRange('(let [m {}] |(get-in m)|)');
    assert.match(e.message, /Wrong number of args \(1\) passed to: get-in/);
  });

  test('a prohibited transform in the body', () => {
    const e = errorRange('(let [xs [1]] (|map| inc xs))', 'body') as InterpError;
    assert.equal(e.phase, 'compile');
    assert.match(e.message, /cannot transform data with `map`/);
  });

  test('an uncaught throw names the throw form and carries the value', () => {
    const e = errorRange('(let [x 1] |(throw (ex-info "boom" {:x x}))|)');
    assert.ok(e instanceof ThrownValue);
    assert.ok(e.value instanceof ExceptionValue);
    assert.equal((e.value as ExceptionValue).message, 'boom');
    assert.ok(is((e.value as ExceptionValue).data, edn('{:x 1}')));
  });

  test('a destructuring error names the binding form', () => {
    const e = errorRange('(let [x 1 |[a b]| {:a x}] a)');
    assert.match(e.message, /nth not supported/);
  });

  test('a for over a non-collection names the collection', () => {
    errorRange('(let [n 5] (for [x |n|] x))');
  });

  test('an error in a fn param destructuring names the param', () => {
    errorRange('((fn [|[a]|] a) {:k 1})');
  });

  test('a bad step config in the body', () => {
    errorRange('(flow/step :http :x |[1]|)', 'body');
  });

  test('fuel exhaustion is located at the loop', () => {
    const e = errorRange('(do 1 |(loop [] (recur))|)');
    assert.match(e.message, /ran out of fuel/);
    assert.equal((e as InterpError).catchable, false);
  });

  test('fuel is per run', () => {
    const compiled = compileForm(read('(loop [i 0] (if (< i 900) (recur (inc i)) i))'), { mode: 'function', fuel: 1000 });
    for (let i = 0; i < 5; i++) assert.equal(compiled.run(recordingHost()), 900);
  });
});
