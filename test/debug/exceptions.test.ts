// Exception breakpoint filters over the real adapter: a step attempt that failed (and was
// retried), a step that failed after its retries, and the run failing (post-mortem stops:
// the frames show the failing step by replay; Continue ends the session).

import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { launch, lineOf, scopeVariables, scratch, sessions, topFrame } from './support';

const session = sessions(after);

test('step attempt failed: stops on the retried step with what failed; Continue goes on', async () => {
  const { dc, log } = await session();
  const { flow, db } = scratch('attempt');
  await launch(dc, log, { flow, db, scenario: 'risk-api-flaky' }, () => dc.setExceptionBreakpointsRequest({ filters: ['stepAttempt'] }));
  const stop = await log.next('stopped');
  assert.equal(stop.body.reason, 'exception');
  assert.match(stop.body.description, /step :fetch-risk attempt 1 failed \(status 503\).*retried/);
  const info = await dc.exceptionInfoRequest({ threadId: 1 });
  assert.equal(info.body.exceptionId, 'stepAttempt');
  const frames = await topFrame(dc);
  assert.equal(frames[0]!.name, ':fetch-risk (:http)');
  assert.equal(frames[0]!.line, lineOf(flow, 'flow/step :http :fetch-risk'));
  const step = await scopeVariables(dc, frames[0]!.id, 'Step');
  assert.equal(step.find((v) => v.name === 'status')!.value, '"completed"');
  const attempts = step.find((v) => v.name === 'attempts')!;
  assert.equal(attempts.value, '3');
  const each = (await dc.variablesRequest({ variablesReference: attempts.variablesReference })).body.variables;
  assert.deepEqual(each.map((a) => a.value.replace(/ in \d+ ms$/, '')), ['retry 503', 'retry 503', 'ok']);
  const first = (await dc.variablesRequest({ variablesReference: each[0]!.variablesReference })).body.variables;
  assert.match(first.find((v) => v.name === 'request')!.value, /GET .*\/orders\/A-1005\/risk \(mocked\)/);
  await dc.continueRequest({ threadId: 1 });
  await log.next('terminated');
});

test('step failed after retries: stops on the failed step (the run has failed), Continue ends', async () => {
  const { dc, log } = await session();
  const { flow, db } = scratch('failed');
  await launch(dc, log, { flow, db, scenario: 'risk-api-down' }, () => dc.setExceptionBreakpointsRequest({ filters: ['stepFailed'] }));
  const stop = await log.next('stopped');
  assert.equal(stop.body.reason, 'exception');
  assert.match(stop.body.description, /step :fetch-risk failed after 3 attempts/);
  const frames = await topFrame(dc);
  assert.equal(frames[0]!.name, ':fetch-risk (:http)');
  const step = await scopeVariables(dc, frames[0]!.id, 'Step');
  assert.equal(step.find((v) => v.name === 'status')!.value, '"failed"');
  assert.match(step.find((v) => v.name === 'error')!.value, /503/);
  await dc.continueRequest({ threadId: 1 });
  await log.next('terminated');
});

test('run failed: stops where the run failed; without the filter the run just ends', async () => {
  const { dc, log } = await session();
  const { flow, db } = scratch('run-failed');
  await launch(dc, log, { flow, db, scenario: 'risk-api-down' }, () => dc.setExceptionBreakpointsRequest({ filters: ['runFailed'] }));
  const stop = await log.next('stopped');
  assert.equal(stop.body.reason, 'exception');
  assert.match(stop.body.description, /^run failed: step :fetch-risk failed/);
  assert.equal((await dc.exceptionInfoRequest({ threadId: 1 })).body.exceptionId, 'runFailed');
  const frames = await topFrame(dc);
  assert.equal(frames[0]!.line, lineOf(flow, 'flow/step :http :fetch-risk'));
  await dc.continueRequest({ threadId: 1 });
  await log.next('terminated');

  const other = await session();
  const s2 = scratch('run-failed-quiet');
  await launch(other.dc, other.log, { flow: s2.flow, db: s2.db, scenario: 'risk-api-down' });
  await other.log.next('terminated');
  assert.match(other.log.outputs(), /failed: step :fetch-risk failed/);
});
