// Attach to a run of a flow with `#flow/include`s that the CLI left waiting: the run's pinned
// text is the expanded flow, taken back to its files by expanding the flow file again (same
// text): the wait's frame is in the included body, a breakpoint in an included :functions
// entry binds and stops after another process approves. When an included file changed since
// the run started, the frames show the run's text (served by the adapter) and breakpoints say why.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, test } from 'node:test';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { includeScratch, placeOf } from './include-support';
import { cli, localValue, sessions, topFrame, type EventLog } from './support';

const session = sessions(after);

function flowEdn(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FLOW_EDN_USER: 'terminal-user' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

async function attach(dc: DebugClient, log: EventLog, args: Record<string, unknown>, configure: () => Promise<unknown>): Promise<void> {
  await dc.initializeRequest({ adapterID: 'flow-edn', pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true });
  const attached = dc.attachRequest(args as never);
  await log.next('initialized');
  await configure();
  await dc.configurationDoneRequest();
  await attached;
}

function waitingRun(flow: string, db: string): string {
  const started = flowEdn(['run', flow, '--db', db, '--format', 'json']);
  assert.equal(JSON.parse(started.stdout).status, 'waiting', started.stderr);
  return JSON.parse(started.stdout).runId as string;
}

test('attach to a waiting run of an included flow: frames and breakpoints in the included files', async () => {
  const s = includeScratch();
  const flow = s.file('approval.flow.edn');
  const body = s.file('approval-body.clj');
  const score = s.file('functions/score.edn');
  const runId = waitingRun(flow, s.db);
  const { dc, log } = await session();
  const recur = placeOf(score, '(recur (inc i)');
  let bound: DebugProtocol.Breakpoint[] = [];
  await attach(dc, log, { runId, db: s.db }, async () => {
    bound = (await dc.setBreakpointsRequest({ source: { path: score }, breakpoints: [{ line: recur.line }] })).body.breakpoints;
  });
  assert.equal(bound[0]!.verified, true, bound[0]!.message);
  assert.equal(bound[0]!.source?.path, score);
  let stop = await log.next('stopped');
  assert.equal(stop.body.reason, 'wait');
  const wait = placeOf(body, '(flow/step :wait :sign-off');
  const frames = await topFrame(dc);
  assert.equal(frames[0]!.name, ':sign-off (:wait)');
  assert.equal(frames[0]!.source?.path, body);
  assert.equal(frames[0]!.line, wait.line);
  assert.equal(frames[0]!.column, wait.column);

  const approved = flowEdn(['approve', runId, '--db', s.db]);
  assert.equal(approved.code, 0, approved.stderr);
  stop = await log.next('stopped');
  assert.equal(stop.body.reason, 'breakpoint');
  const top = (await topFrame(dc))[0]!;
  assert.equal(top.source?.path, score);
  assert.equal(top.line, recur.line);
  assert.equal(await localValue(dc, 'i'), '0');
  // The breakpoint stops each iteration: cleared, the run goes to its end.
  await dc.setBreakpointsRequest({ source: { path: score }, breakpoints: [] });
  await dc.continueRequest({ threadId: 1 });
  await log.next('terminated');
});

test('attach after an included file changed: frames show the text the run runs, breakpoints say why they cannot bind', async () => {
  const s = includeScratch();
  const flow = s.file('approval.flow.edn');
  const body = s.file('approval-body.clj');
  const runId = waitingRun(flow, s.db);
  const launched = readFileSync(body, 'utf8');
  writeFileSync(body, launched.replace(':timeout "2h"', ':timeout "4h"'));
  const { dc, log } = await session();
  let bound: DebugProtocol.Breakpoint[] = [];
  await attach(dc, log, { runId, db: s.db }, async () => {
    bound = (await dc.setBreakpointsRequest({ source: { path: body }, breakpoints: [{ line: placeOf(body, '(flow/step :function :score').line }] })).body.breakpoints;
  });
  assert.equal(bound[0]!.verified, false);
  assert.match(bound[0]!.message ?? '', /^approval-body\.clj is included by approval\.flow\.edn, but the run's text no longer matches the files \(changed since the run started\): .*start a new run to debug the edited files$/);
  const stop = await log.next('stopped');
  assert.equal(stop.body.reason, 'wait');
  const top = (await topFrame(dc))[0]!;
  assert.equal(top.source?.name, 'approval.flow.edn (as run)');
  const served = (await dc.sourceRequest({ source: top.source!, sourceReference: top.source!.sourceReference! })).body.content;
  // The run's text is the flow expanded as it started: the frame's line holds the wait there.
  assert.match(served.split('\n')[top.line - 1]!, /\(flow\/step :wait :sign-off/);
  assert.match(served, /:timeout "2h"/);
  await dc.terminateRequest({});
  await log.next('terminated');
});
