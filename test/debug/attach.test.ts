// Attach to runs the CLI started (a waiting one: the session owns it and goes on when another
// process approves; an interrupted one: resumed in the session), and a debugged run killed
// with SIGKILL: nothing is lost, `flow-edn resume` finishes it without running a step again.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, test } from 'node:test';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { cli, client, launch, lineOf, scratch, sessions, topFrame, type EventLog } from './support';

const session = sessions(after);

function flowEdn(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FLOW_EDN_USER: 'terminal-user' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

async function attach(dc: DebugClient, log: EventLog, args: Record<string, unknown>): Promise<void> {
  await dc.initializeRequest({ adapterID: 'flow-edn', pathFormat: 'path' });
  const attached = dc.attachRequest(args as never);
  await log.next('initialized');
  await dc.configurationDoneRequest();
  await attached;
}

/** A debugged run stopped at fetch-risk whose adapter process is then killed with SIGKILL. */
async function killedMidRun(name: string): Promise<{ flow: string; db: string; runId: string }> {
  // Its own client: a killed adapter gets no disconnect.
  const { dc, log } = await client();
  const { flow, db } = scratch(name);
  await launch(dc, log, { flow, db }, () => dc.setBreakpointsRequest({ source: { path: flow }, breakpoints: [{ line: lineOf(flow, 'flow/step :http :fetch-risk') }] }));
  await log.next('stopped');
  const runs = JSON.parse(flowEdn(['runs', '--db', db, '--format', 'json']).stdout).runs;
  const adapter = (dc as unknown as { _adapterProcess: { pid: number; once(e: string, f: () => void): void } })._adapterProcess;
  const exited = new Promise<void>((r) => adapter.once('exit', () => r()));
  process.kill(adapter.pid, 'SIGKILL');
  await exited;
  assert.equal(runs[0].status, 'running');
  return { flow, db, runId: runs[0].runId };
}

test('attach to a run the CLI left waiting: stops on the wait; an approval from another process continues it in the session', async () => {
  const { flow, db } = scratch('attach-wait');
  const started = flowEdn(['run', flow, '--sim', flow.replace('.flow.edn', '.pending.sim.edn'), '--db', db, '--format', 'json']);
  const runId = JSON.parse(started.stdout).runId as string;
  assert.equal(JSON.parse(started.stdout).status, 'waiting');
  const { dc, log } = await session();
  await attach(dc, log, { runId, db });
  const stop = await log.next('stopped');
  assert.equal(stop.body.reason, 'wait');
  assert.equal((await topFrame(dc))[0]!.name, ':manager-approval (:wait)');
  const approved = flowEdn(['approve', runId, '--db', db]);
  assert.equal(approved.code, 0, approved.stderr);
  assert.match(approved.stdout, /continues in the process that holds it/);
  await log.next('continued');
  await log.next('terminated');
  const report = JSON.parse(flowEdn(['show', runId, '--db', db, '--format', 'json']).stdout);
  assert.equal(report.status, 'completed');
  assert.equal(report.output.approval.action, 'approve');
});

test('a debugged run killed with SIGKILL resumes with flow-edn resume; no journaled step runs again', async () => {
  const { db, runId } = await killedMidRun('kill');
  const resumed = flowEdn(['resume', runId, '--db', db, '--format', 'json']);
  assert.equal(resumed.code, 0, resumed.stderr);
  const report = JSON.parse(resumed.stdout);
  assert.equal(report.status, 'completed');
  for (const s of report.steps) assert.equal(s.attempts, 1, `${s.id} ran once`);
  const events = JSON.parse(flowEdn(['show', runId, '--db', db, '--format', 'json']).stdout);
  assert.equal(events.steps.filter((s: { id: string }) => s.id === 'fetch-order').length, 1);
});

test('attach to an interrupted run: the session resumes it and stops before its next step', async () => {
  const { flow, db, runId } = await killedMidRun('attach-interrupted');
  const { dc, log } = await session();
  await attach(dc, log, { runId, db });
  const stop = await log.next('stopped');
  assert.equal(stop.body.reason, 'entry');
  const frames = await topFrame(dc);
  assert.equal(frames[0]!.name, ':fetch-risk (:http)');
  assert.equal(frames[0]!.line, lineOf(flow, 'flow/step :http :fetch-risk'));
  await dc.continueRequest({ threadId: 1 });
  await log.next('terminated');
  assert.equal(JSON.parse(flowEdn(['show', runId, '--db', db, '--format', 'json']).stdout).status, 'completed');
});

test('attach refuses a run that has ended, naming how to see it', async () => {
  const { flow, db } = scratch('attach-ended');
  const done = JSON.parse(flowEdn(['run', flow, '--db', db, '--format', 'json']).stdout);
  const { dc } = await session();
  await dc.initializeRequest({ adapterID: 'flow-edn', pathFormat: 'path' });
  await assert.rejects(dc.attachRequest({ runId: done.runId, db } as never), /has completed; only a waiting or interrupted run can be attached to/);
});
