// Pause by replay: the round trip of a stepping action inside function code that has
// already run 10,000 evaluation points (each action replays the code from its start), and
// what evaluation points cost: the founding flow's body replay and three-step engine runs
// with no probe, beside the same with a probe installed that never stops. Baselines
// (a plain call of the same code, runs with no probe) are measured in the same process.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Map as IMap } from 'immutable';
import { Keyword, type Value } from '../engine/edn/values';
import { readEdn } from '../engine/edn/reader';
import { mapGet } from '../engine/edn/navigate';
import { compileForm, compileFunction, installProbe, type Host, type Probe } from '../engine/interp/index';
import { DEFAULT_FUEL, withRun } from '../engine/interp/runtime';
import { codeUnitsOf, pointsOf } from '../engine/debug/points';
import { runToPoint, step, type CodeCall, type StepKind } from '../engine/debug/replay';
import type { PausedFrame } from '../engine/debug/probe';
import { loadProgram } from '../engine/run/program';
import { startRun } from '../engine/run/runner';
import { parseSimulation } from '../engine/run/simulation';
import { openStore } from '../engine/store/index';

const flow = `{:slug :bench-debug :name "Bench debug"
 :concurrency {:type :singleton :on-new-version :supersede}
 :invocations {:default {:inputs []}}
 :interfaces {:manual [{:id :run :invocation :default}]}
 :functions [{:id :inc :language :clojure :code "(fn [{:keys [n]}] {:n (inc n)})"}
             {:id :spin :language :clojure
              :code "(fn [input]
  (loop [i 0 acc 0]
    (if (< i (:n input))
      (recur (inc i) (+ acc (* i 2)))
      {:acc acc})))"}]
 :flow '(let [input (flow/input)
        a (flow/step :function :a {:ref :inc :input {:n (:n input)}})
        b (flow/step :function :b {:ref :inc :input a})
        c (flow/step :function :c {:ref :inc :input b})]
    c)}`;

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((s.length * p) / 100))]!;
}

function ms(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

const counting: Probe & { hits: number } = {
  hits: 0,
  hit() {
    this.hits++;
  },
};

function withProbe<T>(probe: Probe | null, body: () => T): T {
  if (probe === null) return body();
  const uninstall = installProbe(probe);
  try {
    return body();
  } finally {
    uninstall();
  }
}

function stepping(): void {
  const program = loadProgram(flow, 'bench-debug.flow.edn');
  const unit = codeUnitsOf(program).find((u) => u.name === 'spin')!;
  // 7 points per iteration: 1,500 iterations run 10,500 points.
  const call: CodeCall = { program, unit, input: IMap<Value, Value>([[Keyword.of('n'), 1500]]) };
  const recur = pointsOf(program).find((u) => u.unit === unit)!.points!.find((p) => p.text.startsWith('(recur'))!.point.index;
  const start = runToPoint(call, { kind: 'hit', n: 10_000 });
  if (start.kind !== 'paused') throw new Error(`no pause at hit 10,000: ${start.kind}`);
  const at: PausedFrame = start.frame;
  const plain = compileFunction(unit.code);
  const plainUs: number[] = [];
  for (let i = 0; i < 20; i++) plain(call.input);
  for (let i = 0; i < 40; i++) {
    const t0 = process.hrtime.bigint();
    plain(call.input);
    plainUs.push(ms(t0) * 1000);
  }
  console.log(`pause by replay: function code at hit 10,000 of ${10_500 + 3} points (a loop, 7 points per iteration)`);
  console.log(`  baseline: one plain call of the code (no probe)  p50 ${(pct(plainUs, 50) / 1000).toFixed(2)} ms`);
  const actions: [string, StepKind, number][] = [
    ['Step In', 'in', 0],
    ['Next', 'next', 0],
    ['Step Out (to the end)', 'out', 0],
    ['Step Back', 'back', 0],
    ['Reverse Continue', 'reverse', 1],
  ];
  for (const [name, kind, bp] of actions) {
    const times: number[] = [];
    for (let i = 0; i < 10; i++) step(call, kind, at, bp > 0 ? [{ point: recur }] : []);
    for (let i = 0; i < 100; i++) {
      const t0 = process.hrtime.bigint();
      const o = step(call, kind, at, bp > 0 ? [{ point: recur }] : []);
      times.push(ms(t0));
      if (o.kind === 'failed') throw new Error(`${name} failed`);
    }
    const p95 = pct(times, 95);
    console.log(`  ${name.padEnd(24)} p50 ${pct(times, 50).toFixed(2).padStart(6)} ms  p95 ${p95.toFixed(2).padStart(6)} ms  (${(pct(times, 50) / (pct(plainUs, 50) / 1000)).toFixed(1)}x a plain call)  target p95 <= 30 ms ${p95 <= 30 ? 'MET' : 'NOT MET'}`);
  }
}

function bodyReplay(): void {
  const file = path.join(__dirname, '../../examples/advanced-order-orchestration.flow.edn');
  const text = readFileSync(file, 'utf8');
  const q = mapGet(readEdn(text).forms[0], 'flow');
  if (q === undefined || q.kind !== 'quote' || q.form === null) throw new Error('no quoted :flow in the founding flow');
  const compiled = compileForm(q.form, { mode: 'body', source: text });
  const host: Host = { step: () => IMap<Value, Value>(), input: () => IMap<Value, Value>(), nowMs: () => 0, branch: () => undefined };
  // What run() was before evaluation points: the same closures evaluated with no probe check.
  const bare = compiled as unknown as { evaluate(): Value };
  const timeOf = (once: () => void, probe: Probe | null): number =>
    withProbe(probe, () => {
      for (let i = 0; i < 300; i++) once();
      const n = 3000;
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < n; i++) once();
      return (ms(t0) * 1000) / n;
    });
  const time = (probe: Probe | null): number => timeOf(() => void compiled.run(host), probe);
  const none: number[] = [];
  const probed: number[] = [];
  const without: number[] = [];
  for (let round = 0; round < 7; round++) {
    without.push(timeOf(() => void withRun(host, DEFAULT_FUEL, () => bare.evaluate()), null));
    none.push(time(null));
    probed.push(time(counting));
  }
  const a = pct(none, 50);
  const b = pct(probed, 50);
  const c = pct(without, 50);
  console.log(`interp: founding flow body replay, median of 7 interleaved rounds`);
  console.log(`  no hook at all (the plain closures evaluated directly, as run() did before points)  ${c.toFixed(2)} us`);
  console.log(`  run() with no probe installed (one check per run)                                 ${a.toFixed(2)} us  (${((a / c - 1) * 100).toFixed(1)}%; target within 10% ${Math.abs(a / c - 1) <= 0.1 ? 'MET' : 'NOT MET'})`);
  console.log(`  no probe (what runs whenever no replay is pausing: live runs, debugged or not)  ${a.toFixed(2)} us`);
  console.log(`  probe installed, never stopping (every point reports)                            ${b.toFixed(2)} us  (${((b / a - 1) * 100).toFixed(1)}%)`);
}

async function engineRuns(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'flow-edn-bench-debug-'));
  try {
    const program = loadProgram(flow, 'bench-debug.flow.edn');
    const sim = parseSimulation('{:input {:n 0} :clock {:start "2026-11-29T10:00:00Z"}}', null);
    const store = openStore(path.join(dir, 'runs.db'));
    const engine = { store, env: {} };
    for (let i = 0; i < 50; i++) await startRun(program, sim, engine);
    const round = async (probe: Probe | null): Promise<number> => {
      const uninstall = probe === null ? () => undefined : installProbe(probe);
      try {
        const n = 150;
        const c0 = process.cpuUsage();
        for (let i = 0; i < n; i++) await startRun(program, sim, engine);
        const c = process.cpuUsage(c0);
        return (c.user + c.system) / n / 3;
      } finally {
        uninstall();
      }
    };
    const none: number[] = [];
    const probed: number[] = [];
    // A-B-B-A order, so neither side always runs second (warmer caches, a fuller database).
    for (let r = 0; r < 8; r++) {
      if (r % 2 === 0) {
        none.push(await round(null));
        probed.push(await round(counting));
      } else {
        probed.push(await round(counting));
        none.push(await round(null));
      }
    }
    const a = pct(none, 50);
    const b = pct(probed, 50);
    console.log(`engine: three-step runs (function steps) on the embedded store, process CPU per step (user+system, so disk waits of a loaded machine do not count), median of 8 rounds in A-B-B-A order`);
    console.log(`  no probe          ${a.toFixed(1)} us`);
    console.log(`  probe installed, no breakpoints  ${b.toFixed(1)} us  (${((b / a - 1) * 100).toFixed(1)}%; target: costs at most 10% more ${b / a - 1 <= 0.1 ? 'MET' : 'NOT MET'})`);
    store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  stepping();
  bodyReplay();
  await engineRuns();
}

if (require.main === module) void run();
