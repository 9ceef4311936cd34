// Breakpoint kinds over the real adapter: a labelled `if` (stops with the branch about to be
// taken), a trigger/interface entry (stops at run start with the input), a `:wait` step (before
// it, then again when the wait is pending), conditions in the flow language, hit counts and
// logpoints.

import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { launch, lineOf, localValue, loopScratch, scopeVariables, scratch, sessions, topFrame } from './support';

const session = sessions(after);

test('a breakpoint on a labelled if stops after its test with the branch about to be taken', async () => {
  const { dc, log } = await session();
  const { flow, db } = scratch('if');
  const approval = lineOf(flow, '^{:label "Manager approval required?"');
  const fulfillment = lineOf(flow, '^{:label "Fulfillment decision"');
  await launch(dc, log, { flow, db }, () => dc.setBreakpointsRequest({ source: { path: flow }, breakpoints: [{ line: approval }, { line: fulfillment + 1 }] }));
  let stop = await log.next('stopped');
  assert.equal(stop.body.reason, 'breakpoint');
  assert.match(stop.body.description, /"Manager approval required\?": yes, about to take "Wait for manager action"/);
  let frames = await topFrame(dc);
  assert.equal(frames[0]!.line, approval);
  assert.equal(frames[0]!.name, 'flow advanced-order-orchestration-fixed');
  assert.equal(await localValue(dc, 'order-id'), '"A-1001"');
  await dc.continueRequest({ threadId: 1 });
  stop = await log.next('stopped');
  assert.match(stop.body.description, /"Fulfillment decision": yes, about to take "Create fulfillment"/);
  frames = await topFrame(dc);
  assert.equal(frames[0]!.line, fulfillment, 'bound to the if\'s first line');
  await dc.continueRequest({ threadId: 1 });
  await log.next('terminated');
});

test('an entry breakpoint stops at run start with the trigger\'s input; another trigger\'s entry does not stop', async () => {
  const { dc, log } = await session();
  const { flow, db } = scratch('entry-bp');
  const run = lineOf(flow, '{:type :manual :label "Run"');
  const hourly = lineOf(flow, ':label "Hourly"');
  let bound: any[] = [];
  await launch(dc, log, { flow, db }, async () => {
    bound = (await dc.setBreakpointsRequest({ source: { path: flow }, breakpoints: [{ line: run }, { line: hourly }] })).body.breakpoints;
  });
  assert.equal(bound[0].verified, true);
  assert.equal(bound[1].verified, true);
  assert.equal(bound[1].line, hourly - 1, 'the schedule entry starts a line above its label');
  const stop = await log.next('stopped');
  assert.equal(stop.body.reason, 'breakpoint');
  assert.match(stop.body.description, /run started through the trigger "Run"/);
  const frames = await topFrame(dc);
  assert.equal(frames[0]!.line, run);
  const input = await scopeVariables(dc, frames[0]!.id, 'Input');
  assert.equal(input.find((v) => v.name === ':order-id')!.value, '"A-1001"');
  assert.equal(input.find((v) => v.name === ':order-id')!.evaluateName, '(:order-id (flow/input))');
  await dc.continueRequest({ threadId: 1 });
  await log.next('terminated');
});

test('a breakpoint on a :wait step stops before it and again when the wait is pending', async () => {
  const { dc, log } = await session();
  const { flow, db } = scratch('wait-bp');
  const wait = lineOf(flow, 'flow/step :wait :manager-approval');
  await launch(dc, log, { flow, db, scenario: 'pending' }, () => dc.setBreakpointsRequest({ source: { path: flow }, breakpoints: [{ line: wait + 1 }] }));
  let stop = await log.next('stopped');
  assert.equal(stop.body.reason, 'breakpoint');
  assert.equal((await topFrame(dc))[0]!.line, wait);
  await dc.continueRequest({ threadId: 1 });
  stop = await log.next('stopped');
  assert.equal(stop.body.reason, 'wait');
  assert.equal((await topFrame(dc))[0]!.line, wait);
  await dc.terminateRequest();
  await log.next('terminated');
});

test('conditions are flow-language expressions over the locals; a failing condition stops and says why', async () => {
  const { dc, log } = await session();
  const { flow, db } = scratch('cond');
  const risk = lineOf(flow, 'flow/step :http :fetch-risk');
  const summary = lineOf(flow, 'flow/step :function :risk-summary');
  const audit = lineOf(flow, 'flow/step :kv :write-audit');
  await launch(dc, log, { flow, db }, () =>
    dc.setBreakpointsRequest({
      source: { path: flow },
      breakpoints: [
        { line: risk, condition: '(= order-id "A-1001")' },
        { line: summary, condition: '(no-such-fn 1)' },
        { line: audit, condition: '(= action :reject)' },
      ],
    }),
  );
  let stop = await log.next('stopped');
  assert.equal((await topFrame(dc))[0]!.line, risk);
  await dc.continueRequest({ threadId: 1 });
  stop = await log.next('stopped');
  assert.equal(stop.body.reason, 'breakpoint');
  assert.equal((await topFrame(dc))[0]!.line, summary);
  assert.match(log.outputs(), /breakpoint condition "\(no-such-fn 1\)" \(line \d+\) failed: .*no-such-fn/);
  await dc.continueRequest({ threadId: 1 });
  // (= action :reject) is false: the run ends without stopping at :write-audit.
  await log.next('terminated');
});

test('hit counts: a number stops at that hit, % N at every Nth', async () => {
  const { dc, log } = await session();
  const { flow, db } = loopScratch();
  const square = lineOf(flow, 'flow/step :function :square');
  await launch(dc, log, { flow, db }, () => dc.setBreakpointsRequest({ source: { path: flow }, breakpoints: [{ line: square, hitCondition: '%2' }] }));
  await log.next('stopped');
  assert.equal(await localValue(dc, 'n'), '2');
  await dc.continueRequest({ threadId: 1 });
  await log.next('stopped');
  assert.equal(await localValue(dc, 'n'), '4');
  await dc.continueRequest({ threadId: 1 });
  await log.next('terminated');
});

test('a hit count that cannot be read leaves the breakpoint unverified with the forms it takes', async () => {
  const { dc, log } = await session();
  const { flow, db } = loopScratch();
  const square = lineOf(flow, 'flow/step :function :square');
  let bound: any[] = [];
  await launch(dc, log, { flow, db }, async () => {
    bound = (await dc.setBreakpointsRequest({ source: { path: flow }, breakpoints: [{ line: square, hitCondition: 'often' }, { line: square, hitCondition: '3' }] })).body.breakpoints;
  });
  assert.equal(bound[0].verified, false);
  assert.match(bound[0].message, /hit count "often" is not understood/);
  await log.next('stopped');
  assert.equal(await localValue(dc, 'n'), '3');
  await dc.continueRequest({ threadId: 1 });
  await log.next('terminated');
});

test('logpoints print {expr} interpolated and do not stop', async () => {
  const { dc, log } = await session();
  const { flow, db } = loopScratch();
  const square = lineOf(flow, 'flow/step :function :square');
  await launch(dc, log, { flow, db }, () => dc.setBreakpointsRequest({ source: { path: flow }, breakpoints: [{ line: square, logMessage: 'square of {n}, {{literal}}, {(* n 10)}' }] }));
  await log.next('terminated');
  const out = log.outputs();
  for (const n of [1, 2, 3, 4]) assert.ok(out.includes(`square of ${n}, {literal}, ${n * 10}\n`), out);
});
