// The debug adapter end to end over stdio (DebugClient against node out/debugAdapter.js):
// capabilities, launch with line and function breakpoints (bound, moved, unverified with a
// reason), stack and scopes, Next, Continue to the end, stop on entry, terminate.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, test } from 'node:test';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { cli, client, launch, lineOf, scopeVariables, scratch, topFrame, type EventLog } from './support';

const open: DebugClient[] = [];
after(async () => {
  for (const dc of open) await dc.stop().catch(() => undefined);
});

async function session(): Promise<{ dc: DebugClient; log: EventLog }> {
  const s = await client();
  open.push(s.dc);
  return s;
}

test('initialize answers every capability the debugger promises, and the exception filters', async () => {
  const { dc } = await session();
  const init = await dc.initializeRequest({ adapterID: 'flow-edn', pathFormat: 'path' });
  const caps = init.body!;
  for (const c of ['supportsConfigurationDoneRequest', 'supportsConditionalBreakpoints', 'supportsHitConditionalBreakpoints', 'supportsLogPoints', 'supportsFunctionBreakpoints', 'supportsStepBack', 'supportsRestartFrame', 'supportsSetVariable', 'supportsEvaluateForHovers', 'supportsCompletionsRequest', 'supportsClipboardContext', 'supportsTerminateRequest'] as const) {
    assert.equal(caps[c], true, c);
  }
  assert.deepEqual(caps.exceptionBreakpointFilters!.map((f) => f.filter), ['stepAttempt', 'stepFailed', 'runFailed']);
});

test('line breakpoints bind to the step form (moved to its first line) or say why nothing stops there; stack, scopes, Next, Continue', async () => {
  const { dc, log } = await session();
  const { flow, db } = scratch('lines');
  const riskLine = lineOf(flow, 'flow/step :http :fetch-risk');
  const fnLine = lineOf(flow, ':code "(fn [risk]');
  let bound: any[] = [];
  await launch(dc, log, { flow, db }, async () => {
    const r = await dc.setBreakpointsRequest({ source: { path: flow }, breakpoints: [{ line: riskLine + 2 }, { line: 1 }, { line: fnLine }] });
    bound = r.body.breakpoints;
  });
  assert.equal(bound[0].verified, true);
  assert.equal(bound[0].line, riskLine, 'moved to the step form\'s first line');
  assert.match(bound[0].message, /moved to line/);
  assert.equal(bound[1].verified, false);
  assert.match(bound[1].message, /nothing can stop on line 1/);
  assert.equal(bound[2].verified, false);
  assert.match(bound[2].message, /function :risk-summary/);

  const stopped = await log.next('stopped');
  assert.equal(stopped.body.reason, 'breakpoint');
  assert.deepEqual(stopped.body.hitBreakpointIds, [bound[0].id]);
  const frames = await topFrame(dc);
  assert.equal(frames[0]!.name, ':fetch-risk (:http)');
  assert.equal(frames[0]!.line, riskLine);
  assert.equal(frames[0]!.source?.path, flow);
  assert.ok(frames[0]!.endLine! > riskLine, 'the frame spans the step form');
  assert.match(frames[1]!.name, /^flow advanced-order-orchestration-fixed/);

  const scopes = await dc.scopesRequest({ frameId: frames[0]!.id });
  assert.deepEqual(scopes.body.scopes.map((s) => s.name), ['Locals', 'Step', 'Input', 'Run']);
  const locals = await scopeVariables(dc, frames[0]!.id, 'Locals');
  const orderId = locals.find((v) => v.name === 'order-id')!;
  assert.equal(orderId.value, '"A-1001"');
  assert.equal(orderId.evaluateName, 'order-id');
  const order = locals.find((v) => v.name === 'order')!;
  assert.ok(order.variablesReference > 0, 'a map expands');
  const orderKids = (await dc.variablesRequest({ variablesReference: order.variablesReference })).body.variables;
  const status = orderKids.find((v) => v.name === ':status')!;
  assert.equal(status.value, '200');
  assert.equal(status.evaluateName, '(:status order)');
  const step = await scopeVariables(dc, frames[0]!.id, 'Step');
  assert.equal(step.find((v) => v.name === 'id')!.value, '"fetch-risk"');
  assert.equal(step.find((v) => v.name === 'status')!.value, '"about to run"');
  const run = await scopeVariables(dc, frames[0]!.id, 'Run');
  assert.match(run.find((v) => v.name === 'id')!.value, /^"r-/);

  await dc.nextRequest({ threadId: 1 });
  const next = await log.next('stopped');
  assert.equal(next.body.reason, 'step');
  const f2 = await topFrame(dc);
  assert.equal(f2[0]!.name, ':risk-summary (:function)');
  assert.equal(f2[0]!.line, lineOf(flow, 'flow/step :function :risk-summary'));

  await dc.continueRequest({ threadId: 1 });
  await log.next('terminated');
  assert.match(log.outputs(), /completed/);
  const shown = spawnSync(process.execPath, [cli, 'runs', '--db', db, '--format', 'json'], { encoding: 'utf8' });
  assert.equal(JSON.parse(shown.stdout).runs[0].status, 'completed');
});

test('function breakpoints by step id; an unknown id is unverified with the steps it could be', async () => {
  const { dc, log } = await session();
  const { flow, db } = scratch('fn');
  let bound: any[] = [];
  await launch(dc, log, { flow, db }, async () => {
    bound = (await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'write-audit' }, { name: 'no-such-step' }] })).body.breakpoints;
  });
  assert.equal(bound[0].verified, true);
  assert.equal(bound[0].line, lineOf(flow, 'flow/step :kv :write-audit'));
  assert.equal(bound[1].verified, false);
  assert.match(bound[1].message, /no step :no-such-step in this flow \(its steps: fetch-order, fetch-risk/);
  const stopped = await log.next('stopped');
  assert.equal(stopped.body.reason, 'function breakpoint');
  assert.equal((await topFrame(dc))[0]!.name, ':write-audit (:kv)');
  await dc.continueRequest({ threadId: 1 });
  await log.next('terminated');
});

test('stopOnEntry stops before the first step; terminate cancels the launched run', async () => {
  const { dc, log } = await session();
  const { flow, db } = scratch('entry');
  await launch(dc, log, { flow, db, stopOnEntry: true });
  const stopped = await log.next('stopped');
  assert.equal(stopped.body.reason, 'entry');
  const frames = await topFrame(dc);
  assert.equal(frames[0]!.line, lineOf(flow, 'flow/step :http :fetch-order'));
  await dc.terminateRequest();
  await log.next('terminated');
  const shown = spawnSync(process.execPath, [cli, 'runs', '--db', db, '--format', 'json'], { encoding: 'utf8' });
  assert.equal(JSON.parse(shown.stdout).runs[0].status, 'cancelled');
});
