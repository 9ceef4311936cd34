// The graph's state model (engine/run/run-state.ts): from records alone (a step seen
// starting runs, a pending wait waits, a failure names its step, a loop shows its liveliest
// occurrence, steps never reached are pending or skipped, the last arm of each labelled if),
// and from a real run in the run service's worker on a real store: an :http step held by a
// local server reads running through the live events, a labelled if's arm, a :wait waiting,
// then everything done and the untaken arm skipped once the wait is resolved.

import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { readRunState, runStateOf, type RunState } from '../../engine/service/index';
import type { RunEvent } from '../../engine/run/events';
import type { JournalRecord, RunRecord, WaitRecord } from '../../engine/store/port';
import { openService, until, workspace } from './support';

function run(status: RunRecord['status'], error: string | null = null): RunRecord {
  return { id: 'r1', flow: 'f', flowPath: '/w/f.flow.edn', source: '{}', sourceHash: 'h', status, trigger: null, input: '{}', simulation: null, output: null, error, concurrencyKey: null, createdAt: 0, updatedAt: 0, endedAt: null, leaseOwner: null, leaseExpiresAt: null, clock: null };
}
function record(stepKey: string, status: JournalRecord['status'] = 'completed'): JournalRecord {
  return { runId: 'r1', seq: 1, stepKey, stepId: stepKey.replace(/#\d+$/, ''), stepType: 'function', status, result: null, error: null, attempts: 1, startedAt: 0, endedAt: 0 };
}
function wait(stepKey: string, status: WaitRecord['status']): WaitRecord {
  return { id: `w-${stepKey}`, runId: 'r1', stepKey, stepId: stepKey.replace(/#\d+$/, ''), key: 'k', status, createdAt: 0, expiresAt: null, resolution: null, resolvedAt: null, resolvedBy: null, token: null };
}
const branch = (label: string, taken: 'yes' | 'no'): RunEvent => ({ type: 'branch', runId: 'r1', label, taken, branch: null, start: 0, end: 0, line: 1 });

test('from records: running, waiting, done, failed, skipped and pending by step id; the last arm of each label', () => {
  const live = runStateOf({
    run: run('running'),
    journal: [record('a#0'), record('loop#0'), record('loop#1')],
    waits: [],
    events: [branch('Big?', 'no'), branch('Other', 'yes'), branch('Big?', 'yes'), { type: 'step-completed', runId: 'r1', stepKey: 'a#0', stepId: 'a', mocked: false, durationMs: 1 }],
    started: ['loop#2'],
    stepIds: ['a', 'loop', 'later'],
  });
  assert.deepEqual(live.steps, { a: 'done', loop: 'running', later: 'pending' });
  assert.deepEqual(live.branches, [{ label: 'Other', taken: 'yes' }, { label: 'Big?', taken: 'yes' }]);

  const waiting = runStateOf({ run: run('waiting'), journal: [record('a#0')], waits: [wait('approve#0', 'pending')], events: [], stepIds: ['a', 'approve', 'after'] });
  assert.deepEqual(waiting.steps, { a: 'done', approve: 'waiting', after: 'pending' });

  const failed = runStateOf({
    run: run('failed', JSON.stringify({ message: 'boom', step: 'b', code: 'thrown' })),
    journal: [record('a#0'), record('s#0')],
    waits: [],
    events: [{ type: 'step-completed', runId: 'r1', stepKey: 's#0', stepId: 's', mocked: false, durationMs: 1, skipped: true, error: 'x' }],
    stepIds: ['a', 's', 'b', 'never'],
  });
  assert.deepEqual(failed.steps, { a: 'done', s: 'skipped', b: 'failed', never: 'skipped' });

  const cancelled = runStateOf({ run: run('cancelled'), journal: [record('x#0', 'failed')], waits: [wait('w#0', 'cancelled')], events: [], stepIds: ['x', 'w'] });
  assert.deepEqual(cancelled.steps, { x: 'failed', w: 'skipped' });

  const resolved = runStateOf({ run: run('running'), journal: [], waits: [wait('w#0', 'approved')], events: [], stepIds: ['w'] });
  assert.deepEqual(resolved.steps, { w: 'running' }, 'a resolved wait whose record is not in yet: the run is resuming at it');
});

test('a real run in the worker: running (live event), branch, waiting, then done with the untaken arm skipped', async (t) => {
  let release: () => void = () => undefined;
  const held = new Promise<void>((r) => (release = r));
  const server = createServer((_req, res) => void held.then(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  const port = (server.address() as AddressInfo).port;
  const ws = workspace();
  const path = ws.flow(
    'live',
    `(let [input (flow/input)
      a (flow/step :function :a {:code '(fn [x] (* 2 (:n x))) :input {:n (:n input)}})
      slow (flow/step :http :slow {:url "http://127.0.0.1:${port}/slow" :method :get})
      b ^{:label "Big?" :yes "double" :no "same"} (if (> a 10) (flow/step :function :big {:code '(fn [x] x) :input {:v a}}) (flow/step :function :small {:code '(fn [x] x) :input {:v a}}))
      ok (flow/step :wait :approve {:key "approve-live" :timeout "1h"})
      done (flow/step :function :finish {:code '(fn [x] x) :input {:b b}})]
  done)`,
    '{:input {:n 7}}',
  );
  const service = openService({ root: ws.dir });
  const stepIds = ['a', 'slow', 'big', 'small', 'approve', 'finish'];
  const started = new Set<string>();
  let whileSlow: RunState | undefined;
  service.onEvent((event) => {
    if (event.type === 'step-started') started.add(event.stepKey);
    if (event.type === 'step-started' && event.stepId === 'slow') {
      whileSlow = readRunState(service.store, event.runId, { started, stepIds });
      release();
    }
  });
  const handle = service.start({ flowPath: path });
  const waiting = await handle.finished;
  assert.equal(waiting.status, 'waiting', waiting.error ?? '');
  assert.ok(whileSlow, 'the live step-started event of :slow arrived');
  assert.deepEqual(whileSlow.steps, { a: 'done', slow: 'running', big: 'pending', small: 'pending', approve: 'pending', finish: 'pending' });
  assert.equal(whileSlow.status, 'running');

  const atWait = readRunState(service.store, handle.runId, { stepIds })!;
  assert.deepEqual(atWait.steps, { a: 'done', slow: 'done', big: 'done', small: 'pending', approve: 'waiting', finish: 'pending' });
  assert.deepEqual(atWait.branches, [{ label: 'Big?', taken: 'yes' }]);
  assert.equal(atWait.flowPath, path);
  assert.equal(atWait.flow, 'live');

  const outcome = await service.resolve({ runId: handle.runId, action: 'approve' });
  assert.ok(outcome);
  await until('the run to complete', () => service.store.getRun(handle.runId)?.status === 'completed');
  const end = readRunState(service.store, handle.runId, { stepIds })!;
  assert.deepEqual(end.steps, { a: 'done', slow: 'done', big: 'done', small: 'skipped', approve: 'done', finish: 'done' });
  assert.equal(readRunState(service.store, 'no-such-run'), undefined);
  await service.close();
});
