// A debugged run that suspends on a pending wait stops with reason `wait`; the session owns
// the run while it waits, so `flow-edn approve` from another process only records the
// resolution, and the session goes on by itself (continued, then the rest of the run).

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { after, test } from 'node:test';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { cli, client, launch, lineOf, scopeVariables, scratch, topFrame } from './support';

const open: DebugClient[] = [];
after(async () => {
  for (const dc of open) await dc.stop().catch(() => undefined);
});

function cliAsync(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [cli, ...args], { env: { ...process.env, NO_COLOR: '1', FLOW_EDN_USER: 'terminal-user' } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

test('a pending wait stops with reason wait; approve from another process continues the session by itself', async () => {
  const { dc, log } = await client();
  open.push(dc);
  const { flow, db } = scratch('wait');
  let fulfill = 0;
  await launch(dc, log, { flow, db, scenario: 'pending' }, async () => {
    fulfill = lineOf(flow, 'flow/step :http :fulfill-order');
    await dc.setBreakpointsRequest({ source: { path: flow }, breakpoints: [{ line: fulfill }] });
  });
  const stopped = await log.next('stopped');
  assert.equal(stopped.body.reason, 'wait');
  assert.match(stopped.body.description, /waiting at :manager-approval \(key "approval:order:A-1001"\)/);
  const frames = await topFrame(dc);
  assert.equal(frames[0]!.name, ':manager-approval (:wait)');
  assert.equal(frames[0]!.line, lineOf(flow, 'flow/step :wait :manager-approval'));
  const run = await scopeVariables(dc, frames[0]!.id, 'Run');
  const runId = JSON.parse(run.find((v) => v.name === 'id')!.value) as string;
  assert.equal(run.find((v) => v.name === 'pending waits')!.value, '1');

  // Another process approves: the resolution is recorded, the run goes on in the session.
  const approved = await cliAsync(['approve', runId, '--db', db]);
  assert.equal(approved.code, 0, approved.stderr);
  assert.match(approved.stdout, /continues in the process that holds it/);
  await log.next('continued');
  const bp = await log.next('stopped');
  assert.equal(bp.body.reason, 'breakpoint');
  assert.equal((await topFrame(dc))[0]!.line, fulfill);
  await dc.continueRequest({ threadId: 1 });
  await log.next('terminated');
  const shown = spawnSync(process.execPath, [cli, 'show', runId, '--db', db, '--format', 'json'], { encoding: 'utf8' });
  const report = JSON.parse(shown.stdout);
  assert.equal(report.status, 'completed');
  assert.equal(report.output.approval.by, 'terminal-user');
  // The debug console: this session's steps as they ran, the other process's approval (from
  // the change feed while the run waited), then the steps after it, each line once.
  const lines = log.outputs().split('\n').filter((l) => /^(step |wait )/.test(l));
  const once = (pattern: RegExp) => assert.equal(lines.filter((l) => pattern.test(l)).length, 1, `one line ${pattern} in:\n${lines.join('\n')}`);
  once(/^wait :manager-approval pending/);
  once(/^wait :manager-approval approved by terminal-user$/);
  once(/^step fetch-order(#\d+)? completed/);
  once(/^step fulfill-order(#\d+)? completed/);
  assert.ok(lines.findIndex((l) => l.startsWith('wait :manager-approval approved')) < lines.findIndex((l) => l.startsWith('step fulfill-order')), 'the approval before the steps after it');
  assert.equal(new Set(lines).size, lines.length, `no line twice:\n${lines.join('\n')}`);
});

test('the debug console resolves the wait (:approve with a payload) or fires its timeout (:timeout); elsewhere :approve is a keyword', async () => {
  const approve = await client();
  open.push(approve.dc);
  const a = scratch('console-approve');
  await launch(approve.dc, approve.log, { flow: a.flow, db: a.db, scenario: 'pending', stopOnEntry: true });
  await approve.log.next('stopped');
  assert.equal((await approve.dc.evaluateRequest({ expression: ':approve', context: 'repl', frameId: 1 })).body.result, ':approve', 'not waiting: a keyword');
  await approve.dc.continueRequest({ threadId: 1 });
  assert.equal((await approve.log.next('stopped')).body.reason, 'wait');
  const said = await approve.dc.evaluateRequest({ expression: ':approve {:note "from the console"}', context: 'repl' });
  assert.equal(said.body.result, 'wait :manager-approval approved');
  await approve.log.next('continued');
  await approve.log.next('terminated');
  const told = approve.log.outputs().split('\n').filter((l) => l.startsWith('wait :manager-approval approved'));
  assert.equal(told.length, 1, `the console's own approval told once: ${JSON.stringify(told)}`);
  const report = JSON.parse(spawnSync(process.execPath, [cli, 'show', 'last', '--db', a.db, '--format', 'json'], { encoding: 'utf8' }).stdout);
  assert.equal(report.status, 'completed');
  assert.equal(report.output.approval.note, 'from the console');

  const timeout = await client();
  open.push(timeout.dc);
  const t = scratch('console-timeout');
  await launch(timeout.dc, timeout.log, { flow: t.flow, db: t.db, scenario: 'pending' });
  assert.equal((await timeout.log.next('stopped')).body.reason, 'wait');
  const fired = await timeout.dc.evaluateRequest({ expression: ':timeout', context: 'repl' });
  assert.match(fired.body.result, /the timeout of :manager-approval fired \(the run's clock moved to 2026-11-29T12:00:00.000Z\)/);
  await timeout.log.next('terminated');
  const out = JSON.parse(spawnSync(process.execPath, [cli, 'show', 'last', '--db', t.db, '--format', 'json'], { encoding: 'utf8' }).stdout);
  assert.deepEqual(out.output.approval, { action: 'reject', reason: 'timeout' });
});
