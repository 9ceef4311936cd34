// Set Value on a step's result and Restart Frame on a step: each a fork of the run (a new run
// id; the original kept), the edited result recorded as edited in the fork's journal, and the
// session following the fork with its breakpoints.

import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { openStore } from '../../engine/store/index';
import { launch, lineOf, localValue, scopeVariables, scratch, sessions, topFrame } from './support';

const session = sessions(after);

async function runIdOf(dc: import('@vscode/debugadapter-testsupport').DebugClient): Promise<string> {
  const frames = await topFrame(dc);
  return JSON.parse((await scopeVariables(dc, frames[0]!.id, 'Run')).find((v) => v.name === 'id')!.value) as string;
}

test('Set Value on a step\'s result forks the run with the result edited; the rest of the run sees it', async () => {
  const { dc, log } = await session();
  const { flow, db } = scratch('set');
  await launch(dc, log, { flow, db }, () => dc.setBreakpointsRequest({ source: { path: flow }, breakpoints: [{ line: lineOf(flow, 'flow/step :function :persist-risk') }] }));
  await log.next('stopped');
  const original = await runIdOf(dc);
  // A local is not editable: results are.
  const frames = await topFrame(dc);
  const locals = (await dc.scopesRequest({ frameId: frames[0]!.id })).body.scopes.find((s) => s.name === 'Locals')!;
  await assert.rejects(dc.setVariableRequest({ variablesReference: locals.variablesReference, name: 'summary', value: '{}' }), /only a step's result can/);

  await dc.stepBackRequest({ threadId: 1 });
  await log.next('stopped');
  const back = await topFrame(dc);
  assert.equal(back[0]!.name, ':risk-summary (:function)');
  const stepScope = (await dc.scopesRequest({ frameId: back[0]!.id })).body.scopes.find((s) => s.name === 'Step')!;
  const set = await dc.setVariableRequest({ variablesReference: stepScope.variablesReference, name: 'result', value: '{:risk-level :low :risk-score 1 :needs-approval false}' });
  assert.equal(set.body.value, '{:risk-level :low, :risk-score 1, :needs-approval false}');
  const stop = await log.next('stopped');
  assert.match(stop.body.description, /risk-summary#0 edited/);
  const fork = await runIdOf(dc);
  assert.notEqual(fork, original);
  assert.equal((await topFrame(dc))[0]!.name, ':persist-risk (:function)');
  assert.equal(await localValue(dc, 'summary'), '{:risk-level :low, :risk-score 1, :needs-approval false}');
  await dc.continueRequest({ threadId: 1 });
  await log.next('terminated');

  const store = openStore(db);
  try {
    const forked = store.getRun(fork)!;
    assert.equal(forked.status, 'completed');
    assert.match(forked.output!, /:approval \{:action :approve, :reason :auto\}/);
    const edited = store.journal(fork).find((r) => r.stepKey === 'risk-summary#0')!;
    assert.equal(edited.edited, true);
    assert.equal(store.getRun(original)!.status, 'cancelled');
    assert.equal(store.journal(original).some((r) => r.edited === true), false, 'the original journal is untouched');
  } finally {
    store.close();
  }
});

test('Restart Frame on a step that ran re-runs from it as a fork; a step that has not run cannot be restarted', async () => {
  const { dc, log } = await session();
  const { flow, db } = scratch('restart-frame');
  await launch(dc, log, { flow, db }, () => dc.setBreakpointsRequest({ source: { path: flow }, breakpoints: [{ line: lineOf(flow, 'flow/step :kv :write-audit') }] }));
  await log.next('stopped');
  const original = await runIdOf(dc);
  const live = await topFrame(dc);
  assert.equal(live[0]!.canRestart, false);
  await assert.rejects(dc.restartFrameRequest({ frameId: live[0]!.id }), /has not run yet/);
  await dc.stepBackRequest({ threadId: 1 });
  await log.next('stopped');
  const frames = await topFrame(dc);
  assert.equal(frames[0]!.name, ':fulfill-order (:http)');
  await dc.restartFrameRequest({ frameId: frames[0]!.id });
  const stop = await log.next('stopped');
  assert.equal(stop.body.reason, 'restart');
  assert.equal((await topFrame(dc))[0]!.name, ':fulfill-order (:http)');
  const fork = await runIdOf(dc);
  assert.notEqual(fork, original);
  const step = await scopeVariables(dc, (await topFrame(dc))[0]!.id, 'Step');
  assert.equal(step.find((v) => v.name === 'status')!.value, '"about to run"');
  await dc.continueRequest({ threadId: 1 });
  // The breakpoint on write-audit holds in the fork too.
  await log.next('stopped');
  assert.equal((await topFrame(dc))[0]!.name, ':write-audit (:kv)');
  await dc.continueRequest({ threadId: 1 });
  await log.next('terminated');
  const store = openStore(db);
  try {
    const kept = store.journal(fork).map((r) => r.stepKey);
    assert.deepEqual(kept.slice(0, 5), store.journal(original).slice(0, 5).map((r) => r.stepKey));
    assert.equal(store.getRun(fork)!.status, 'completed');
  } finally {
    store.close();
  }
});
