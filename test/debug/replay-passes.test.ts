// Passes over function code (engine/debug/replay.ts `pass`, `step` with a log): the session's
// hit counts (`CodeBreakpoint.counter`) count only the hits a move passes, in the order it
// passes them (Reverse Continue: from the latest back); logpoints never stop and hand each
// pass to the log in the code's order; a code that throws is still scanned up to its throw.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { List, Map as IMap } from 'immutable';
import { Keyword, type Value } from '../../engine/edn/values';
import { codeUnitsOf, pointsOf, type CodeUnit } from '../../engine/debug/points';
import type { PausedFrame } from '../../engine/debug/probe';
import { pass, step, type CodeCall, type Outcome } from '../../engine/debug/replay';
import type { CodeBreakpoint, LogLine } from '../../engine/debug/conditions';
import { program } from './fixture';

const p = program();
const unit = (name: string): CodeUnit => codeUnitsOf(p).find((u) => u.name === name)!;
const tally: CodeCall = { program: p, unit: unit('tally'), input: IMap<Value, Value>([[Keyword.of('xs'), List([10, 20, 30])]]) };
const recur = pointsOf(p).find((x) => x.unit === tally.unit)!.points!.find((fp) => fp.text.startsWith('(recur'))!.point.index;

function paused(o: Outcome): PausedFrame {
  assert.equal(o.kind, 'paused', o.kind === 'failed' ? String(o.error) : o.kind);
  return (o as { frame: PausedFrame }).frame;
}
const local = (f: PausedFrame, name: string) => f.locals.get(name);

test('a logpoint never stops; each pass hands its locals to the log, in the code\'s order', () => {
  const lines: LogLine[] = [];
  const counter = { hits: 0 };
  const o = pass(tally, 'continue', [{ point: recur, logMessage: 'i={i}', counter }], (l) => lines.push(l));
  assert.equal(o.kind, 'finished');
  assert.deepEqual(lines.map((l) => l.locals.get('i')), [0, 1, 2]);
  assert.equal(counter.hits, 3);
  // Going back over the same code: the same lines, still in the code's order; three more passes.
  const back: LogLine[] = [];
  assert.equal(pass(tally, 'reverse', [{ point: recur, logMessage: 'i={i}', counter }], (l) => back.push(l)).kind, 'start');
  assert.deepEqual(back.map((l) => l.locals.get('i')), [0, 1, 2]);
  assert.equal(counter.hits, 6);
});

test('a session counter: forward moves count only the hits they pass; the count goes on across replays', () => {
  const counter = { hits: 0 };
  const bp = (): CodeBreakpoint[] => [{ point: recur, hitCondition: '% 2', counter }];
  const second = paused(pass(tally, 'continue', bp()));
  assert.equal(local(second, 'i'), 1);
  assert.equal(counter.hits, 2);
  // From there: the hit at i = 2 is pass 3 (no stop); the code ends.
  assert.equal(step(tally, 'continue', second, bp()).kind, 'finished');
  assert.equal(counter.hits, 3);
  // A new run of the code: its first hit is pass 4.
  const fourth = paused(pass(tally, 'continue', bp()));
  assert.equal(local(fourth, 'i'), 0);
  assert.equal(counter.hits, 4);
});

test('Reverse Continue counts from the latest hit back, and stops at the first pass its hit condition takes', () => {
  const counter = { hits: 0 };
  const f = paused(pass(tally, 'reverse', [{ point: recur, hitCondition: '2', counter }]));
  assert.equal(local(f, 'i'), 1, 'pass 1 is i = 2, pass 2 is i = 1');
  assert.equal(counter.hits, 2);
  // Without a counter the old rule holds: counted from the code's start (the 2nd hit is i = 1 too).
  assert.equal(local(paused(pass(tally, 'reverse', [{ point: recur, hitCondition: '3' }])), 'i'), 2);
});

test('a code that throws is passed up to its throw, both ways', () => {
  const failing: CodeCall = { ...tally, input: IMap<Value, Value>([[Keyword.of('xs'), List([10, 'x', 30])]]) };
  const lines: LogLine[] = [];
  const o = pass(failing, 'continue', [{ point: recur, logMessage: 'i={i}', counter: { hits: 0 } }], (l) => lines.push(l));
  assert.equal(o.kind, 'failed');
  // The recur form is reached at i = 1, then its argument (+ 10 "x") throws.
  assert.deepEqual(lines.map((l) => l.locals.get('i')), [0, 1]);
  const back = pass(failing, 'reverse', [{ point: recur, counter: { hits: 0 } }]);
  assert.equal(local(paused(back), 'i'), 1);
});
