// The host-free guarantee (design §8.1): while a function step computes for 5 s, a timer on
// the host's thread keeps firing on time (never more than 50 ms late), because the run
// service executes flow code in its worker thread. The same run executed inline blocks
// the timer for seconds: the measurement can fail.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RunService } from '../../engine/service/index';
import { workspace, openService } from './support';

// Each round compares two equal 200,000-element vectors: much native work for little fuel.
const spin = `(fn [x] (let [a (vec (range 200000)) b (vec (range 200000))] (loop [i 0 acc 0] (if (< i (:n x)) (recur (inc i) (if (= a b) (inc acc) acc)) acc))))`;

/** How many rounds of `spin` take about `ms` in the service's worker now (measured there: same thread, same JIT state). */
async function roundsFor(service: RunService, ws: ReturnType<typeof workspace>, ms: number): Promise<number> {
  const durationOf = async (n: number) => {
    const run = await service.start({ flowPath: ws.flow(`calibrate${n}`, `(flow/step :function :spin {:code '${spin} :input {:n ${n}}})`, '{}') }).finished;
    const rec = service.store.journal(run.id)[0]!;
    return rec.endedAt - rec.startedAt;
  };
  await durationOf(5); // warms the worker (thread start, module load, JIT)
  const base = await durationOf(0);
  const perRound = ((await durationOf(20)) - base) / 20;
  return Math.max(2, Math.ceil(ms / Math.max(perRound, 0.1)));
}

/** Runs `work` while a 10 ms interval timer measures how late each tick is; returns the worst lateness. */
async function worstLateness(work: () => Promise<unknown>): Promise<{ worst: number; ticks: number; at: number }> {
  const start = performance.now();
  let last = start;
  let worst = 0;
  let at = 0;
  let ticks = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    if (now - last - 10 > worst) (worst = now - last - 10), (at = now - start);
    last = now;
    ticks++;
  }, 10);
  try {
    await work();
    // Let the timer fire once more: a tick delayed by blocking work runs only after it.
    await new Promise((r) => setTimeout(r, 30));
  } finally {
    clearInterval(timer);
  }
  return { worst, ticks, at };
}

test('a 5 s function step in the worker never blocks a host timer by more than 50 ms; inline it does', async () => {
  const ws = workspace();
  const service = openService({ root: ws.dir });
  let rounds = await roundsFor(service, ws, 6500);
  let stepMs = 0;
  // The estimate can be short when the machine's speed changes: run again, longer, until one
  // run computed at least 5 s. Every attempt must keep the host timer on time.
  for (let attempt = 1; attempt <= 3; attempt++) {
    const path = ws.flow(`spin${attempt}`, `(flow/step :function :spin {:code '${spin} :input {:n ${rounds}}})`, '{}');
    const inWorker = await worstLateness(async () => {
      const run = await service.start({ flowPath: path }).finished;
      assert.equal(run.status, 'completed', run.error ?? '');
      const rec = service.store.journal(run.id)[0]!;
      stepMs = rec.endedAt - rec.startedAt;
    });
    console.log(`# worker, attempt ${attempt}: step computed ${stepMs} ms (${rounds} rounds); host timer ${inWorker.ticks} ticks, worst ${inWorker.worst.toFixed(1)} ms late at +${inWorker.at.toFixed(0)} ms`);
    assert.ok(inWorker.worst <= 50, `the host timer was ${inWorker.worst.toFixed(1)} ms late`);
    if (stepMs >= 5000) break;
    rounds = Math.ceil((rounds * 6000) / Math.max(stepMs, 1));
  }
  assert.ok(stepMs >= 5000, `the step computed ${stepMs} ms, less than the 5 s the guarantee is about`);
  await service.close();

  // Inline, the same computation holds the thread: the timer is seconds late.
  const inline = openService({ root: ws.dir, execution: 'inline' });
  const small = ws.flow('spin2', `(flow/step :function :spin {:code '${spin} :input {:n ${Math.max(2, Math.ceil(rounds / 5))}}})`, '{}');
  const onThread = await worstLateness(() => inline.start({ flowPath: small }).finished);
  console.log(`# inline: host timer worst ${onThread.worst.toFixed(1)} ms late`);
  assert.ok(onThread.worst > 500, 'inline execution blocks the thread (the measurement sees it)');
  await inline.close();
});
