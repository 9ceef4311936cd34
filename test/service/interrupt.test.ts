// The run service's interrupt flag (RunServiceOptions.interrupt): another thread sets it while
// a :function step computes inline, or this one while the run worker computes; the step's code stops within a slice of
// fuel, the observers' `stepInterrupted` is awaited, the flag is cleared and the step runs
// again from its start: one journal record, one attempt, the right result. An observer that
// throws stops the execution as one throwing before a step does: the run stays resumable.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import type { ObservedStep } from '../../engine/service/index';
import { processCpuSpent } from '../support/process-cpu';
import { openService, workspace } from './support';

// ~1.5 ms a round here (two equal 20,000-element vectors compared), for little fuel.
const SPIN = `(fn [x] (let [a (vec (range 20000)) b (vec (range 20000))] (loop [i 0 acc 0] (if (< i (:n x)) (recur (inc i) (if (= a b) (inc acc) acc)) acc))))`;
const body = (rounds: number) => `(let [warm (flow/step :function :warm {:code '(fn [x] (:n x)) :input {:n ${rounds}}}) total (flow/step :function :spin {:code '${SPIN} :input {:n warm}})] {:total total})`;

/** Sets `flag` from another thread after `ms` (this thread is busy computing the step then). */
function raiseLater(flag: Int32Array, ms: number): Worker {
  return new Worker(`const { workerData } = require('node:worker_threads'); setTimeout(() => Atomics.store(workerData, 0, 1), ${ms});`, { eval: true, workerData: flag });
}

test('a flag raised while a :function step computes: stepInterrupted hears of it with the evaluations spent, the flag is cleared, the step runs again and completes once', async () => {
  const ws = workspace();
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const service = openService({ dbPath: ws.db, execution: 'inline', recover: false, interrupt: flag });
  const heard: { step: ObservedStep; used: number; flag: number }[] = [];
  service.observe({ stepInterrupted: (step, used) => void heard.push({ step, used, flag: Atomics.load(flag, 0) }) });
  const raiser = raiseLater(flag, 300);
  try {
    const run = await service.start({ flowPath: ws.flow('spin', body(800), '{}') }).finished;
    assert.equal(run.status, 'completed');
    assert.equal(run.output, '{:total 800}');
    assert.equal(heard.length, 1, 'heard once');
    assert.equal(heard[0]!.step.stepId, 'spin');
    assert.equal(heard[0]!.flag, 1, 'the flag is still up while observers hear of it');
    assert.ok(heard[0]!.used > 40_000, `the loop was under way (the vectors cost 40,000): ${heard[0]!.used}`);
    assert.equal(Atomics.load(flag, 0), 0, 'cleared once delivered');
    const journal = service.store.journal(run.id);
    assert.deepEqual(journal.map((r) => [r.stepId, r.status, r.attempts]), [['warm', 'completed', 1], ['spin', 'completed', 1]]);
  } finally {
    await raiser.terminate();
  }
});

test('with nobody listening, a raised flag is cleared and the step goes on at once; runs without a flag never look at one', async () => {
  const ws = workspace();
  const flag = new Int32Array(new SharedArrayBuffer(4));
  Atomics.store(flag, 0, 1);
  const service = openService({ dbPath: ws.db, execution: 'inline', recover: false, interrupt: flag });
  const run = await service.start({ flowPath: ws.flow('spin', body(20), '{}') }).finished;
  assert.equal(run.status, 'completed');
  assert.equal(Atomics.load(flag, 0), 0);
  assert.equal(openService({ dbPath: ws.db, execution: 'inline', recover: false }).interrupt, undefined, 'a service without the option has none');
});

test('worker execution: the flag raised on this thread reaches the run worker; stepInterrupted crosses back and is awaited; the step runs again and completes once', async () => {
  const ws = workspace();
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const service = openService({ dbPath: ws.db, recover: false, interrupt: flag });
  assert.equal(service.inline, false);
  const heard: { stepId: string; used: number }[] = [];
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  service.observe({
    stepInterrupted: async (step, used) => {
      heard.push({ stepId: step.stepId, used });
      // The worker waits for this answer: nothing runs meanwhile.
      setTimeout(release, 100);
      await held;
    },
  });
  let warmed!: () => void;
  const warm = new Promise<void>((resolve) => (warmed = resolve));
  service.observe({ afterStep: (s) => s.stepId === 'warm' && warmed() });
  const handle = service.start({ flowPath: ws.flow('spin', body(800), '{}') });
  // This thread is free: raise the flag once :spin has started (after :warm) and the worker's
  // CPU shows its loop under way (the worker's start-up is CPU too, before :warm).
  await warm;
  await processCpuSpent(300);
  Atomics.store(flag, 0, 1);
  const run = await handle.finished;
  assert.equal(run.status, 'completed');
  assert.equal(run.output, '{:total 800}');
  assert.equal(heard.length, 1);
  assert.equal(heard[0]!.stepId, 'spin');
  assert.ok(heard[0]!.used > 40_000, `the loop was under way: ${heard[0]!.used}`);
  assert.equal(Atomics.load(flag, 0), 0);
  assert.deepEqual(service.store.journal(run.id).map((r) => [r.stepId, r.status, r.attempts]), [['warm', 'completed', 1], ['spin', 'completed', 1]]);
});

test('an observer that throws from stepInterrupted stops the execution; the run stays resumable and resume finishes it', async () => {
  const ws = workspace();
  const flag = new Int32Array(new SharedArrayBuffer(4));
  Atomics.store(flag, 0, 1);
  const service = openService({ dbPath: ws.db, execution: 'inline', recover: false, interrupt: flag });
  const observer = service.observe({
    stepInterrupted: () => {
      throw new Error('the session let the run go');
    },
  });
  const handle = service.start({ flowPath: ws.flow('spin', body(20), '{}') });
  await assert.rejects(handle.finished, /the session let the run go/);
  assert.equal(Atomics.load(flag, 0), 0, 'cleared even so');
  assert.equal(service.store.getRun(handle.runId)!.status, 'running');
  assert.deepEqual(service.store.journal(handle.runId).map((r) => r.stepId), ['warm'], 'nothing journaled for the interrupted step');
  observer.dispose();
  const resumed = await service.resume(handle.runId);
  assert.equal(resumed.status, 'completed');
  assert.deepEqual(service.store.journal(handle.runId).map((r) => [r.stepId, r.attempts]), [['warm', 1], ['spin', 1]]);
});
