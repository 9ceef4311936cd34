// The session as it runs inline in the extension host: runs execute in the run service's
// worker thread (`execution: 'worker'`), the step hook crosses the thread, and breakpoints,
// Next, Step Back and the wait stop work the same.

import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { launch, lineOf, localValue, scratch, sessions, topFrame } from './support';

const session = sessions(after);

test('with runs in a worker thread: breakpoint, locals, Next, Step Back, wait stop, terminate', async () => {
  const { dc, log } = await session();
  const { flow, db } = scratch('worker');
  await launch(dc, log, { flow, db, scenario: 'pending', execution: 'worker' }, () => dc.setBreakpointsRequest({ source: { path: flow }, breakpoints: [{ line: lineOf(flow, 'flow/step :http :fetch-risk') }] }));
  assert.equal((await log.next('stopped', 20_000)).body.reason, 'breakpoint');
  assert.equal(await localValue(dc, 'order-id'), '"A-1001"');
  await dc.nextRequest({ threadId: 1 });
  await log.next('stopped');
  assert.equal((await topFrame(dc))[0]!.name, ':risk-summary (:function)');
  await dc.stepBackRequest({ threadId: 1 });
  await log.next('stopped');
  assert.equal((await topFrame(dc))[0]!.name, ':fetch-risk (:http)');
  await dc.continueRequest({ threadId: 1 });
  assert.equal((await log.next('stopped')).body.reason, 'wait');
  await dc.terminateRequest();
  await log.next('terminated');
});
