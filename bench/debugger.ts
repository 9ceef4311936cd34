// Debugger benchmark (design §10): launch to the first stop, and the Next / Step Back / Step In
// round trips VS Code makes on each stop (the step request, the stopped event, stackTrace,
// scopes, the Locals), on the founding flow's corrected copy, for both adapters: the stdio
// adapter (out/debugAdapter.js) and the inline one (the session in a worker thread,
// out/debugWorker.js, as the extension host runs it), each beside a DAP `threads` round trip on
// the same connection; and the engine's per-step cost with a debug session attached and no
// breakpoints beside no debugger, interleaved in one process.

import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { DebugRuntime } from '../engine/debug/runtime';
import { RunService } from '../engine/service/index';
import { List, Map as ImmutableMap } from 'immutable';
import { Keyword, type Value } from '../engine/edn/values';
import { WorkerDebugAdapter } from '../client/debug/worker-adapter';
import { bridgedClient, debugWorkerScript } from '../test/debug/worker-bridge';

type Mode = 'stdio' | 'inline';

const root = join(__dirname, '..', '..');
const adapter = join(root, 'out', 'debugAdapter.js');
const FLOW = 'advanced-order-orchestration-fixed.flow.edn';
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const ms = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;
const fmt = (xs: number[]) => `p50 ${pct(xs, 0.5).toFixed(2)} ms, p95 ${pct(xs, 0.95).toFixed(2)} ms`;

function scratch(): { dir: string; flow: string } {
  const dir = mkdtempSync(join(tmpdir(), 'flow-edn-bench-debug-'));
  for (const f of readdirSync(join(root, 'examples'))) if (f.startsWith('advanced-order-orchestration-fixed.')) copyFileSync(join(root, 'examples', f), join(dir, f));
  return { dir, flow: join(dir, FLOW) };
}

/** Events in order; `next(type)` takes the first of that type not taken yet. */
function events(dc: DebugClient) {
  const seen: DebugProtocol.Event[] = [];
  const waiting: { type: string; resolve: (e: DebugProtocol.Event) => void }[] = [];
  for (const type of ['stopped', 'terminated', 'initialized']) {
    dc.on(type, (e: DebugProtocol.Event) => {
      const w = waiting.findIndex((x) => x.type === type);
      if (w >= 0) waiting.splice(w, 1)[0]!.resolve(e);
      else seen.push(e);
    });
  }
  return (type: string) => {
    const i = seen.findIndex((e) => e.event === type);
    if (i >= 0) return Promise.resolve(seen.splice(i, 1)[0]!);
    return new Promise<DebugProtocol.Event>((resolve) => waiting.push({ type, resolve }));
  };
}

/** What VS Code asks on each stop. */
async function inspect(dc: DebugClient): Promise<void> {
  const st = await dc.stackTraceRequest({ threadId: 1 });
  const scopes = await dc.scopesRequest({ frameId: st.body.stackFrames[0]!.id });
  await dc.variablesRequest({ variablesReference: scopes.body.scopes[0]!.variablesReference });
}

/** A connected client: the stdio adapter started, or the inline adapter's worker loaded (`coldMs`: from new Worker to loaded). */
async function connect(mode: Mode): Promise<{ dc: DebugClient; close: () => Promise<void>; coldMs: number | null }> {
  if (mode === 'stdio') {
    const dc = new DebugClient('node', adapter, 'flow-edn');
    await dc.start();
    return { dc, close: () => dc.stop(), coldMs: null };
  }
  const t = process.hrtime.bigint();
  const worker = new WorkerDebugAdapter({ script: debugWorkerScript(root) });
  await worker.ready;
  const coldMs = ms(t);
  const bridged = await bridgedClient(worker);
  return { dc: bridged.dc, close: bridged.close, coldMs };
}

async function session(mode: Mode, flow: string, dir: string): Promise<{ dc: DebugClient; close: () => Promise<void>; next: (t: string) => Promise<DebugProtocol.Event>; launchMs: number; coldMs: number | null }> {
  const { dc, close, coldMs } = await connect(mode);
  const next = events(dc);
  await dc.initializeRequest({ adapterID: 'flow-edn', pathFormat: 'path' });
  const t = process.hrtime.bigint();
  const launched = dc.launchRequest({ flow, db: join(dir, 'runs.db'), stopOnEntry: true } as DebugProtocol.LaunchRequestArguments);
  await next('initialized');
  await dc.configurationDoneRequest();
  await launched;
  await next('stopped');
  const launchMs = ms(t);
  return { dc, close, next, launchMs, coldMs: coldMs === null ? null : coldMs + launchMs };
}

async function stepping(mode: Mode): Promise<void> {
  const { dir, flow } = scratch();
  const launches: number[] = [];
  const colds: number[] = [];
  for (let i = 0; i < 8; i++) {
    const s = await session(mode, flow, dir);
    launches.push(s.launchMs);
    if (s.coldMs !== null) colds.push(s.coldMs);
    await s.close();
  }
  const { dc, close, next } = await session(mode, flow, dir);
  const threads: number[] = [];
  const live: number[] = [];
  const back: number[] = [];
  const history: number[] = [];
  const stepIn: number[] = [];
  const timed = async (into: number[], request: () => Promise<unknown>) => {
    const t = process.hrtime.bigint();
    await request();
    await next('stopped');
    await inspect(dc);
    into.push(ms(t));
  };
  const top = async () => (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames[0]!.name;
  for (let round = 0; round < 8; round++) {
    if (round > 0) {
      await dc.restartRequest({});
      await next('stopped');
    }
    for (let i = 0; i < 7; i++) await timed(live, () => dc.nextRequest({ threadId: 1 }));
    for (let i = 0; i < 7; i++) await timed(back, () => dc.stepBackRequest({ threadId: 1 }));
    for (let i = 0; i < 6; i++) await timed(history, () => dc.nextRequest({ threadId: 1 }));
    for (let i = 0; i < 20; i++) {
      const t = process.hrtime.bigint();
      await dc.threadsRequest();
      threads.push(ms(t));
    }
    // Step In: from the :risk-summary step into its code, then form by form inside it.
    await dc.restartRequest({});
    await next('stopped');
    for (let i = 0; i < 8 && (await top()) !== ':risk-summary (:function)'; i++) {
      await dc.nextRequest({ threadId: 1 });
      await next('stopped');
    }
    for (let i = 0; i < 6; i++) await timed(stepIn, () => dc.stepInRequest({ threadId: 1 }));
  }
  await close();
  rmSync(dir, { recursive: true, force: true });
  const floor = pct(threads, 0.5);
  const name = mode === 'stdio' ? 'stdio adapter (out/debugAdapter.js)' : 'inline adapter (session in a worker thread, out/debugWorker.js)';
  console.log(`[${name}] launch to first stop (stopOnEntry, adapter ${mode === 'stdio' ? 'process started' : 'worker loaded'}, flow cold each time): ${fmt(launches)}; target <= 300 ms ${pct(launches, 0.95) <= 300 ? 'MET' : 'NOT MET'}`);
  if (colds.length > 0) console.log(`[${name}] from new Worker (no worker loaded ahead) to the first stop: ${fmt(colds)}`);
  console.log(`[${name}] DAP threads round trip (the protocol floor): ${fmt(threads)}`);
  for (const [what, xs] of [
    ['Next (live: the next step runs)', live],
    ['Step Back (replay to the previous step)', back],
    ['Next through the past (replay)', history],
    ['Step In (into :risk-summary\'s code, then inside it)', stepIn],
  ] as const) {
    console.log(`[${name}] ${what} + stackTrace + scopes + Locals, founding flow: ${fmt(xs)} (p50 ${(pct(xs, 0.5) / floor).toFixed(1)}x the threads round trip); target p95 <= 15 ms ${pct(xs, 0.95) <= 15 ? 'MET' : 'NOT MET'}`);
  }
}

/**
 * Breakpoints inside journaled function code (pause by replay through history): with the run
 * held at a function breakpoint on :write-audit, Reverse Continue replays the journal back
 * to the :risk-summary step and its code to the breakpoint inside it; Continue goes forward
 * from there through the journal to the live stop again.
 */
async function codeHistory(): Promise<void> {
  const { dir, flow } = scratch();
  const dc = new DebugClient('node', adapter, 'flow-edn');
  await dc.start();
  const next = events(dc);
  await dc.initializeRequest({ adapterID: 'flow-edn', pathFormat: 'path' });
  const launched = dc.launchRequest({ flow, db: join(dir, 'runs.db') } as DebugProtocol.LaunchRequestArguments);
  await next('initialized');
  await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'write-audit' }] });
  await dc.configurationDoneRequest();
  await launched;
  await next('stopped');
  const line = readFileSync(flow, 'utf8').split('\n').findIndex((l) => l.includes('(fn [risk] (let [body')) + 1;
  const bound = (await dc.setBreakpointsRequest({ source: { path: flow }, breakpoints: [{ line }] })).body.breakpoints[0]!;
  if (!bound.verified) throw new Error(`the breakpoint in :risk-summary's code is not verified: ${bound.message}`);
  const reverse: number[] = [];
  const forward: number[] = [];
  for (let i = 0; i < 60; i++) {
    for (const [into, request, reason] of [
      [reverse, () => dc.reverseContinueRequest({ threadId: 1 }), 'breakpoint'],
      [forward, () => dc.continueRequest({ threadId: 1 }), 'function breakpoint'],
    ] as const) {
      const t = process.hrtime.bigint();
      await request();
      const stop = await next('stopped');
      await inspect(dc);
      if ((stop.body as { reason: string }).reason !== reason) throw new Error(`expected a ${reason} stop, got ${JSON.stringify(stop.body)}`);
      if (i >= 5) into.push(ms(t));
    }
  }
  await dc.stop();
  rmSync(dir, { recursive: true, force: true });
  for (const [name, xs] of [
    ['Reverse Continue into journaled function code (body + code replays)', reverse],
    ['Continue from there through the journal to the live stop', forward],
  ] as const) {
    console.log(`${name} + stackTrace + scopes + Locals, founding flow: ${fmt(xs)}; target p95 <= 15 ms ${pct(xs, 0.95) <= 15 ? 'MET' : 'NOT MET'}`);
  }
}

/**
 * Engine cost per step: runs of a 60-step loop (one :function step per item) with a debug
 * session attached and no breakpoints, beside the same runs with none; inline run services,
 * the session's with the interrupt flag as the inline adapter gives it.
 */
async function attachedCost(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'flow-edn-bench-debug-cost-'));
  for (const f of ['loop.flow.edn', 'loop.sim.edn']) copyFileSync(join(root, 'test', 'fixtures', 'debug', f), join(dir, f));
  const flow = join(dir, 'loop.flow.edn');
  const STEPS = 60;
  const input = ImmutableMap<Value, Value>([[Keyword.of('numbers'), List(Array.from({ length: STEPS }, (_, i) => i))]]);
  const service = new RunService({ dbPath: join(dir, 'runs.db'), execution: 'inline', recover: false });
  // The debugged runs' service as the inline adapter's session opens it: with the interrupt
  // flag its Pause raises, so function code runs in slices of fuel (engine/interp/runtime.ts).
  const sessionService = new RunService({ dbPath: join(dir, 'session-runs.db'), execution: 'inline', recover: false, interrupt: new Int32Array(new SharedArrayBuffer(4)) });
  const plain = async () => {
    await service.start({ flowPath: flow, input }).finished;
  };
  const debugged = () =>
    new Promise<void>((resolve) => {
      const runtime: DebugRuntime = new DebugRuntime(sessionService, { stopped: () => undefined, continued: () => undefined, output: () => undefined, ended: () => void runtime.terminate().then(resolve) });
      runtime.prepareLaunch({ flowPath: flow, input });
      runtime.start();
    });
  for (let i = 0; i < 5; i++) {
    await plain();
    await debugged();
  }
  const none: number[] = [];
  const withDebugger: number[] = [];
  for (let round = 0; round < 7; round++) {
    for (const [fn, into] of [
      [plain, none],
      [debugged, withDebugger],
    ] as const) {
      const t = process.hrtime.bigint();
      for (let i = 0; i < 4; i++) await fn();
      into.push((ms(t) * 1000) / 4 / STEPS);
    }
  }
  await service.close();
  await sessionService.close();
  rmSync(dir, { recursive: true, force: true });
  const a = pct(none, 0.5);
  const b = pct(withDebugger, 0.5);
  console.log(`engine per step, ${STEPS}-step loop (store commit included, medians of 7 interleaved blocks): no debugger ${a.toFixed(1)} us, debug session attached with no breakpoints ${b.toFixed(1)} us (${(b / a).toFixed(2)}x); target within 10% ${b / a <= 1.1 ? 'MET' : 'NOT MET'}`);
}

export async function run(): Promise<void> {
  await stepping('stdio');
  await stepping('inline');
  await codeHistory();
  await attachedCost();
}
