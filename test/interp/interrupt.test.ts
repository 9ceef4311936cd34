// Interrupting function code from another thread (engine/interp/runtime.ts `interruptible`):
// a run inside it gets its fuel in slices and looks at the flag between them; nothing else
// about the run changes (result, fuel, the out-of-fuel error). The replay target that finds
// the place again (`evaluations` in engine/debug/replay.ts) is tested here too.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Map as IMap } from 'immutable';
import { Keyword, type Value } from '../../engine/edn/values';
import { compileFunction, fuelUsed, HostSignal, InterpError, Interrupted, interruptible, remainingFuel } from '../../engine/interp/index';
import { runToPoint } from '../../engine/debug/replay';
import { loadProgram } from '../../engine/run/program';
import { codeUnitsOf } from '../../engine/debug/points';

const input = (n: number): Value => IMap<Value, Value>([[Keyword.of('n'), n]]);
const SUM = '(fn [x] (loop [i 0 acc 0] (if (< i (:n x)) (recur (inc i) (+ acc i)) acc)))';

test('inside interruptible with the flag down: the same result as outside, and the state outside any run restored', () => {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const fn = compileFunction(SUM);
  const before = remainingFuel();
  assert.equal(interruptible(flag, () => fn(input(100_000))), fn(input(100_000)));
  assert.equal(remainingFuel(), before);
});

test('the flag up: Interrupted (a host signal, not an interpreter error) leaves the run within one slice; flow code\'s try neither catches it nor runs finally', () => {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  Atomics.store(flag, 0, 1);
  const fn = compileFunction('(fn [x] (try (loop [i 0] (if (< i (:n x)) (recur (inc i)) i)) (catch Exception e :caught) (finally (throw (ex-info "finally ran" {})))))');
  let thrown: unknown;
  try {
    interruptible(flag, () => fn(input(1_000_000)));
  } catch (e) {
    thrown = e;
  }
  assert.ok(thrown instanceof Interrupted, `Interrupted, not ${String(thrown)}`);
  assert.ok(thrown instanceof HostSignal && !(thrown instanceof InterpError));
  assert.ok(thrown.used > 0 && thrown.used <= 200, `noticed within a slice or two of fuel: ${thrown.used}`);
  // The flag is the caller's to clear; outside interruptible it is not looked at.
  assert.equal(Atomics.load(flag, 0), 1);
  const loop = compileFunction('(fn [x] (loop [i 0] (if (< i (:n x)) (recur (inc i)) i)))');
  assert.equal(loop(input(1_000)), 1_000, 'outside interruptible, code runs to its end with the flag up');
});

test('out of fuel inside interruptible: the same error, after the same number of steps, as outside', () => {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const fn = compileFunction('(fn [x] (loop [i 0] (recur (inc i))))', { fuel: 5_000 });
  const message = (run: () => unknown): string => {
    try {
      run();
    } catch (e) {
      assert.ok(e instanceof InterpError && !e.catchable);
      return e.message;
    }
    return 'no error';
  };
  const outside = message(() => fn(input(0)));
  assert.match(outside, /ran out of fuel after 5000 steps/);
  assert.equal(message(() => interruptible(flag, () => fn(input(0)))), outside);
});

test('fuelUsed inside a sliced run counts what the run spent, as in one slice', () => {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const reads: number[] = [];
  // A function value the code calls back at its end: it reads the interpreter's counter.
  const spent = (sliced: boolean): number => {
    const fn = compileFunction('(fn [x] (loop [i 0] (if (< i (:n x)) (recur (inc i)) ((:read x)))))');
    const arg = IMap<Value, Value>([
      [Keyword.of('n'), 4_321],
      [Keyword.of('read'), (() => (reads.push(fuelUsed()), null)) as unknown as Value],
    ]);
    if (sliced) interruptible(flag, () => fn(arg));
    else fn(arg);
    return reads[reads.length - 1]!;
  };
  const plain = spent(false);
  assert.ok(plain > 4_321, `the loop's fuel is counted: ${plain}`);
  assert.equal(spent(true), plain);
});

test('the replay target `evaluations` stops at the first point once that much fuel is spent, or at the last point when the code ends before', () => {
  const source = `{:slug :s :concurrency {:type :singleton :on-new-version :supersede}
 :functions [{:id :count-up :language :clojure :code "(fn [x] (loop [i 0] (if (< i (:n x)) (recur (inc i)) i)))"}]
 :flow '(flow/step :function :c {:ref :count-up :input {:n 50}})}`;
  const program = loadProgram(source, '/tmp/s.flow.edn');
  const unit = codeUnitsOf(program).find((u) => u.kind === 'function')!;
  const call = { program, unit, input: input(50) };
  const early = runToPoint(call, { kind: 'evaluations', used: 20 });
  assert.equal(early.kind, 'paused');
  const later = runToPoint(call, { kind: 'evaluations', used: 40 });
  assert.equal(later.kind, 'paused');
  if (early.kind !== 'paused' || later.kind !== 'paused') return;
  const i = (o: typeof early) => Number(o.frame.locals.get('i') ?? -1);
  assert.ok(i(later) > i(early), `more fuel, further on: i ${i(early)} then ${i(later)}`);
  const past = runToPoint(call, { kind: 'evaluations', used: 10_000_000 });
  assert.equal(past.kind, 'paused', 'past the end: the last point');
  if (past.kind === 'paused') {
    const end = runToPoint(call, { kind: 'forward', after: past.frame.hit, maxDepth: Infinity, breakpoints: [] });
    assert.equal(end.kind, 'finished', 'nothing after the last point');
  }
});
