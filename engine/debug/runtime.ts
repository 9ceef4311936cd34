// The debug runtime (design §8.2): one run under a debugger, on the run service. The run
// executes where the service executes runs (its worker thread by default) and pauses in the
// step hook (`beforeStep`, awaited) only while something could stop it; what a stop shows
// is rebuilt by replay from the journal (boundary.ts), so stepping back never runs a step.
// Knows no DAP: a session (client/debug) translates.

import { readFileSync } from 'node:fs';
import type { Value } from '../edn/values';
import { loadProgram, type FlowProgram } from '../run/program';
import { newRunId } from '../run/runner';
import type { ObservedStep, RunService } from '../service/index';
import type { JournalRecord, RunRecord } from '../store/port';
import { replayToBoundary } from './boundary';
import { Breakpoints, type Breakpoint, type BreakpointSpec } from './breakpoints';
import { completionsAt, evaluateIn } from './evaluate';
import { FlowMap, flowMapOf } from './flow-map';
import { bodyFrames, buildFrames, stepFrames, type DebugFrame, type FrameSource, type StopContext } from './frames';
import { errorMessage, StopRules, type Hit } from './stop-rules';
import { DebugRequestError, type LaunchRequest, type RuntimeListener, type Stop, type StopReason } from './types';
import { WaitOwner } from './wait-owner';
import { describeChange } from './run-output';

/** Thrown into the run's step hook to stop the execution there (the run stays resumable). */
export class DebugDetached extends Error {
  constructor() {
    super('the debug session let the run go');
  }
}

const NEXT = 'next step';

type Live = 'idle' | 'running' | 'paused' | 'waiting' | 'ended';

interface Gate {
  position: number;
  resolve(): void;
  reject(e: Error): void;
}

export class DebugRuntime {
  readonly breakpoints: Breakpoints;
  readonly rules: StopRules;
  runId: string | null = null;
  stop: Stop | null = null;
  /** Frame sources, innermost first; the function-code probe adds its own in front. */
  readonly frameSources: FrameSource[] = [stepFrames, bodyFrames];
  private map: FlowMap;
  private program: FlowProgram | null = null;
  private live: Live = 'idle';
  private gate: Gate | null = null;
  /** Stop at the next live boundary, and why. */
  private stopNext: { reason: StopReason; description: string } | null = null;
  private pauseRequested = false;
  private entryChecked = false;
  /** Journal position of the last live boundary looked at (-1: none yet): failures and branches after it are new. */
  private lastLive = -1;
  private observer: { dispose(): void } | null = null;
  private readonly waits: WaitOwner;
  private output: { dispose(): void } | null = null;
  private noDebug = false;
  private attached = false;

  constructor(
    readonly service: RunService,
    private readonly listener: RuntimeListener,
  ) {
    this.waits = new WaitOwner(service);
    this.map = new FlowMap('');
    this.breakpoints = new Breakpoints(this.map);
    this.rules = new StopRules(this.breakpoints, () => this.map, (t) => this.listener.output(t + '\n', 'console'));
  }

  get flowMap(): FlowMap {
    return this.map;
  }

  // ---- starting ----------------------------------------------------------------------

  private request: LaunchRequest | null = null;

  /** Reads and checks the flow (a flow with errors does not launch); the run starts with `start()`. */
  prepareLaunch(request: LaunchRequest): void {
    const source = request.source ?? readFileSync(request.flowPath, 'utf8');
    this.program = loadProgram(source, request.flowPath);
    this.useMap(flowMapOf(source));
    this.request = { ...request, source };
    this.noDebug = request.noDebug === true;
  }

  /** Starts the launched run (after the breakpoints are set). */
  start(): string {
    const request = this.request;
    if (request === null) throw new DebugRequestError('nothing to start: launch first');
    const runId = newRunId();
    this.adopt(runId);
    if (request.stopOnEntry === true && !this.noDebug) this.stopNext = { reason: 'entry', description: 'stopped on entry, before the first step' };
    this.live = 'running';
    this.syncObserver();
    const handle = this.service.start({
      flowPath: request.flowPath,
      source: request.source!,
      runId,
      ...(request.scenario !== undefined ? { scenario: request.scenario } : {}),
      ...(request.input !== undefined ? { input: request.input } : {}),
      ...(request.trigger !== undefined ? { trigger: request.trigger } : {}),
      ...(request.clock !== undefined ? { clock: request.clock } : {}),
    });
    this.watch(runId, handle.finished);
    return runId;
  }

  /** Takes over a waiting or interrupted run (started by the CLI, `serve`, another window). */
  attach(runId: string, stopOnEntry = true): RunRecord {
    const run = this.service.store.getRun(runId);
    if (run === undefined) throw new DebugRequestError(`no run ${runId} in ${this.service.dbPath}`);
    if (run.status === 'completed' || run.status === 'failed' || run.status === 'cancelled') throw new DebugRequestError(`run ${runId} has ${run.status}; only a waiting or interrupted run can be attached to (its timeline: flow-edn show ${runId})`);
    this.program = loadProgram(run.source, run.flowPath);
    this.useMap(flowMapOf(run.source));
    this.attached = true;
    this.adopt(runId);
    this.entryChecked = true;
    this.lastLive = this.service.store.journal(runId).length - 1;
    return run;
  }

  /** After the breakpoints are set: a waiting attached run stops on its wait, an interrupted one resumes. */
  startAttached(stopOnEntry = true): void {
    const runId = this.runId!;
    const run = this.service.store.getRun(runId)!;
    if (run.status === 'waiting') {
      this.onWaiting(run);
      return;
    }
    if (stopOnEntry) this.stopNext = { reason: 'entry', description: `attached to run ${runId}; stopped before its next step` };
    this.live = 'running';
    this.syncObserver();
    this.watch(runId, this.service.resume(runId));
  }

  private adopt(runId: string): void {
    this.runId = runId;
    this.output?.dispose();
    this.output = this.service.subscribe((changes) => {
      for (const c of changes) {
        if (c.runId !== this.runId) continue;
        const text = describeChange(c);
        if (text !== null) this.listener.output(text + '\n', 'console');
      }
    });
  }

  private useMap(map: FlowMap): void {
    this.map = map;
    this.breakpoints.setMap(map);
  }

  // ---- breakpoints -------------------------------------------------------------------

  setLineBreakpoints(specs: BreakpointSpec[]): Breakpoint[] {
    const out = this.breakpoints.setLines(specs);
    this.syncObserver();
    return out;
  }

  setFunctionBreakpoints(specs: BreakpointSpec[]): Breakpoint[] {
    const out = this.breakpoints.setFunctions(specs);
    this.syncObserver();
    return out;
  }

  setExceptionFilters(filters: string[]): void {
    this.breakpoints.setFilters(filters);
    this.syncObserver();
  }

  /** The step hook is attached only while something could stop the run: otherwise a debugged run costs what an undebugged one does. */
  private syncObserver(): void {
    const needed = !this.noDebug && this.live !== 'ended' && (this.breakpoints.any || this.stopNext !== null || this.pauseRequested || !this.entryChecked);
    if (needed && this.observer === null) this.observer = this.service.observe({ beforeStep: (s) => this.beforeStep(s) });
    else if (!needed && this.observer !== null) {
      this.observer.dispose();
      this.observer = null;
    }
  }

  // ---- the live boundary -------------------------------------------------------------

  private async beforeStep(step: ObservedStep): Promise<void> {
    if (step.runId !== this.runId || step.stepType === 'now' || this.live !== 'running') return;
    const store = this.service.store;
    const journal = store.journal(step.runId);
    const hit = this.decide(journal, step.stepId);
    this.lastLive = journal.length;
    if (!this.entryChecked) {
      this.entryChecked = true;
      this.syncObserver();
    }
    if (hit === null) return;
    this.live = 'paused';
    const released = new Promise<void>((resolve, reject) => (this.gate = { position: journal.length, resolve, reject }));
    this.present(hit, journal);
    await released;
  }

  /** Whether the boundary before `stepId` stops, and why. The replay runs only when a rule needs the locals. */
  private decide(journal: JournalRecord[], stepId: string): Hit | null {
    const runId = this.runId!;
    const p = journal.length;
    const events = () => this.service.events(runId);
    const failure = this.rules.exceptions(journal, Math.max(this.lastLive, 0), p, events);
    if (failure !== null) return failure;
    const view = () => this.view(p, journal);
    const onStep = this.breakpoints.onStep(stepId).length > 0;
    if (!this.entryChecked && p === 0 && this.breakpoints.onEntries().length > 0) {
      const entry = this.rules.atEntry(this.service.store.getRun(runId)!, view(), true);
      if (entry !== null) return entry;
    }
    if (this.stopNext !== null) {
      const next = this.stopNext;
      this.stopNext = null;
      const v = view();
      const bp = onStep ? this.rules.atStep(v, true) : null;
      if (bp !== null && next.description !== NEXT) return { ...bp, description: `${next.description}; ${bp.description}` };
      return bp ?? { reason: next.reason, description: next.reason === 'step' ? `next step :${v.call?.id ?? v.call?.type} (${v.stepKey})` : next.description, breakpointIds: [], focus: null, position: p };
    }
    if (this.pauseRequested) {
      this.pauseRequested = false;
      return { reason: 'pause', description: `paused before step ${view().stepKey}`, breakpointIds: [], focus: null, position: p };
    }
    if (this.breakpoints.hasBranches) {
      const branch = this.rules.atBranches(view(), this.lastLive + 1, true);
      if (branch !== null) return branch;
    }
    return onStep ? this.rules.atStep(view(), true) : null;
  }

  private viewCache: { key: string; view: ReturnType<typeof replayToBoundary> } | null = null;

  /** The replay of the run to boundary `position` (memoised for the journal it was made on). */
  private view(position: number, journal: readonly JournalRecord[]) {
    const run = this.service.store.getRun(this.runId!)!;
    const key = `${run.id}:${position}:${journal.length}:${journal[journal.length - 1]?.seq ?? 0}`;
    if (this.viewCache?.key === key) return this.viewCache.view;
    const view = replayToBoundary(this.program!, run, journal, position);
    this.viewCache = { key, view };
    return view;
  }

  /** Builds and announces a stop. */
  private present(hit: Hit, journal: readonly JournalRecord[] = this.service.store.journal(this.runId!)): void {
    const store = this.service.store;
    const runId = this.runId!;
    const run = store.getRun(runId)!;
    const view = this.view(hit.position, journal);
    let events: { at: number; event: import('../run/events').RunEvent }[] | undefined;
    const ctx: StopContext = { run, journal, view, map: this.map, program: this.program!, focus: hit.focus, events: () => (events ??= this.service.events(runId)), waits: () => store.findWaits({ runId }) };
    this.stop = {
      reason: hit.reason,
      description: hit.description,
      position: hit.position,
      live: hit.position === this.livePosition(journal),
      frames: buildFrames(ctx, this.frameSources),
      breakpointIds: hit.breakpointIds,
      ...(hit.exception !== undefined ? { exception: hit.exception } : {}),
    };
    this.listener.stopped(this.stop);
  }

  private livePosition(journal: readonly JournalRecord[]): number {
    return this.gate !== null ? this.gate.position : journal.length;
  }

  // ---- the run settles ---------------------------------------------------------------

  private watch(runId: string, finished: Promise<RunRecord>): void {
    finished.then(
      (run) => {
        if (run.id === this.runId) this.settled(run);
      },
      (e: unknown) => {
        if (e instanceof DebugDetached || runId !== this.runId || this.live === 'ended') return;
        this.listener.output(`the run stopped: ${(e as Error).message}\n`, 'stderr');
        this.end(this.service.store.getRun(runId) ?? null);
      },
    );
  }

  private settled(run: RunRecord): void {
    const journal = this.service.store.journal(run.id);
    if (run.status === 'waiting') {
      this.onWaiting(run);
      return;
    }
    this.live = 'ended';
    this.syncObserver();
    if (!this.noDebug) {
      const failure = this.rules.exceptions(journal, Math.max(this.lastLive, 0), journal.length, () => this.service.events(run.id));
      if (failure !== null) {
        this.present(failure, journal);
        return;
      }
      if (run.status === 'failed' && this.breakpoints.filter('runFailed')) {
        const message = `run failed: ${run.error !== null ? errorMessage(run.error) : 'unknown error'}`;
        const failedAt = journal.findIndex((r) => r.status === 'failed');
        this.present({ reason: 'exception', description: message, breakpointIds: [], focus: null, position: failedAt >= 0 ? failedAt : journal.length, exception: { filter: 'runFailed', message } }, journal);
        return;
      }
    }
    this.end(run);
  }

  private onWaiting(run: RunRecord): void {
    this.live = 'waiting';
    this.syncObserver();
    const journal = this.service.store.journal(run.id);
    const wait = this.service.store.findWaits({ runId: run.id, status: 'pending' })[0];
    const held = this.waits.hold(run.id, () => this.waitResolved(run.id));
    if (!held) {
      this.listener.output(`run ${run.id} is held by another process; this session lets it go\n`, 'important');
      this.end(run);
      return;
    }
    const what = wait !== undefined ? `waiting at :${wait.stepId} (key ${JSON.stringify(wait.key)})${wait.expiresAt !== null ? ` until ${new Date(wait.expiresAt).toISOString()}` : ''}` : 'waiting';
    this.listener.output(`run ${run.id} is ${what}: resolve it from the approvals panel, \`flow-edn approve ${run.id}\` or an approval link; the session goes on by itself\n`, 'console');
    if (!this.noDebug) this.present({ reason: 'wait', description: what, breakpointIds: [], focus: null, position: journal.length }, journal);
  }

  private waitResolved(runId: string): void {
    if (runId !== this.runId || this.live !== 'waiting') return;
    const run = this.service.store.getRun(runId);
    this.stop = null;
    this.listener.continued();
    if (run === undefined || run.status === 'completed' || run.status === 'failed' || run.status === 'cancelled') {
      this.waits.release();
      this.end(run ?? null);
      return;
    }
    // The lease stays ours: the service's execution resumes under the same owner, no gap.
    this.waits.handOver();
    this.live = 'running';
    this.lastLive = this.service.store.journal(runId).length;
    this.syncObserver();
    this.watch(runId, this.service.resume(runId));
  }

  private end(run: RunRecord | null): void {
    this.live = 'ended';
    this.stop = null;
    this.syncObserver();
    this.waits.release();
    if (run !== null) {
      const error = run.error !== null ? `: ${errorMessage(run.error)}` : '';
      this.listener.output(`run ${run.id} ${run.status}${error}\n`, run.status === 'failed' ? 'stderr' : 'console');
    }
    this.listener.ended(run);
  }

  // ---- commands ----------------------------------------------------------------------

  private requireStop(): Stop {
    if (this.stop === null) throw new DebugRequestError('the run is not stopped');
    return this.stop;
  }

  continue(): void {
    const stop = this.stop;
    if (stop !== null && !stop.live) {
      const hit = this.scanHistory(stop.position + 1, 1);
      if (hit !== null) return this.present(hit);
      // Coming back from the past to where the run is held: a breakpoint there stops again.
      if (this.live === 'paused' && this.gate !== null) {
        const journal = this.service.store.journal(this.runId!);
        const here = this.rules.atStep(this.view(this.gate.position, journal), false);
        if (here !== null) return this.present(here, journal);
      }
    }
    this.goLive(null);
  }

  next(): void {
    const stop = this.requireStop();
    const journal = this.service.store.journal(this.runId!);
    const live = this.livePosition(journal);
    if (!stop.live) {
      const target = this.nextBoundary(journal, stop.position, 1);
      if (target !== null && target < live) return this.present({ reason: 'step', description: `step :${journal[target]!.stepId} (history: it ran already)`, breakpointIds: [], focus: null, position: target }, journal);
      if (this.live === 'paused' || this.live === 'waiting') return this.present({ reason: this.live === 'waiting' ? 'wait' : 'step', description: 'back at the run as it is now', breakpointIds: [], focus: null, position: live }, journal);
    }
    this.goLive({ reason: 'step', description: NEXT });
  }

  stepBack(): void {
    const stop = this.requireStop();
    const journal = this.service.store.journal(this.runId!);
    const target = this.nextBoundary(journal, stop.position, -1);
    if (target === null) return this.present({ reason: 'entry', description: 'at the first step of the run: nothing before it', breakpointIds: [], focus: null, position: stop.position }, journal);
    this.present({ reason: 'step', description: `back to step :${journal[target]!.stepId} (it ran already: its result is in the Step scope)`, breakpointIds: [], focus: null, position: target }, journal);
  }

  reverseContinue(): void {
    const stop = this.requireStop();
    const hit = this.scanHistory(stop.position - 1, -1);
    const journal = this.service.store.journal(this.runId!);
    const first = this.nextBoundary(journal, -1, 1) ?? 0;
    this.present(hit ?? { reason: 'entry', description: 'back at the start of the run', breakpointIds: [], focus: null, position: first }, journal);
  }

  pause(): void {
    if (this.live !== 'running') return;
    this.pauseRequested = true;
    this.syncObserver();
  }

  /** The next (dir 1) or previous (dir -1) journal position of a real step (not a clock read). */
  private nextBoundary(journal: readonly JournalRecord[], from: number, dir: 1 | -1): number | null {
    for (let i = from + dir; i >= 0 && i < journal.length; i += dir) if (journal[i]!.stepType !== 'now') return i;
    return null;
  }

  /** The first past boundary from `from` in direction `dir` where a breakpoint stops (hit counts untouched). */
  private scanHistory(from: number, dir: 1 | -1): Hit | null {
    const journal = this.service.store.journal(this.runId!);
    const live = this.livePosition(journal);
    for (let i = from; i >= 0 && i < live && i < journal.length; i += dir) {
      if (journal[i]!.stepType === 'now') continue;
      if (this.breakpoints.onStep(journal[i]!.stepId).length === 0 && !this.breakpoints.hasBranches) continue;
      const view = this.view(i, journal);
      const prev = this.nextBoundary(journal, i, -1);
      const hit = (this.breakpoints.hasBranches ? this.rules.atBranches(view, prev === null ? 0 : prev + 1, false) : null) ?? this.rules.atStep(view, false);
      if (hit !== null) return { ...hit, description: `${hit.description} (history)` };
    }
    return null;
  }

  /** Leaves history and lets the live run go on; `stopNext` stops it at its next boundary. */
  private goLive(stopNext: { reason: StopReason; description: string } | null): void {
    this.stop = null;
    if (this.live === 'paused' && this.gate !== null) {
      this.stopNext = stopNext;
      this.live = 'running';
      this.syncObserver();
      const g = this.gate;
      this.gate = null;
      g.resolve();
      return;
    }
    if (this.live === 'ended') this.end(this.service.store.getRun(this.runId!) ?? null);
    // Waiting: the run goes on by itself when the wait is resolved, then stops as asked.
    if (this.live === 'waiting') this.stopNext = stopNext;
  }

  /** The frame of the current stop with that index in its stack. */
  frame(index: number): DebugFrame {
    const frame = this.requireStop().frames[index];
    if (frame === undefined) throw new DebugRequestError(`no frame ${index} in the current stop`);
    return frame;
  }

  evaluate(expression: string, frameIndex: number | null): Value {
    const stop = this.requireStop();
    const frame = frameIndex !== null ? this.frame(frameIndex) : stop.frames[0];
    const view = this.view(stop.position, this.service.store.journal(this.runId!));
    return evaluateIn(expression, frame?.locals ?? new Map(), view.input);
  }

  completions(text: string, column: number, frameIndex: number | null) {
    const frame = this.stop === null ? undefined : frameIndex !== null ? this.stop.frames[frameIndex] : this.stop.frames[0];
    return completionsAt(text, column, frame?.locals ?? new Map());
  }

  // ---- resolving the wait from the debug console -------------------------------------

  /** Resolves the pending wait the run is stopped on; the run goes on in this session. */
  async resolveWait(action: 'approve' | 'reject' | 'complete', payload?: Value): Promise<string> {
    const runId = this.waitingRun();
    this.waits.handOver();
    this.live = 'running';
    this.stop = null;
    this.lastLive = this.service.store.journal(runId).length;
    this.syncObserver();
    this.listener.continued();
    const outcome = this.service.resolve({ runId, action, ...(payload !== undefined ? { payload } : {}) });
    this.watch(runId, outcome.then((o) => o.run));
    const o = await outcome;
    return `wait :${o.wait.stepId} ${o.wait.status}`;
  }

  /** Fires the pending wait's timeout now (a virtual clock moved to its expiry). */
  fireTimeout(): string {
    const runId = this.waitingRun();
    const run = this.service.store.getRun(runId)!;
    const wait = this.service.store.findWaits({ runId, status: 'pending' })[0];
    if (run.clock === null || wait?.expiresAt == null) throw new DebugRequestError(`the run is on the real clock${wait?.expiresAt == null ? ' and its wait has no :timeout' : ''}: its timeout fires when it is due (or launch with "clock": "virtual")`);
    const now = (JSON.parse(run.clock) as { now: number }).now;
    this.waits.handOver();
    this.live = 'running';
    this.stop = null;
    this.lastLive = this.service.store.journal(runId).length;
    this.syncObserver();
    this.listener.continued();
    this.watch(runId, this.service.resume(runId, { advanceMs: Math.max(0, wait.expiresAt - now) }));
    return `the timeout of :${wait.stepId} fired (the run's clock moved to ${new Date(wait.expiresAt).toISOString()})`;
  }

  /** True while the run is stopped on its pending wait. */
  get waiting(): boolean {
    return this.live === 'waiting';
  }

  private waitingRun(): string {
    if (this.live !== 'waiting' || this.runId === null) throw new DebugRequestError('the run is not waiting: :approve, :reject, :complete and :timeout resolve the wait a run is stopped on');
    return this.runId;
  }

  // ---- forks: Restart Frame, Set Value, Restart ---------------------------------------

  /** Restart Frame on a step that ran: a fork from that step (new run id; the original kept). */
  async restartFrame(index: number): Promise<void> {
    const frame = this.frame(index);
    if (frame.stepKey === null) throw new DebugRequestError(`${frame.name} has not run yet: nothing to re-run (Restart Frame re-runs a step that ran, as a fork)`);
    await this.forkTo({ from: frame.stepKey }, { reason: 'restart', description: `re-running from ${frame.stepKey} as a fork` });
  }

  /** Set Value on a step's result: a fork keeping the journal through that step, its result replaced (recorded as edited). */
  async editResult(stepKey: string, result: Value): Promise<void> {
    this.requireStop();
    await this.forkTo({ replace: { stepKey, result } }, { reason: 'step', description: `the result of ${stepKey} edited: the rest runs as a fork` });
  }

  private async forkTo(request: { from?: string; replace?: { stepKey: string; result: Value } }, stop: { reason: StopReason; description: string }): Promise<void> {
    const old = this.runId!;
    const runId2 = newRunId();
    // Checked before anything changes: an unknown step leaves the session as it was.
    const journal = this.service.store.journal(old);
    const key = request.from ?? request.replace!.stepKey;
    if (!journal.some((r) => r.stepKey === key)) throw new DebugRequestError(`${key} has not run in run ${old}: a fork keeps or replaces steps that ran`);
    this.letGo(old);
    this.adopt(runId2);
    this.entryChecked = true;
    this.lastLive = -1;
    this.stop = null;
    this.stopNext = stop;
    this.live = 'running';
    this.syncObserver();
    const handle = this.service.fork({ runId: old, ...request, runId2 });
    this.listener.output(`run ${runId2} forked from ${old} (${request.replace !== undefined ? `${request.replace.stepKey} edited` : `from ${request.from}`}); ${old} is kept${this.attached ? '' : ' (cancelled)'}\n`, 'console');
    this.watch(runId2, handle.finished);
    await Promise.resolve();
  }

  /** Stops following `runId`: its execution is let go at its step hook; a launched run is cancelled. */
  private letGo(runId: string): void {
    const live = this.live;
    this.waits.release();
    const g = this.gate;
    this.gate = null;
    g?.reject(new DebugDetached());
    if (!this.attached && live !== 'ended' && live !== 'idle') {
      try {
        this.service.cancel(runId, 'debug session let the run go', 'debugger');
      } catch {
        // ended meanwhile
      }
    }
  }

  /** Restart: the launched run is cancelled and the flow (read again from disk) launched anew. */
  async restart(): Promise<void> {
    if (this.request === null) throw new DebugRequestError('only a launched run can be restarted; attach again instead');
    const old = this.runId;
    if (old !== null) this.letGo(old);
    this.stop = null;
    this.entryChecked = false;
    this.lastLive = -1;
    this.pauseRequested = false;
    this.stopNext = null;
    const { source: _source, ...request } = this.request;
    this.prepareLaunch(request);
    this.start();
  }

  /** Ends the session's hold on the run: a launched run is cancelled, an attached one let go (resumable). */
  async terminate(): Promise<void> {
    const runId = this.runId;
    const live = this.live;
    this.live = 'ended';
    this.syncObserver();
    this.output?.dispose();
    this.output = null;
    this.live = live;
    if (runId !== null) this.letGo(runId);
    this.live = 'ended';
    this.stop = null;
  }
}
