// The probe's wiring in the interpreter: code runs without points until a probe is
// installed, then every point reports its locals by name and the stack of function frames,
// and after uninstalling nothing reports again.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Map as IMap } from 'immutable';
import { Keyword, type Value } from '../../engine/edn/values';
import { readEdn } from '../../engine/edn/reader';
import { compileForm, compileFunction, installProbe, localsAt, pointsOf, type Host, type Probe } from '../../engine/interp/index';

const input = (n: number): Value => IMap<Value, Value>([[Keyword.of('n'), n]]);

interface Seen {
  text: string;
  depth: number;
  names: string[];
  locals: Map<string, Value>;
  stack: string[];
}

function recorder(code: string): Probe & { seen: Seen[] } {
  const seen: Seen[] = [];
  return {
    seen,
    hit(point, frame, stack) {
      seen.push({ text: code.slice(point.start, point.end), depth: stack.length, names: point.locals.map((l) => l.name), locals: localsAt(point, frame), stack: stack.map((s) => s.name) });
    },
  };
}

describe('probe wiring', () => {
  const code = '(fn [input] (let [k (:n input)] (reduce + (map (fn scale [x] (* x k)) [1 2]))))';

  test('no probe: no point reports; installed: every point reports; uninstalled: none again', () => {
    const fn = compileFunction(code);
    const probe = recorder(code);
    assert.equal(fn(input(3)), 9);
    assert.equal(probe.seen.length, 0);
    const uninstall = installProbe(probe);
    try {
      assert.equal(fn(input(3)), 9);
    } finally {
      uninstall();
    }
    const count = probe.seen.length;
    assert.ok(count >= 6, `points hit: ${count}`);
    assert.equal(fn(input(3)), 9);
    assert.equal(probe.seen.length, count);
  });

  test('locals by name (captured ones included) and the stack of function frames', () => {
    const fn = compileFunction(code);
    const probe = recorder(code);
    const uninstall = installProbe(probe);
    try {
      fn(input(5));
    } finally {
      uninstall();
    }
    const first = probe.seen[0]!;
    assert.equal(first.text, code.slice(code.indexOf('(let'), code.length - 1));
    assert.equal(first.depth, 1);
    assert.deepEqual(first.stack, ['fn']);
    const inner = probe.seen.filter((s) => s.text === '(* x k)');
    assert.equal(inner.length, 2);
    assert.deepEqual(inner.map((s) => s.locals.get('x')), [1, 2]);
    assert.deepEqual(inner.map((s) => s.locals.get('k')), [5, 5]);
    assert.deepEqual(inner[0]!.names, ['x', 'scale', 'k', 'input']);
    assert.deepEqual(inner[0]!.stack, ['fn', 'scale']);
    assert.equal(inner[0]!.depth, 2);
  });

  test('the flow body reports its points under a "flow body" frame', () => {
    const text = '(let [a (flow/input) b (flow/step :function :f {:input a})] (str a b))';
    const compiled = compileForm(readEdn(text).forms[0]!, { mode: 'body', source: text });
    const host: Host = { step: () => 'B', input: () => 'A', nowMs: () => 0 };
    const probe = recorder(text);
    const uninstall = installProbe(probe);
    try {
      assert.equal(compiled.run(host), 'AB');
    } finally {
      uninstall();
    }
    const str = probe.seen.find((s) => s.text === '(str a b)')!;
    assert.deepEqual(str.stack, ['flow body']);
    assert.deepEqual([...str.locals], [['a', 'A'], ['b', 'B']]);
    assert.equal(pointsOf(compiled).points.length, probe.seen.length);
  });
});
