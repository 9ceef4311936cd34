// The run service from plain Node (no VS Code), runs in its worker thread on a real store
// file: start with observers (several at once, before/after/failed, the locals at each
// step call), fork (re-run from a step; a replaced result recorded as edited), cancel (a
// running run at its next step boundary, a waiting one at once), resume of runs a killed
// process left `running` when the service opens the store.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { printValue } from '../../engine/edn/printer';
import { decodeValue } from '../../engine/run/codec';
import { ForkError, RunService, type ObservedOutcome, type ObservedStep } from '../../engine/service/index';
import { cli, Collected, label, until, workspace, openService } from './support';

const body = `(let [input (flow/input)
      a (flow/step :function :a {:code '(fn [x] (* 2 (:n x))) :input {:n (:n input)}})
      b ^{:label "Big?" :yes "double" :no "same"} (if (> a 10) (flow/step :function :b {:code '(fn [x] (* 2 (:v x))) :input {:v a}}) a)
      c (flow/step :function :c {:code '(fn [x] (+ 1 (:v x))) :input {:v b}})]
  c)`;

test('start in the worker: several observers see each step with its locals; the result, journal and feed agree', async () => {
  const ws = workspace();
  const path = ws.flow('calc', body, '{:input {:n 7}}');
  const service = openService({ root: ws.dir });
  const seen: string[] = [];
  const localsAtB: Record<string, string> = {};
  const after: ObservedOutcome[] = [];
  service.observe({
    beforeStep: async (s: ObservedStep) => {
      seen.push(`1:${s.stepKey}`);
      if (s.stepId === 'b') for (const [k, v] of s.locals) localsAtB[k] = printValue(v);
    },
  });
  service.observe({ beforeStep: (s) => void seen.push(`2:${s.stepKey}`), afterStep: (o) => void after.push(o) });
  const feed = new Collected();
  service.subscribe(feed.listener);
  const handle = service.start({ flowPath: path });
  const run = await handle.finished;
  assert.equal(run.id, handle.runId);
  assert.equal(run.status, 'completed');
  assert.equal(run.output, '29');
  assert.deepEqual(seen, ['1:a#0', '2:a#0', '1:b#0', '2:b#0', '1:c#0', '2:c#0']);
  assert.equal(localsAtB['a'], '14');
  // `(flow/input)` carries `:flow/ctx`, as on the platform.
  assert.equal(localsAtB['input'], `{:n 7, :flow/ctx {:run-id "${run.id}", :workflow-id "${run.id}", :flow-slug "calc", :slug "calc", :trigger nil, :workspace-id "ws-local"}}`);
  assert.deepEqual(after.map((o) => [o.stepKey, o.result]), [['a#0', 14], ['b#0', 28], ['c#0', 29]]);
  await until('the feed to report the run completed', () => feed.of(run.id).some((c) => c.kind === 'run' && c.status === 'completed'));
  const labels = feed.of(run.id).map(label);
  assert.deepEqual(
    labels.filter((l) => !l.startsWith('event:')),
    ['run:running', 'step:a#0:completed', 'branch:Big?:yes', 'step:b#0:completed', 'step:c#0:completed', 'run:completed'],
  );
  await service.close();
});

test('a failing step: stepFailed observers are told; a throwing observer never breaks the run', async () => {
  const ws = workspace();
  const path = ws.flow('boom', `(flow/step :function :f {:code '(fn [x] (throw (ex-info "no" {})))})`, '{}');
  const service = openService({ root: ws.dir });
  const failed: string[] = [];
  service.observe({ afterStep: () => { throw new Error('observer bug'); }, stepFailed: (o) => void failed.push(`${o.stepKey}:${o.record.status}`) });
  const run = await service.start({ flowPath: path }).finished;
  assert.equal(run.status, 'failed');
  assert.deepEqual(failed, ['f#0:failed']);
  await service.close();
});

test('fork: re-run from a step keeps the records before it; a replaced result is recorded as edited and the rest follows it', async () => {
  const ws = workspace();
  const path = ws.flow('calc', body, '{:input {:n 7}}');
  const service = openService({ root: ws.dir });
  const original = await service.start({ flowPath: path }).finished;
  const journal = service.store.journal(original.id);

  const again = await service.fork({ runId: original.id, from: 'c#0' }).finished;
  assert.equal(again.status, 'completed');
  assert.equal(again.output, '29');
  const kept = service.store.journal(again.id);
  assert.deepEqual(kept.map((r) => r.stepKey), ['a#0', 'b#0', 'c#0']);
  assert.equal(kept[0]!.startedAt, journal[0]!.startedAt, 'a kept record is the original one');

  // Set Value on :a (14 -> 3): the branch now goes the other way, :b is never run.
  const edited = await service.fork({ runId: original.id, replace: { stepKey: 'a#0', result: 3 } }).finished;
  assert.equal(edited.output, '4');
  const ej = service.store.journal(edited.id);
  assert.deepEqual(ej.map((r) => [r.stepKey, decodeValue(r.result!), r.edited === true]), [['a#0', 3, true], ['c#0', 4, false]]);
  const started = service.events(edited.id)[0]!.event;
  assert.deepEqual(started.type === 'run-started' && [started.forkedFrom, started.edited], [original.id, 'a#0']);
  assert.equal(service.store.getRun(original.id)!.output, '29', 'the original run is kept as it was');
  await assert.rejects(service.fork({ runId: original.id, from: 'nope#0' }).finished, (e: unknown) => e instanceof ForkError && /has no journaled step nope#0/.test(e.message));
  await service.close();
});

test('cancel: a running run stops at its next step boundary; a waiting one at once, its wait cancelled; one run-finished each', async () => {
  const ws = workspace();
  const slow = ws.flow('slow', `(let [a (flow/step :function :a {:code '(fn [x] 1)}) s (flow/step :sleep :s {:seconds 1}) c (flow/step :function :c {:code '(fn [x] 2)})] c)`, '{}');
  const waits = ws.flow('waits', `(flow/step :wait :ok {:key "k-cancel" :timeout "1h"})`, '{}');
  const service = openService({ root: ws.dir });
  const feed = new Collected();
  service.subscribe(feed.listener);
  const h = service.start({ flowPath: slow });
  await until(':a journaled', () => service.store.journal(h.runId).length === 1);
  assert.equal(service.cancel(h.runId, 'stop it')!.status, 'cancelled');
  const run = await h.finished;
  assert.equal(run.status, 'cancelled');
  assert.deepEqual(service.store.journal(h.runId).map((r) => r.stepKey), ['a#0', 's#0'], 'the step in flight finished; none after it ran');
  const finished = service.events(h.runId).filter((e) => e.event.type === 'run-finished');
  assert.deepEqual(finished.map((e) => e.event.type === 'run-finished' && e.event.status), ['cancelled']);

  const w = await service.start({ flowPath: waits }).finished;
  assert.equal(w.status, 'waiting');
  service.cancel(w.id, 'no longer needed');
  assert.equal(service.store.getRun(w.id)!.status, 'cancelled');
  assert.equal(service.store.findWaits({ runId: w.id })[0]!.status, 'cancelled');
  assert.equal(service.cancel(w.id), undefined, 'an ended run is not cancelled again');
  await until('the feed to tell both cancellations', () => feed.changes.filter((c) => c.kind === 'run' && c.status === 'cancelled').length === 2);
  assert.ok(feed.of(w.id).some((c) => c.kind === 'wait' && c.status === 'cancelled'));
  await service.close();
});

test('an observer that throws before a step stops the execution; the run stays resumable and resume finishes it', async () => {
  const ws = workspace();
  const path = ws.flow('calc', body, '{:input {:n 7}}');
  const service = openService({ root: ws.dir });
  const stop = service.observe({ beforeStep: (s) => { if (s.stepId === 'b') throw new Error('paused for good'); } });
  const h = service.start({ flowPath: path });
  await assert.rejects(h.finished, /paused for good/);
  assert.equal(service.store.getRun(h.runId)!.status, 'running');
  stop.dispose();
  const run = await service.resume(h.runId);
  assert.equal(run.status, 'completed');
  assert.equal(run.output, '29');
  await service.close();
});

test('opening the store resumes runs a killed process left running', async () => {
  const ws = workspace();
  const path = ws.flow('slow', `(let [a (flow/step :function :a {:code '(fn [x] 1)}) s (flow/step :sleep :s {:seconds 2}) c (flow/step :function :c {:code '(fn [x] 2)})] c)`, '{}');
  const child = spawn(process.execPath, [cli, 'run', path, '--db', ws.db], { cwd: ws.dir, stdio: 'ignore' });
  const probe = openService({ root: ws.dir, recover: false });
  await until('the child to journal :a', () => probe.store.listRuns({}).some((r) => probe.store.journal(r.id).length === 1));
  const runId = probe.store.listRuns({})[0]!.id;
  child.kill('SIGKILL');
  await new Promise((r) => child.on('exit', r));
  await probe.close();
  // The killed process never finished the sleep (real clock); the resumed run sleeps it again, then goes on.
  const service = openService({ root: ws.dir });
  const feed = new Collected();
  service.subscribe(feed.listener, 0);
  const recovered = await Promise.race([service.recovered, new Promise<'late'>((r) => setTimeout(() => r('late'), 20_000).unref())]);
  assert.notEqual(recovered, 'late');
  assert.deepEqual((recovered as { id: string; status: string }[]).map((r) => [r.id, r.status]), [[runId, 'completed']]);
  await until('the feed to catch up', () => feed.of(runId).some((c) => c.kind === 'run' && c.status === 'completed'));
  assert.deepEqual(feed.of(runId).filter((c) => c.kind === 'run').map(label), ['run:running', 'run:completed']);
  await service.close();
});

test('the bundled worker (out/runWorker.js, what the extension ships) executes runs too', async () => {
  const ws = workspace();
  const path = ws.flow('calc', body, '{:input {:n 7}}');
  const { join } = await import('node:path');
  const service = openService({ root: ws.dir, workerPath: join(__dirname, '..', '..', '..', 'out', 'runWorker.js') });
  const locals: string[] = [];
  service.observe({ beforeStep: (s) => void locals.push([...s.locals.keys()].sort().join(',')) });
  const run = await service.start({ flowPath: path }).finished;
  assert.equal(run.status, 'completed');
  assert.equal(run.output, '29');
  assert.deepEqual(locals, ['input', 'a,input', 'a,b,input']);
  await service.close();
});
