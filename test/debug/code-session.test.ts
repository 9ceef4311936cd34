// Breakpoints and stepping inside function code over the real adapter (out/debugAdapter.js):
// a line breakpoint in a `:functions` string (escapes inside) binds and stops each time that
// line runs with the loop's locals; Step Back and Reverse Continue replay the code to earlier
// points; Next stays in the frame; Step In from a `:function` step enters its inline `:code`
// and Step Out leaves it; lines where no form starts are unverified with the reason.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { FLOW } from './fixture';
import { launch, lineOf, localValue, sessions, topFrame } from './support';

const session = sessions(after);

function codeScratch(): { flow: string; db: string } {
  const dir = mkdtempSync(join(tmpdir(), 'flow-edn-debug-code-'));
  writeFileSync(join(dir, 'debug-code.flow.edn'), FLOW);
  writeFileSync(join(dir, 'debug-code.sim.edn'), '{:input {:xs [10 20 30]}}');
  return { flow: join(dir, 'debug-code.flow.edn'), db: join(dir, '.flow-edn', 'runs.db') };
}

test('a breakpoint in :functions code stops there each time; Step Back, Reverse Continue and Next replay inside the code', async () => {
  const { dc, log } = await session();
  const { flow, db } = codeScratch();
  const recur = lineOf(flow, '(recur (inc i)');
  const test = lineOf(flow, '(if (< i (count xs))');
  const noForm = lineOf(flow, String.raw`label \"sum\"]`);
  let bound: { verified: boolean; line?: number; message?: string }[] = [];
  await launch(dc, log, { flow, db }, async () => {
    bound = (await dc.setBreakpointsRequest({ source: { path: flow }, breakpoints: [{ line: recur }, { line: noForm }] })).body.breakpoints;
  });
  assert.equal(bound[0]!.verified, true);
  assert.equal(bound[0]!.line, recur);
  assert.equal(bound[1]!.verified, false);
  assert.match(bound[1]!.message ?? '', /No form of function :tally starts on line \d+/);

  let stop = await log.next('stopped');
  assert.equal(stop.body.reason, 'breakpoint');
  assert.match(stop.body.description, /in function :tally at line \d+: \(recur \(inc i\)/);
  let frames = await topFrame(dc);
  assert.deepEqual(frames.map((f) => f.name), ['function :tally', ':total (:function)', 'flow debug-code']);
  assert.equal(frames[0]!.line, recur);
  assert.equal(await localValue(dc, 'i'), '0');
  assert.equal(await localValue(dc, 'acc'), '0');
  assert.equal(await localValue(dc, 'label'), '"sum"');

  await dc.continueRequest({ threadId: 1 });
  stop = await log.next('stopped');
  assert.equal(stop.body.reason, 'breakpoint');
  assert.equal(await localValue(dc, 'i'), '1');
  assert.equal(await localValue(dc, 'acc'), '10');

  // Step Back: the form evaluated just before, (count xs) of the same iteration.
  await dc.stepBackRequest({ threadId: 1 });
  stop = await log.next('stopped');
  assert.equal(stop.body.reason, 'step');
  frames = await topFrame(dc);
  assert.equal(frames[0]!.line, test);
  assert.equal(await localValue(dc, 'i'), '1');

  // Reverse Continue: the breakpoint's previous hit.
  await dc.reverseContinueRequest({ threadId: 1 });
  stop = await log.next('stopped');
  assert.equal(stop.body.reason, 'breakpoint');
  assert.equal((await topFrame(dc))[0]!.line, recur);
  assert.equal(await localValue(dc, 'i'), '0');

  // Next: (inc i), the next form in the same frame.
  await dc.nextRequest({ threadId: 1 });
  stop = await log.next('stopped');
  assert.equal(stop.body.reason, 'step');
  assert.match(stop.body.description, /\(inc i\)/);
  assert.equal((await topFrame(dc))[0]!.name, 'function :tally');

  // The evaluate request reads the code frame's locals.
  const frame0 = (await topFrame(dc))[0]!;
  const ev = await dc.evaluateRequest({ expression: '(+ acc (nth xs i))', frameId: frame0.id, context: 'watch' });
  assert.equal(ev.body.result, '10');

  await dc.setBreakpointsRequest({ source: { path: flow }, breakpoints: [] });
  await dc.continueRequest({ threadId: 1 });
  await log.next('terminated');
});

test('a condition over the code\'s locals; Step In from a :function step enters its inline :code, Step Out leaves it', async () => {
  const { dc, log } = await session();
  const { flow, db } = codeScratch();
  const recur = lineOf(flow, '(recur (inc i)');
  await launch(dc, log, { flow, db }, async () => {
    await dc.setBreakpointsRequest({ source: { path: flow }, breakpoints: [{ line: recur, condition: '(= acc 30)' }] });
    await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'double' }] });
  });
  let stop = await log.next('stopped');
  assert.equal(stop.body.reason, 'breakpoint');
  assert.equal(await localValue(dc, 'i'), '2');
  assert.equal(await localValue(dc, 'acc'), '30');

  await dc.continueRequest({ threadId: 1 });
  stop = await log.next('stopped');
  assert.equal(stop.body.reason, 'function breakpoint');
  assert.equal((await topFrame(dc))[0]!.name, ':double (:function)');

  await dc.stepInRequest({ threadId: 1 });
  stop = await log.next('stopped');
  assert.equal(stop.body.reason, 'step');
  let frames = await topFrame(dc);
  assert.equal(frames[0]!.name, 'the :code of :double');
  assert.equal(frames[0]!.line, lineOf(flow, '(update input :sum'));
  assert.match(await localValue(dc, 'input'), /:sum 60/);

  // Into the anonymous function update calls: one frame deeper, with its argument.
  for (let i = 0; i < 3 && frames.length < 4; i++) {
    await dc.stepInRequest({ threadId: 1 });
    await log.next('stopped');
    frames = await topFrame(dc);
  }
  assert.deepEqual(frames.map((f) => f.name), ['fn (in the :code of :double)', 'the :code of :double', ':double (:function)', 'flow debug-code']);
  assert.equal(await localValue(dc, 's'), '60');

  await dc.stepOutRequest({ threadId: 1 });
  stop = await log.next('stopped');
  frames = await topFrame(dc);
  assert.equal(frames[0]!.name, 'the :code of :double');
  assert.match(stop.body.description, /\(returned\)/);

  // Out of the code: the step runs, the run ends.
  await dc.stepOutRequest({ threadId: 1 });
  await log.next('terminated');
});
