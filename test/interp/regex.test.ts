// Regex work is bounded (issue 10 #2): patterns run on a linear-time engine (re2js), so
// catastrophic-backtracking patterns answer at once for re-find, re-matches, re-seq,
// clojure.string/split and replace; what the engine cannot run is a clear compile error; and
// regex work costs fuel in proportion to the text it scans.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { compileFunction, InterpError } from '../../engine/interp/index';

/** A linear engine takes well under a millisecond here; a backtracking one takes minutes. */
const BOUND_MS = 1000;

function timed(code: string, input: unknown = null): { value: unknown; ms: number } {
  const fn = compileFunction(code);
  const t0 = performance.now();
  const value = fn(input as never);
  return { value, ms: performance.now() - t0 };
}

const evil = 'a'.repeat(30) + '!';

describe('regex work is bounded', () => {
  for (const [name, code] of [
    ['re-find', `(fn [_] (re-find #"(a+)+$" "${evil}"))`],
    ['re-matches', `(fn [_] (re-matches #"(a|aa)+" "${evil}"))`],
    ['re-seq', `(fn [_] (re-seq #"(a*)*b" "${evil}"))`],
    ['split', `(fn [_] (clojure.string/split "${evil}" #"(a+)+$"))`],
    ['replace', `(fn [_] (clojure.string/replace "${evil}" #"(a+)+$" "x"))`],
  ] as const) {
    test(`${name} with a catastrophic pattern answers at once`, () => {
      const { ms } = timed(code);
      assert.ok(ms < BOUND_MS, `${name} took ${ms.toFixed(0)} ms`);
    });
  }

  test('results are unchanged for ordinary patterns', () => {
    assert.equal(timed(`(fn [_] (re-find #"(a+)+$" "xaaa"))`).value!.toString(), 'List [ "aaa", "aaa" ]');
    assert.equal(timed(`(fn [_] (clojure.string/replace "a-b-c" #"-(\\w)" "<$1>"))`).value, 'a<b><c>');
  });

  test('property: nested quantifiers over adversarial text stay within the bound', () => {
    const atom = fc.constantFrom('a', 'a?', 'aa', '[ab]', '.', '\\\\w');
    const pattern = fc.tuple(atom, atom, fc.constantFrom('+', '*', '{1,5}'), fc.constantFrom('+', '*'), fc.constantFrom('$', 'b', '!x', '')).map(([x, y, q1, q2, tail]) => `((${x}|${y})${q1})${q2}${tail}`);
    fc.assert(
      fc.property(pattern, fc.integer({ min: 20, max: 2000 }), fc.constantFrom('re-find', 're-matches', 're-seq'), (p, n, op) => {
        const { ms } = timed(`(fn [s] (${op} #"${p}" s))`, 'a'.repeat(n) + '!');
        assert.ok(ms < BOUND_MS, `${op} #"${p}" on ${n} chars took ${ms.toFixed(0)} ms`);
      }),
      { numRuns: 150, seed: 202 },
    );
  });

  test('backreferences and lookaround are refused with a clear error when the code compiles', () => {
    for (const [p, what] of [['(a)\\1', /Backreferences \(\\1\) are not supported: regexes run on a linear-time engine/], ['a(?=b)', /Lookahead and lookbehind \(\(\?=\.\.\.\)/], ['(?<!x)a', /Lookahead and lookbehind/], ['a\\Z', /\\Z .* use \\z/]] as const) {
      assert.throws(() => compileFunction(`(fn [s] (re-find #"${p}" s))`), (e: unknown) => e instanceof InterpError && what.test(e.message), p);
      assert.throws(() => compileFunction(`(fn [s] (re-find (re-pattern "${p.replace(/\\/g, '\\\\')}") s))`)(''), (e: unknown) => e instanceof Error && what.test(e.message), `re-pattern ${p}`);
    }
  });

  test('regex work costs fuel: scanning a large text many times runs out of fuel, not forever', () => {
    const big = 'x'.repeat(200_000);
    const fn = compileFunction(`(fn [s] (loop [i 0] (if (< i 100000) (do (re-find #"y" s) (recur (inc i))) i)))`, { fuel: 1_000_000 });
    assert.throws(() => fn(big), /ran out of fuel/);
  });
});
