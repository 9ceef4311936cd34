// Step Back and Reverse Continue across step boundaries: the session replays the journal to
// an earlier boundary (no step runs again), shows that step with its recorded result, walks
// forward through the past with Next, and Continue comes back to where the run is held.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, test } from 'node:test';
import { cli, launch, lineOf, localValue, loopScratch, scopeVariables, scratch, sessions, topFrame } from './support';

const session = sessions(after);

test('Step Back shows earlier steps with their results; Reverse Continue stops at a breakpoint in the past; nothing runs again', async () => {
  const { dc, log } = await session();
  const { flow, db } = scratch('back');
  const line = (s: string) => lineOf(flow, s);
  await launch(dc, log, { flow, db }, () => dc.setBreakpointsRequest({ source: { path: flow }, breakpoints: [{ line: line('flow/step :kv :write-audit') }, { line: line('flow/step :http :fetch-risk') }] }));
  // fetch-risk first (live), then write-audit (live).
  await log.next('stopped');
  assert.equal((await topFrame(dc))[0]!.line, line('flow/step :http :fetch-risk'));
  await dc.continueRequest({ threadId: 1 });
  await log.next('stopped');
  assert.equal((await topFrame(dc))[0]!.line, line('flow/step :kv :write-audit'));

  await dc.stepBackRequest({ threadId: 1 });
  let stop = await log.next('stopped');
  assert.equal(stop.body.reason, 'step');
  let frames = await topFrame(dc);
  assert.equal(frames[0]!.name, ':fulfill-order (:http)');
  assert.equal(frames[0]!.canRestart, true, 'a step that ran can be restarted (as a fork)');
  let step = await scopeVariables(dc, frames[0]!.id, 'Step');
  assert.equal(step.find((v) => v.name === 'status')!.value, '"completed"');
  assert.match(step.find((v) => v.name === 'result')!.value, /:status 201/);

  await dc.stepBackRequest({ threadId: 1 });
  await log.next('stopped');
  frames = await topFrame(dc);
  assert.equal(frames[0]!.name, ':manager-approval (:wait)');
  step = await scopeVariables(dc, frames[0]!.id, 'Step');
  assert.match(step.find((v) => v.name === 'result')!.value, /:action :approve/);
  // Locals at that boundary: the approval's own binding is not there yet.
  assert.equal((await scopeVariables(dc, frames[0]!.id, 'Locals')).some((v) => v.name === 'approval'), false);

  await dc.reverseContinueRequest({ threadId: 1 });
  stop = await log.next('stopped');
  assert.equal(stop.body.reason, 'breakpoint');
  assert.match(stop.body.description, /fetch-risk.*\(history\)/);
  frames = await topFrame(dc);
  assert.equal(frames[0]!.line, line('flow/step :http :fetch-risk'));

  await dc.nextRequest({ threadId: 1 });
  await log.next('stopped');
  assert.equal((await topFrame(dc))[0]!.name, ':risk-summary (:function)');

  await dc.reverseContinueRequest({ threadId: 1 });
  await log.next('stopped');
  assert.equal((await topFrame(dc))[0]!.name, ':fetch-risk (:http)');
  await dc.reverseContinueRequest({ threadId: 1 });
  stop = await log.next('stopped');
  assert.equal(stop.body.reason, 'entry');
  assert.equal((await topFrame(dc))[0]!.name, ':fetch-order (:http)');

  // Continue from the past comes back to the breakpoint where the run is held.
  await dc.continueRequest({ threadId: 1 });
  await log.next('stopped');
  assert.equal((await topFrame(dc))[0]!.name, ':fetch-risk (:http)', 'the breakpoint on fetch-risk is met again going forward');
  await dc.continueRequest({ threadId: 1 });
  stop = await log.next('stopped');
  assert.equal((await topFrame(dc))[0]!.name, ':write-audit (:kv)');
  await dc.continueRequest({ threadId: 1 });
  await log.next('terminated');

  const runs = JSON.parse(spawnSync(process.execPath, [cli, 'runs', '--db', db, '--format', 'json'], { encoding: 'utf8' }).stdout).runs;
  const report = JSON.parse(spawnSync(process.execPath, [cli, 'show', runs[0].runId, '--db', db, '--format', 'json'], { encoding: 'utf8' }).stdout);
  assert.equal(report.status, 'completed');
  for (const s of report.steps) assert.equal(s.attempts, 1, `${s.id} ran once`);
});

test('Step Back inside a loop walks the occurrences of one step', async () => {
  const { dc, log } = await session();
  const { flow, db } = loopScratch();
  await launch(dc, log, { flow, db }, () => dc.setBreakpointsRequest({ source: { path: flow }, breakpoints: [{ line: lineOf(flow, 'flow/step :function :square'), hitCondition: '4' }] }));
  await log.next('stopped');
  assert.equal(await localValue(dc, 'n'), '4');
  for (const n of ['3', '2', '1']) {
    await dc.stepBackRequest({ threadId: 1 });
    await log.next('stopped');
    assert.equal(await localValue(dc, 'n'), n);
  }
  await dc.nextRequest({ threadId: 1 });
  await log.next('stopped');
  assert.equal(await localValue(dc, 'n'), '2');
  await dc.continueRequest({ threadId: 1 });
  await log.next('terminated');
});
