// Pause while a `:function` step computes, driven by DebugClient: over the inline adapter as
// VS Code runs it (the session in its worker thread behind WorkerDebugAdapter; the host raises
// the interrupt flag as the `pause` request passes) and over the stdio adapter with runs in
// the run worker (the session raises it). The interpreter notices it within a slice of fuel,
// and the session stops inside the function code where it had got to (found by replay), with
// its locals. Stepping there works as at any stop inside code; Continue
// runs the step again from its start and the run completes with one journal record for it.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DebugWorkers } from '../../client/debug/worker-adapter';
import { openStore } from '../../engine/store/index';
import { HostProbe } from './host-probe';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { client, EventLog, launch, lineOf, root, scopeVariables, topFrame } from './support';
import { bridgedClient, debugWorkerScript, type BridgedClient } from './worker-bridge';
import { processCpuSpent } from '../support/process-cpu';

const open: BridgedClient[] = [];
after(async () => {
  for (const c of open) await c.close();
});

const workers = new DebugWorkers({ script: debugWorkerScript(root), env: { ...process.env, FLOW_EDN_USER: 'debug-test' } });

const ROUNDS = 2000;
// Each round compares two equal 20,000-element vectors (~1.5 ms here, little fuel): ROUNDS
// rounds compute for about 3 s; the pause is sent once the loop is well under way.
const SPIN = `(fn [x]
    (let [a (vec (range 20000))
          b (vec (range 20000))]
      (loop [i 0 acc 0]
        (if (< i (:n x))
          (recur (inc i) (if (= a b) (inc acc) acc))
          acc))))`;

function spinFlow(): { flow: string; db: string } {
  const dir = mkdtempSync(join(tmpdir(), 'flow-edn-debug-pause-'));
  const flow = join(dir, 'spin.flow.edn');
  writeFileSync(
    flow,
    `{:slug :spin :name "spin"
 :concurrency {:type :singleton :on-new-version :supersede}
 :invocations {:default {:inputs []}}
 :interfaces {:manual [{:id :run :invocation :default}]}
 :flow
 '(let [rounds (flow/step :function :plan {:code '(fn [x] (:n x)) :input {:n ${ROUNDS}}})
        total (flow/step :function :spin
                         {:input {:n rounds}
                          :code '${SPIN}})]
    {:total total})}
`,
  );
  writeFileSync(join(dir, 'spin.sim.edn'), '{}\n');
  return { flow, db: join(dir, '.flow-edn', 'runs.db') };
}

/** The scenario on one adapter: `cpuPid` is the process whose CPU shows the run computing. */
async function pauseWhileComputing(dc: DebugClient, log: EventLog, extra: Record<string, unknown>, cpuPid: number | undefined, checkHost: boolean): Promise<void> {
  const { flow, db } = spinFlow();
  const spinLine = lineOf(flow, 'flow/step :function :spin');
  await launch(dc, log, { flow, db, ...extra }, () => dc.setBreakpointsRequest({ source: { path: flow }, breakpoints: [{ line: spinLine }] }));
  const atStep = await log.next('stopped', 20_000);
  assert.equal(atStep.body.reason, 'breakpoint');
  assert.equal((await topFrame(dc))[0]!.name, ':spin (:function)');

  // Continue, then Pause while the loop runs (it starts within milliseconds; a Pause sent at
  // once would stop in the making of the vectors, which is right but shows no loop).
  const probe = new HostProbe();
  try {
    await probe.enter('Continue into the computing step, then Pause');
    await dc.continueRequest({ threadId: 1 });
    // The loop under way: the worker has computed for 300 ms of CPU (a loaded machine gives it less of each second).
    await processCpuSpent(300, cpuPid !== undefined ? { pid: cpuPid } : {});
    const asked = performance.now();
    await dc.pauseRequest({ threadId: 1 });
    const paused = await log.next('stopped', 20_000);
    const took = performance.now() - asked;
    assert.equal(paused.body.reason, 'pause');
    assert.match(paused.body.description ?? '', /^paused in the :code of :spin at line \d+: .* \(after [\d,]+ evaluations; Continue runs the step again from its start\)$/);
    const frames = await topFrame(dc);
    assert.deepEqual(frames.slice(0, 2).map((f) => f.name), [`the :code of :spin`, ':spin (:function)'], "inside the step's code, above the step");
    const [first, last] = [lineOf(flow, '(let [a (vec'), lineOf(flow, 'acc))))')];
    assert.ok(frames[0]!.line >= first && frames[0]!.line <= last, `the stop is on a line of the spin code (line ${frames[0]!.line}, the code is lines ${first}-${last})`);
    const locals = new Map((await scopeVariables(dc, frames[0]!.id, 'Locals')).map((v) => [v.name, v.value]));
    const i = Number(locals.get('i'));
    assert.ok(Number.isInteger(i) && i > 0 && i < ROUNDS, `the loop was under way when paused: i = ${locals.get('i')} (of ${ROUNDS}); locals ${[...locals.keys()].join(', ')}`);
    assert.ok(['0', String(i)].includes(locals.get('acc')!) || Number(locals.get('acc')) === i - 1, `acc counts the rounds so far: ${locals.get('acc')} at i = ${i}`);
    assert.match(log.outputs(), /paused :spin \(spin#0\) while its code computed, after [\d,]+ evaluations; Continue runs the step again from its start/, 'the debug console says why Continue computes again');
    console.log(`# paused ${took.toFixed(0)} ms after the request, at round ${i} of ${ROUNDS}: ${paused.body.description}`);

    await probe.enter('Next inside the code');
    await dc.nextRequest({ threadId: 1 });
    const next = await log.next('stopped', 20_000);
    assert.equal(next.body.reason, 'step');
    assert.equal((await topFrame(dc))[0]!.name, 'the :code of :spin', 'Next stays in the code (by replay)');

    await probe.enter('Continue: the step runs again from its start');
    await dc.continueRequest({ threadId: 1 });
    await log.next('terminated', 30_000);
  } finally {
    probe.stop();
  }
  if (checkHost) assert.deepEqual(probe.blocked, [], 'this thread (the host) was blocked > 50 ms');

  const store = openStore(db);
  try {
    const run = store.listRuns({ limit: 1 })[0]!;
    assert.equal(run.status, 'completed');
    const journal = store.journal(run.id);
    const spin = journal.filter((r) => r.stepId === 'spin');
    assert.equal(spin.length, 1, 'one record for :spin: the interrupted attempt left none');
    assert.equal(spin[0]!.status, 'completed');
    assert.equal(spin[0]!.attempts, 1, 'the interruption is not an attempt');
    assert.match(run.output ?? '', new RegExp(`:total ${ROUNDS}\\b`));
  } finally {
    store.close();
  }
}

test('inline adapter (the host raises the flag): Pause while a :function step computes stops inside its code where it had got to, with its locals; Next moves there; Continue runs the step again and the run completes; the host never blocked', async () => {
  const bridged = await bridgedClient(workers.take());
  open.push(bridged);
  await bridged.adapter.ready;
  await pauseWhileComputing(bridged.dc, new EventLog(bridged.dc), {}, undefined, true);
});

test('stdio adapter with "execution": "worker" (the session raises the flag for the run worker): the same', async () => {
  const { dc, log } = await client();
  try {
    // DebugClient keeps the adapter's process to itself; its CPU shows the run worker computing.
    const pid = (dc as unknown as { _adapterProcess: { pid: number } })._adapterProcess.pid;
    await pauseWhileComputing(dc, log, { execution: 'worker' }, pid, false);
  } finally {
    await dc.stop();
  }
});
