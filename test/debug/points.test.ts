// Evaluation points in file terms: the code units of a flow, point ranges mapped back
// through a `:code` string's escapes (`\"`, `\n`), and line breakpoints bound to the first
// form of a line or left unverified with the reason.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bindLine, codeUnitsOf, pointsOf, unitsOfStep, type FilePoint } from '../../engine/debug/points';
import { loadProgram } from '../../engine/run/program';
import { FLOW, program } from './fixture';

const lineOf = (text: string): number => FLOW.slice(0, FLOW.indexOf(text)).split('\n').length - 1;

function pointsFor(name: string): FilePoint[] {
  const up = pointsOf(program()).find((u) => u.unit.name === name);
  assert.ok(up !== undefined && up.points !== null, `unit ${name} has points`);
  return up.points!;
}

describe('code units', () => {
  test('the body, each :functions entry and each inline :code', () => {
    const units = codeUnitsOf(program()).map((u) => `${u.kind}:${u.name ?? '-'}`);
    assert.deepEqual(units, ['body:-', 'function:tally', 'function:guarded', 'inline:double']);
  });

  test('the units a step can run, by step id: its :ref (literal), its inline :code; unknown for a computed :ref', () => {
    const p = program();
    const names = (id: string) => unitsOfStep(p, id)?.map((u) => `${u.kind}:${u.name}`) ?? null;
    assert.deepEqual(names('total'), ['function:tally']);
    assert.deepEqual(names('double'), ['inline:double']);
    assert.deepEqual(names('no-such-step'), []);
    const computed = loadProgram(FLOW.replace('{:ref :tally', '{:ref (keyword "tally")'), 'x.flow.edn');
    assert.equal(unitsOfStep(computed, 'total'), null);
  });
});

describe('points in the flow file', () => {
  test('a form after \\" escapes maps to its own characters in the file', () => {
    const str = pointsFor('tally').find((p) => p.text.startsWith('(str label'))!;
    // The file holds the escaped text; the value holds plain quotes.
    assert.equal(FLOW.slice(str.start, str.end), String.raw`(str label \"!\")`);
    assert.equal(str.startPos.line, lineOf(String.raw`{:label (str label`));
    assert.equal(str.startPos.character, FLOW.split('\n')[str.startPos.line]!.indexOf('(str label'));
  });

  test('a form after a \\n escape stays on the file line that holds the escape', () => {
    const points = pointsFor('guarded');
    const inc = points.find((p) => p.text === '(inc x)')!;
    assert.equal(FLOW.slice(inc.start, inc.end), '(inc x)');
    const line = lineOf(':code "(fn [input] (try');
    assert.equal(inc.startPos.line, line);
    assert.equal(inc.startPos.character, FLOW.split('\n')[line]!.indexOf('(inc x)'));
    const cleanup = points.find((p) => p.text.startsWith('(str'))!;
    assert.equal(FLOW.slice(cleanup.start, cleanup.end), String.raw`(str \"cleanup\")`);
  });

  test('quoted inline code keeps the file offsets of its nodes', () => {
    const points = pointsFor('double');
    const update = points.find((p) => p.text.startsWith('(update'))!;
    assert.equal(FLOW.slice(update.start, update.end), '(update input :sum (fn [s] (* 2 s)))');
    assert.deepEqual(points.find((p) => p.text === '(* 2 s)')!.point.locals.map((l) => l.name), ['s', 'input']);
  });

  test('each point lists the locals in scope, innermost first', () => {
    const points = pointsFor('tally');
    assert.deepEqual(points.find((p) => p.text === '(:xs input)')!.point.locals.map((l) => l.name), ['input']);
    assert.deepEqual(points.find((p) => p.text === '(inc i)')!.point.locals.map((l) => l.name), ['i', 'acc', 'xs', 'label', 'input']);
    assert.deepEqual(points.find((p) => p.text === '(dec n)')!.point.locals.map((l) => l.name), ['n', 'fact', 'i', 'acc', 'xs', 'label', 'input']);
  });

  test('the (fn ...) of function code is no point; its body forms are', () => {
    assert.ok(pointsFor('tally').every((p) => !p.text.startsWith('(fn [input]')));
  });
});

describe('line breakpoints in function code', () => {
  const p = program();

  test('bind to the outermost form starting on the line', () => {
    const b = bindLine(p, lineOf('(loop [i 0 acc 0]'));
    assert.equal(b.verified, true);
    assert.ok(b.verified && b.point.text.startsWith('(loop [i 0 acc 0]'));
    const r = bindLine(p, lineOf('(recur (inc i)'));
    assert.ok(r.verified && r.point.text === '(recur (inc i) (+ acc (nth xs i)))');
  });

  test('a line of function code where no form starts is unverified with the reason', () => {
    const b = bindLine(p, lineOf(String.raw`label \"sum\"]`));
    assert.equal(b.verified, false);
    assert.ok(!b.verified && /No form of function :tally starts on line \d+/.test(b.reason), JSON.stringify(b));
  });

  test('a line outside function code is unverified with the reason', () => {
    const b = bindLine(p, lineOf(':triggers'));
    assert.ok(!b.verified && b.reason.includes('not inside function code'));
  });

  test('inline :code lines bind too', () => {
    const b = bindLine(p, lineOf('(update input :sum'));
    assert.ok(b.verified && b.unit.kind === 'inline' && b.point.text.startsWith('(update'));
  });
});
