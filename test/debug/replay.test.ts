// Pause by replay inside function code and the flow body: run to the n-th point hit with the
// right locals, unwinding through user try/catch/finally without running them; Step In /
// Next / Step Out / Step Back over a loop and a recursive function; Continue and Reverse
// Continue between breakpoints; conditions and hit conditions; body replays from a journal.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { is, List, Map as IMap } from 'immutable';
import { Keyword, type Value } from '../../engine/edn/values';
import { compileFunction, installProbe } from '../../engine/interp/index';
import { codeUnitsOf, pointsOf, type CodeUnit } from '../../engine/debug/points';
import { Paused, ReplayProbe, type PausedFrame } from '../../engine/debug/probe';
import { runToPoint, step, type CodeCall, type Outcome, type StepKind } from '../../engine/debug/replay';
import { journalHost, NotJournaled } from '../../engine/debug/journal-host';
import type { CodeBreakpoint } from '../../engine/debug/conditions';
import { program } from './fixture';

const k = Keyword.of;
const p = program();
const unit = (name: string | null): CodeUnit => codeUnitsOf(p).find((u) => u.name === name)!;
const tally: CodeCall = { program: p, unit: unit('tally'), input: IMap<Value, Value>([[k('xs'), List([10, 20, 30])]]) };

function text(u: CodeUnit, index: number): string {
  return pointsOf(p).find((x) => x.unit === u)!.points![index]!.text;
}
function pointIndex(u: CodeUnit, form: string): number {
  return pointsOf(p).find((x) => x.unit === u)!.points!.find((fp) => fp.text === form)!.point.index;
}
function paused(o: Outcome): PausedFrame {
  assert.equal(o.kind, 'paused', o.kind === 'failed' ? String(o.error) : o.kind);
  return (o as { frame: PausedFrame }).frame;
}
const at = (f: PausedFrame, u: CodeUnit = tally.unit): string => text(u, f.point.index);

describe('run to a point', () => {
  test('the n-th hit, with the locals of that iteration', () => {
    // Hits in order: let, (:xs input), loop, then per iteration: if, (< i (count xs)), (count xs), recur, (inc i), (+ acc ..), (nth xs i).
    const f = paused(runToPoint(tally, { kind: 'hit', n: 16 }));
    assert.equal(f.hit, 16);
    assert.equal(at(f), '(+ acc (nth xs i))');
    assert.equal(f.locals.get('i'), 1);
    assert.equal(f.locals.get('acc'), 10);
    assert.equal(f.locals.get('label'), 'sum');
    assert.equal(f.depth, 1);
    assert.deepEqual(f.stack.map((s) => s.name), ['fn']);
  });

  test('past the last point the code finishes with its result', () => {
    const o = runToPoint(tally, { kind: 'hit', n: 10_000 });
    assert.equal(o.kind, 'finished');
    assert.ok(o.kind === 'finished' && is(o.result, IMap<Value, Value>([[k('label'), 'sum!'], [k('sum'), 60], [k('fact'), 6]])));
  });

  test('the same hit twice gives the same frame (deterministic)', () => {
    const a = paused(runToPoint(tally, { kind: 'hit', n: 25 }));
    const b = paused(runToPoint(tally, { kind: 'hit', n: 25 }));
    assert.equal(a.point, b.point);
    assert.deepEqual([...a.locals], [...b.locals]);
  });

  test('unwinding passes user try/catch without catching and runs no finally', () => {
    const guarded: CodeCall = { program: p, unit: unit('guarded'), input: IMap<Value, Value>([[k('n'), 41]]) };
    const target = pointIndex(guarded.unit, '(inc x)');
    let stopped = 0;
    const probe = new ReplayProbe((h) => h.point.index === target && ++stopped === 1);
    const uninstall = installProbe(probe);
    let thrown: unknown;
    try {
      compileFunction(guarded.unit.code)(guarded.input);
    } catch (e) {
      thrown = e;
    } finally {
      uninstall();
    }
    assert.ok(thrown instanceof Paused, `the pause escaped the code, not ${String(thrown)}`);
    assert.equal(thrown.frame.locals.get('x'), 41);
    // No point hit after the stop: the finally's (str "cleanup") never ran.
    assert.equal(probe.hits, thrown.frame.hit);
    // Without a pause the same code runs its finally (a point) and returns normally.
    const full = runToPoint(guarded, { kind: 'hit', n: 99 });
    assert.ok(full.kind === 'finished' && full.result === 42 && full.hits === thrown.frame.hit + 1);
  });
});

describe('stepping inside function code', () => {
  function walk(start: PausedFrame | null, kinds: StepKind[], bps: CodeBreakpoint[] = []): PausedFrame[] {
    const out: PausedFrame[] = [];
    let cur = start;
    for (const kind of kinds) {
      cur = paused(step(tally, kind, cur, bps));
      out.push(cur);
    }
    return out;
  }

  test('Step In from the start goes form by form', () => {
    const frames = walk(null, ['in', 'in', 'in']);
    assert.deepEqual(frames.map((f) => at(f)), [text(tally.unit, 17), '(:xs input)', text(tally.unit, 16)]);
    assert.deepEqual(frames.map((f) => f.hit), [1, 2, 3]);
  });

  test('Step In enters the recursive local function; Step Out leaves one level; Next stays at the depth', () => {
    const fact = pointIndex(tally.unit, '(fact 3)');
    const call = paused(runToPoint(tally, { kind: 'forward', after: 0, maxDepth: null, breakpoints: [{ point: fact }] }));
    assert.equal(call.depth, 1);
    const [intoFact, test1, , , recurse] = walk(call, ['in', 'in', 'in', 'in', 'in', 'in']);
    assert.equal(intoFact!.depth, 2);
    assert.deepEqual(intoFact!.stack.map((s) => s.name), ['fn', 'fact']);
    assert.equal(intoFact!.locals.get('n'), 3);
    assert.equal(at(test1!), '(<= n 1)');
    // Deeper: the recursive call's frame has n = 2 with the caller's frame below it.
    const deeper = walk(recurse!, ['in', 'in']).find((f) => f.depth === 3) ?? paused(step(tally, 'in', paused(step(tally, 'in', recurse!))));
    assert.equal(deeper.depth, 3);
    assert.equal(deeper.locals.get('n'), 2);
    assert.deepEqual(deeper.stack.map((s) => s.locals.get('n') ?? null), [null, 3, 2]);
    // Step Out lands back at the call in the caller's frame, with the value it returned.
    const out = paused(step(tally, 'out', deeper));
    assert.equal(out.depth, 2);
    assert.equal(at(out), '(fact (dec n))');
    assert.equal(out.locals.get('n'), 3);
    assert.deepEqual(out.returned, { value: 2 });
    const outAgain = paused(step(tally, 'out', out));
    assert.equal(outAgain.depth, 1);
    assert.equal(at(outAgain), '(fact 3)');
    assert.deepEqual(outAgain.returned, { value: 6 });
    assert.equal(step(tally, 'out', outAgain).kind, 'finished');
    // Next from inside fact at depth 2 never stops deeper.
    const nexts = walk(intoFact!, ['next', 'next', 'next', 'next']);
    assert.ok(nexts.every((f) => f.depth <= 2), JSON.stringify(nexts.map((f) => f.depth)));
    assert.ok(nexts.every((f, i) => i === 0 || f.hit > nexts[i - 1]!.hit));
  });

  test('Next over the loop stays in the function frame and walks the iterations', () => {
    const loopIf = pointIndex(tally.unit, '(if (< i (count xs))\n        (recur (inc i) (+ acc (nth xs i)))\n        {:label (str label \\"!\\") :sum acc :fact (letfn [(fact [n] (if (<= n 1) 1 (* n (fact (dec n)))))] (fact 3))})'.replace(/\s+/g, ' ').slice(0, 57) + '...');
    const first = paused(runToPoint(tally, { kind: 'forward', after: 0, maxDepth: null, breakpoints: [{ point: loopIf }] }));
    assert.equal(first.locals.get('i'), 0);
    const frames = walk(first, Array<StepKind>(7).fill('next'));
    const ifs = [first, ...frames].filter((f) => f.point.index === loopIf);
    assert.deepEqual(ifs.map((f) => f.locals.get('i')), [0, 1]);
    assert.ok(frames.every((f) => f.depth === 1));
  });

  test('Step Back returns exactly the previous frame; at the first point it leaves the code', () => {
    const frames = walk(null, Array<StepKind>(12).fill('in'));
    for (let i = frames.length - 1; i > 0; i--) {
      const back = paused(step(tally, 'back', frames[i]!));
      assert.equal(back.hit, frames[i - 1]!.hit);
      assert.equal(back.point, frames[i - 1]!.point);
      assert.deepEqual([...back.locals], [...frames[i - 1]!.locals]);
    }
    assert.equal(step(tally, 'back', frames[0]!).kind, 'start');
  });
});

describe('breakpoints, Continue and Reverse Continue', () => {
  const recur = pointIndex(tally.unit, '(recur (inc i) (+ acc (nth xs i)))');

  test('Continue stops at each hit of the breakpoint; Reverse Continue goes back hit by hit', () => {
    const bps = [{ point: recur }];
    const stops: PausedFrame[] = [];
    let cur: PausedFrame | null = null;
    for (;;) {
      const o = step(tally, 'continue', cur, bps);
      if (o.kind !== 'paused') {
        assert.equal(o.kind, 'finished');
        break;
      }
      assert.equal(o.reason, 'breakpoint');
      stops.push((cur = o.frame));
    }
    assert.deepEqual(stops.map((f) => [f.locals.get('i'), f.locals.get('acc')]), [[0, 0], [1, 10], [2, 30]]);
    const back = paused(step(tally, 'reverse', stops[2]!, bps));
    assert.equal(back.hit, stops[1]!.hit);
    assert.deepEqual([back.locals.get('i'), back.locals.get('acc')], [1, 10]);
    const back2 = paused(step(tally, 'reverse', back, bps));
    assert.equal(back2.hit, stops[0]!.hit);
    assert.equal(step(tally, 'reverse', back2, bps).kind, 'start');
  });

  test('a step that runs into a breakpoint stops there with reason breakpoint', () => {
    const start = paused(step(tally, 'in', null));
    const o = step(tally, 'out', start, [{ point: recur }]);
    assert.ok(o.kind === 'paused' && o.reason === 'breakpoint' && o.frame.point.index === recur);
  });

  test('conditions over the locals, hit conditions, and a failing condition stops with its error', () => {
    const withCond = paused(step(tally, 'continue', null, [{ point: recur, condition: '(= acc 30)' }]));
    assert.equal(withCond.locals.get('i'), 2);
    const second = paused(step(tally, 'continue', null, [{ point: recur, hitCondition: '2' }]));
    assert.equal(second.locals.get('i'), 1);
    const fromSecond = step(tally, 'continue', second, [{ point: recur, hitCondition: '>= 2' }]);
    assert.ok(fromSecond.kind === 'paused' && fromSecond.frame.locals.get('i') === 2);
    const condAndHits = paused(step(tally, 'continue', null, [{ point: recur, condition: '(pos? i)', hitCondition: '2' }]));
    assert.equal(condAndHits.locals.get('i'), 2);
    const bad = step(tally, 'continue', null, [{ point: recur, condition: '(nope i)' }]);
    assert.ok(bad.kind === 'paused' && bad.conditionErrors.length === 1 && bad.conditionErrors[0]!.includes('nope'), bad.kind === 'paused' ? bad.conditionErrors.join() : bad.kind);
    assert.equal(step(tally, 'continue', null, [{ point: recur, condition: '(> i 5)' }]).kind, 'finished');
  });
});

describe('the flow body by replay', () => {
  const body = unit(null);
  const input = IMap<Value, Value>([[k('xs'), List([1, 2])]]);
  const total = IMap<Value, Value>([[k('sum'), 3]]);

  test('pauses after a journaled step with its result in the locals; nothing runs again', () => {
    const call: CodeCall = { program: p, unit: body, host: () => journalHost([{ stepKey: 'total#0', result: total }], input) };
    const second = pointsOf(p).find((u) => u.unit === body)!.points!.find((fp) => fp.text.startsWith('(flow/step :function :double'))!;
    const f = paused(runToPoint(call, { kind: 'forward', after: 0, maxDepth: null, breakpoints: [{ point: second.point.index }] }));
    assert.ok(is(f.locals.get('total'), total));
    assert.deepEqual(f.stack.map((s) => s.name), ['flow body']);
    const back = paused(step(call, 'back', f));
    assert.equal(back.hit, f.hit - 1);
    // The step after the journal's end is not executed: the replay stops with NotJournaled.
    const on = runToPoint(call, { kind: 'hit', n: 1000 });
    assert.ok(on.kind === 'failed' && on.error instanceof NotJournaled && on.error.stepKey === 'double#0');
  });
});
