// The Approvals view's model and message handler in plain Node, on a real store and the real
// RunService: a run started by the CLI (another process) shows up with its notification and
// form fields; Approve / Reject (reason required) / Complete (form and raw payloads validated,
// a bad value refused with its message and nothing changed) / Time out now resume the run;
// a second click is answered with the engine's reason; malformed page messages are refused.

import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { decodeValue } from '../../engine/run/codec';
import { printValue } from '../../engine/edn/printer';
import { RunService } from '../../engine/service/index';
import { pendingWaits } from '../../client/runs/approvals/pending';
import { resolveFromPage } from '../../client/runs/approvals/resolve';
import { isFromPage, isToPage, type FromPage, type PendingWait } from '../../client/webviews/approvals/messages';
import { cliRun, root, until, workspace } from '../service/support';

const ws = workspace();
mkdirSync(join(ws.dir, 'flows'));
for (const f of ['approval.flow.edn', 'approval.sim.edn']) copyFileSync(join(root, 'test/fixtures/approvals', f), join(ws.dir, 'flows', f));
const flowPath = join(ws.dir, 'flows/approval.flow.edn');
const service = new RunService({ dbPath: ws.db, user: 'tester' });
after(() => service.close());

let nextRequest = 1;
function resolve(wait: PendingWait, action: 'approve' | 'reject' | 'complete' | 'timeout', extra: Partial<Extract<FromPage, { type: 'resolve' }>> = {}) {
  const message = { type: 'resolve', requestId: nextRequest++, store: wait.store, runId: wait.runId, waitId: wait.waitId, action, reason: null, payload: null, ...extra };
  assert.ok(isFromPage(message), 'the handler is only given validated messages');
  return resolveFromPage(service, message as Extract<FromPage, { type: 'resolve' }>, 'tester');
}

async function waitingRun(orderId: string): Promise<PendingWait> {
  const out = await cliRun(ws, ['run', 'flows/approval.flow.edn', '--input', `{:order-id "${orderId}" :note "<img src=x onerror=alert(1)>"}`]);
  assert.equal(out.code, 0, out.stderr + out.stdout);
  const waits = pendingWaits(service.store, ws.db).filter((w) => w.key === `approval:${orderId}`);
  assert.equal(waits.length, 1, `one pending wait for ${orderId}`);
  return waits[0]!;
}

function output(runId: string): string {
  const run = service.store.getRun(runId)!;
  return run.output === null ? `(${run.status})` : printValue(decodeValue(run.output));
}

test('a run started by the CLI shows up: flow, step, key, run clock, notification, form fields', async () => {
  const wait = await waitingRun('A-1');
  assert.equal(wait.flow, 'approval-demo');
  assert.equal(wait.stepId, 'approval');
  assert.equal(wait.stepKey, 'approval#0');
  assert.equal(wait.clock.virtual, false);
  assert.ok(wait.expiresAt! - wait.createdAt === 3600_000, 'the 1h timeout');
  assert.equal(wait.notification?.subject, 'Approve order A-1');
  assert.match(wait.notification!.text!, /needs review: <img src=x onerror=alert\(1\)>/);
  assert.equal(wait.notification!.status, 202);
  assert.deepEqual(wait.fields.map((f) => f.path.join('.')).sort(), ['amount', 'reason'], 'what the flow reads off the result, without :action');
  assert.ok(isToPage({ type: 'waits', waits: [wait], sentAt: Date.now() }), 'a snapshot is a valid page message');
});

test('Approve resumes the run to completion; a second click is answered with who resolved it', async () => {
  const wait = await waitingRun('A-2');
  const first = await resolve(wait, 'approve');
  assert.equal(first.ok, true, first.message);
  assert.match(first.message, /^Approved: run r-\S+ resumed and is now completed/);
  assert.match(output(wait.runId), /:action :approve/);
  const second = await resolve(wait, 'approve');
  assert.equal(second.ok, false);
  assert.equal(second.reason, 'already-resolved');
  assert.match(second.message, /already approved by tester/);
  assert.equal(pendingWaits(service.store, ws.db).some((w) => w.waitId === wait.waitId), false);
});

test('Reject needs a reason; with one the run gets it', async () => {
  const wait = await waitingRun('A-3');
  const refused = await resolve(wait, 'reject', { reason: '  ' });
  assert.equal(refused.ok, false);
  assert.equal(refused.reason, 'no-reason');
  assert.equal(service.store.getWait(wait.waitId)!.status, 'pending', 'nothing changed');
  const rejected = await resolve(wait, 'reject', { reason: 'over budget' });
  assert.equal(rejected.ok, true, rejected.message);
  assert.match(output(wait.runId), /:action :reject/);
  assert.match(output(wait.runId), /:reason "over budget"/);
});

test('Complete: a bad form value or raw payload is refused with its message and changes nothing; a good one completes', async () => {
  const wait = await waitingRun('A-4');
  const badField = await resolve(wait, 'complete', { payload: { kind: 'form', fields: { amount: '{:a 1' } } });
  assert.equal(badField.ok, false);
  assert.equal(badField.reason, 'bad-payload');
  assert.match(badField.message, /^field :amount is refused: .*line 1, column 1/);
  const badJson = await resolve(wait, 'complete', { payload: { kind: 'raw', format: 'json', text: '{"amount": 25,}' } });
  assert.equal(badJson.ok, false);
  assert.match(badJson.message, /^the JSON payload is refused: not JSON/);
  const unknownField = await resolve(wait, 'complete', { payload: { kind: 'form', fields: { nope: '1' } } });
  assert.match(unknownField.message, /the form has no field nope/);
  assert.equal(service.store.getWait(wait.waitId)!.status, 'pending', 'nothing changed');
  const ok = await resolve(wait, 'complete', { payload: { kind: 'form', fields: { amount: '250', reason: 'fine by me' } } });
  assert.equal(ok.ok, true, ok.message);
  assert.match(output(wait.runId), /:amount 250/);
  assert.match(output(wait.runId), /:reason "fine by me"/);
});

test('Complete with a raw EDN value', async () => {
  const wait = await waitingRun('A-5');
  const ok = await resolve(wait, 'complete', { payload: { kind: 'raw', format: 'edn', text: '{:action :approve :amount 12.5}' } });
  assert.equal(ok.ok, true, ok.message);
  assert.match(output(wait.runId), /:amount 12\.5/);
});

test('Time out now: the run takes its :on-timeout path; a late Approve is told it timed out', async () => {
  const wait = await waitingRun('A-6');
  const timedOut = await resolve(wait, 'timeout');
  assert.equal(timedOut.ok, true, timedOut.message);
  assert.match(output(wait.runId), /:action :timeout/);
  const late = await resolve(wait, 'approve');
  assert.equal(late.ok, false);
  assert.equal(late.reason, 'timed-out');
});

test('a resolution made by another process meanwhile is answered clearly', async () => {
  const wait = await waitingRun('A-7');
  const cli = await cliRun(ws, ['approve', wait.runId]);
  assert.equal(cli.code, 0, cli.stderr);
  await until('the CLI approval to be stored', () => service.store.getWait(wait.waitId)!.status === 'approved');
  const late = await resolve(wait, 'reject', { reason: 'too late' });
  assert.equal(late.ok, false);
  assert.match(late.message, /already approved by cli/);
});

test('malformed or unknown page messages are refused', () => {
  for (const bad of [null, 'resolve', { type: 'resolve' }, { type: 'resolve', requestId: 1, store: 's', runId: 'r', waitId: 'w', action: 'delete', reason: null, payload: null }, { type: 'resolve', requestId: 1, store: 's', runId: 'r', waitId: 'w', action: 'complete', reason: null, payload: { kind: 'raw', format: 'xml', text: '' } }, { type: 'constructor' }, { type: 'toString' }]) {
    assert.equal(isFromPage(bad), false, JSON.stringify(bad));
  }
  assert.equal(isToPage({ type: 'waits', waits: [{ waitId: 1 }], sentAt: 0 }), false);
});
