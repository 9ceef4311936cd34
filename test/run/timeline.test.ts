// The timeline (events) agrees with the journal (issue 10 #13): an event is committed in the
// same transaction as the state it describes, so a kill -9 right after a step's commit
// cannot lose its `step-completed`; and a run says `run-finished` once per state it reaches
// (one terminal), also when a `resume` races an `approve` in two processes.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadProgram } from '../../engine/run/program';
import { resumeRun, startRun } from '../../engine/run/runner';
import { parseSimulation } from '../../engine/run/simulation';
import { resolveAndResume } from '../../engine/run/waits';
import { openStore } from '../../engine/store/index';
import type { RunStore } from '../../engine/store/port';
import { flow } from './support';

const CHILD = join(__dirname, 'durability-child.js');

function finishedOf(store: RunStore, runId: string): string[] {
  return store
    .events(runId)
    .filter((e) => e.type === 'run-finished')
    .map((e) => (JSON.parse(e.data) as { status: string }).status);
}

function child(args: string[]): { done: Promise<{ code: number | null; out: string; err: string }>; go: Promise<void>; kill(): void } {
  const p = spawn(process.execPath, [CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let onGo: () => void = () => undefined;
  const go = new Promise<void>((resolve) => (onGo = resolve));
  p.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.includes('go\n')) onGo();
  });
  p.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const done = new Promise<{ code: number | null; out: string; err: string }>((resolve) => p.on('exit', (code) => resolve({ code, out, err })));
  return { done, go, kill: () => p.kill('SIGKILL') };
}

async function until(what: string, fn: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

test('kill -9 right after a step commits: its step-completed event is in the store with the journal record', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'flow-edn-timeline-'));
  const db = join(dir, 'runs.db');
  const flowPath = join(dir, 't.flow.edn');
  const simPath = join(dir, 't.sim.edn');
  // The second step sleeps on the real clock, so the process is still running after :a commits.
  writeFileSync(flowPath, flow(`(let [a (flow/step :function :a {:code '(fn [x] 41) :input {}}) b (flow/step :sleep :b {:seconds 60})] a)`));
  writeFileSync(simPath, '{}');
  const store = openStore(db);
  const c = child([db, flowPath, simPath, 'start', 'r-kill']);
  await c.go;
  await until('step :a to be journaled', () => store.getRun('r-kill') !== undefined && store.journal('r-kill').length === 1);
  c.kill();
  await c.done;
  const journal = store.journal('r-kill');
  assert.deepEqual(
    journal.map((r) => [r.stepKey, r.status]),
    [['a#0', 'completed']],
  );
  const types = store.events('r-kill').map((e) => e.type);
  assert.ok(types.includes('step-completed'), `events after the kill: ${types.join(', ')}`);
  store.close();
});

test('resume of a waiting run says nothing new; approve then finishes it with exactly one terminal run-finished', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'flow-edn-timeline-'));
  const a = openStore(join(dir, 'runs.db'));
  const b = openStore(join(dir, 'runs.db'));
  const program = loadProgram(flow(`(let [w (flow/step :wait :ok {:key "k-resume" :timeout "1h"})] (:action w))`), 't.flow.edn');
  const sim = parseSimulation('{:clock {:start "2026-01-01T00:00:00Z"}}', 't.sim.edn');
  const run = await startRun(program, sim, { store: a, env: {}, user: 'u' });
  assert.equal(run.status, 'waiting');
  // Both at once, on two connections: a resume that finds the wait pending, and an approval.
  const [resumed, approved] = await Promise.all([resumeRun(run.id, { store: b, env: {} }), resolveAndResume({ store: a, env: {}, user: 'u' }, { runId: run.id, action: 'approve' })]);
  await resumeRun(run.id, { store: b, env: {} });
  const final = a.getRun(run.id)!;
  assert.equal(final.status, 'completed', `resume said ${resumed.status}, approve said ${approved.run.status}`);
  assert.deepEqual(finishedOf(a, run.id), ['waiting', 'completed']);
  a.close();
  b.close();
});

test('resume racing approve in two processes: one run-finished per state, the run completes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'flow-edn-timeline-'));
  const db = join(dir, 'runs.db');
  const flowPath = join(dir, 't.flow.edn');
  const simPath = join(dir, 't.sim.edn');
  writeFileSync(flowPath, flow(`(let [w (flow/step :wait :ok {:key (str "k-" (:n (flow/input))) :timeout "1h"}) x (flow/step :function :after {:code '(fn [x] x) :input {:v 1}})] (:action w))`));
  writeFileSync(simPath, '{}');
  const store = openStore(db);
  const program = loadProgram(readFileSync(flowPath, 'utf8'), flowPath);
  for (let i = 0; i < 6; i++) {
    const sim = parseSimulation(`{:input {:n ${i}}}`, simPath);
    const run = await startRun(program, sim, { store, env: {} });
    assert.equal(run.status, 'waiting');
    const r = child([db, flowPath, simPath, 'resume', run.id]);
    const p = child([db, flowPath, simPath, 'approve', run.id]);
    const [rr, pr] = await Promise.all([r.done, p.done]);
    // The resume may find the lease taken by the approval (or the reverse): that is a clear refusal, not a failure of the run.
    if (rr.code !== 0) assert.match(rr.err, /being executed by another process/, rr.err);
    assert.equal(pr.code, 0, pr.err);
    // Whatever interleaving happened, one more resume brings the run to its end.
    await resumeRun(run.id, { store, env: {} });
    assert.equal(store.getRun(run.id)!.status, 'completed', `iteration ${i}`);
    assert.deepEqual(finishedOf(store, run.id), ['waiting', 'completed'], `iteration ${i}`);
  }
  store.close();
});
