// The live half of the debug runtime: one run under a debugger, on the run service. The run
// executes where the service executes runs (its worker thread by default) and pauses in the
// step hook (`beforeStep`, awaited) only while something could stop it; what a stop shows is
// rebuilt by replay from the journal (boundary.ts). Starting, the step hook, stops, waits, the
// end. The commands a session gives are in runtime.ts.

import { readFileSync } from 'node:fs';
import { loadProgram, type FlowProgram } from '../run/program';
import { newRunId } from '../run/runner';
import type { ObservedStep, RunService } from '../service/index';
import type { JournalRecord, RunRecord } from '../store/port';
import { replayToBoundary } from './boundary';
import { Breakpoints, type Breakpoint, type BreakpointSpec } from './breakpoints';
import { FlowMap, flowMapOfProgram } from './flow-map';
import { bodyFrames, buildFrames, stepFrames, type FrameSource, type StopContext } from './frames';
import { errorMessage, StopRules, type Hit } from './stop-rules';
import { DebugRequestError, type LaunchRequest, type RuntimeListener, type Stop, type StopReason } from './types';
import { WaitOwner } from './wait-owner';
import { describeChange, describeEvent } from './run-output';
import { CodeStepper } from './code-stepping';
import type { Outcome } from './replay';

/** Thrown into the run's step hook to stop the execution there (the run stays resumable). */
export class DebugDetached extends Error {
  constructor() {
    super('the debug session let the run go');
  }
}

export const NEXT = 'next step';

export type Live = 'idle' | 'running' | 'paused' | 'waiting' | 'ended';

interface Gate {
  position: number;
  resolve(): void;
  reject(e: Error): void;
}

export class LiveRun {
  readonly breakpoints: Breakpoints;
  readonly rules: StopRules;
  runId: string | null = null;
  stop: Stop | null = null;
  /** Breakpoints and stepping inside function code (pause by replay). */
  readonly code: CodeStepper = new CodeStepper(
    () => this.program,
    () => this.breakpoints.lineBreakpoints,
    { run: (id) => this.service.store.getRun(id), say: (text) => this.listener.output(text + '\n', 'console') },
  );
  /** Frame sources, innermost first: frames inside function code, the step, the body. */
  readonly frameSources: FrameSource[] = [this.code.frames, stepFrames, bodyFrames];
  protected map: FlowMap;
  protected program: FlowProgram | null = null;
  protected live: Live = 'idle';
  protected gate: Gate | null = null;
  /** Stop at the next live boundary, and why. */
  protected stopNext: { reason: StopReason; description: string } | null = null;
  protected pauseRequested = false;
  protected entryChecked = false;
  /** Journal position of the last live boundary looked at (-1: none yet): failures and branches after it are new. */
  protected lastLive = -1;
  protected observer: { dispose(): void } | null = null;
  /** Hears of function code a Pause interrupted (stepInterrupted); disposed with the session. */
  protected readonly interruptions: { dispose(): void };
  protected readonly waits: WaitOwner;
  protected output: { dispose(): void } | null = null;
  protected othersOutput: { dispose(): void } | null = null;
  protected noDebug = false;
  protected attached = false;

  constructor(
    readonly service: RunService,
    protected readonly listener: RuntimeListener,
  ) {
    this.waits = new WaitOwner(service);
    this.map = new FlowMap('');
    this.breakpoints = new Breakpoints(this.map);
    this.rules = new StopRules(this.breakpoints, () => this.map, (t) => this.listener.output(t + '\n', 'console'));
    // Always there (it costs nothing per step): a Pause can interrupt function code at any time.
    this.interruptions = service.observe({ stepInterrupted: (s, used) => this.stepInterrupted(s, used) });
  }

  get flowMap(): FlowMap {
    return this.map;
  }

  // ---- starting ----------------------------------------------------------------------

  protected request: LaunchRequest | null = null;

  /** Reads and checks the flow (a flow with errors does not launch); the run starts with `start()`. */
  prepareLaunch(request: LaunchRequest): void {
    const source = request.source ?? readFileSync(request.flowPath, 'utf8');
    this.program = loadProgram(source, request.flowPath);
    this.useMap(flowMapOfProgram(this.program));
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
    this.lowerInterrupt();
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
    this.useMap(flowMapOfProgram(this.program));
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
    this.lowerInterrupt();
    this.live = 'running';
    this.syncObserver();
    this.watch(runId, this.service.resume(runId));
  }

  protected adopt(runId: string): void {
    this.runId = runId;
    this.output?.dispose();
    // The run executes in this service: its events come as they are emitted, with no reads of
    // the store (the change feed would read and parse every change of every step again).
    this.output = this.service.onEvent((event) => {
      // While the run waits the feed tells everything, this service's doings included.
      if (event.runId !== this.runId || this.othersOutput !== null) return;
      const text = describeEvent(event);
      if (text !== null) this.listener.output(text + '\n', 'console');
    });
  }

  /** While the run waits, other processes act on it (an approval from the CLI, a panel): their
   *  changes come from the feed until the run goes on here. Subscribed before the wait's owner,
   *  so a resolution's own line is told before the session resumes. */
  protected followOthers(on: boolean): void {
    this.othersOutput?.dispose();
    this.othersOutput = null;
    if (!on) return;
    this.othersOutput = this.service.subscribe((changes) => {
      for (const c of changes) {
        if (c.runId !== this.runId) continue;
        const text = describeChange(c);
        if (text !== null) this.listener.output(text + '\n', 'console');
      }
    });
  }

  protected useMap(map: FlowMap): void {
    map.codeBinder = (line, ranges) => this.code.bind(map, line, ranges);
    this.map = map;
    // Restart read the flow (and its includes) again: breakpoints bound anew are announced.
    const changed = this.breakpoints.setMap(map);
    if (changed.length > 0) this.listener.breakpointsChanged?.(changed);
  }

  // ---- breakpoints -------------------------------------------------------------------

  setLineBreakpoints(specs: BreakpointSpec[], path: string | null = null): Breakpoint[] {
    const out = this.breakpoints.setLines(specs, path);
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
  protected syncObserver(): void {
    const needed = !this.noDebug && this.live !== 'ended' && (this.breakpoints.any || this.stopNext !== null || this.pauseRequested || !this.entryChecked);
    if (needed && this.observer === null) this.observer = this.service.observe({ beforeStep: (s) => this.beforeStep(s) });
    else if (!needed && this.observer !== null) {
      this.observer.dispose();
      this.observer = null;
    }
  }

  // ---- the live boundary -------------------------------------------------------------

  protected async beforeStep(step: ObservedStep): Promise<void> {
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

  /**
   * A Pause interrupted the function code of the step at the live boundary (the flag the host
   * sets, RunServiceOptions.interrupt): the stop is where that code had got to, found by replay
   * (pure code reaches the same place), and Continue lets the step run again from its start.
   */
  protected async stepInterrupted(step: ObservedStep, used: number): Promise<void> {
    if (step.runId !== this.runId || this.live !== 'running' || this.noDebug) return;
    this.pauseRequested = false;
    this.syncObserver();
    const journal = this.service.store.journal(step.runId);
    const position = journal.length;
    const inCode = this.code.enterAt(this.view(position, journal), this.runId, used);
    const where = inCode?.kind === 'paused' ? this.code.describe('paused', this.map) : `paused while step :${step.stepId} (${step.stepKey}) computed`;
    this.listener.output(`paused :${step.stepId} (${step.stepKey}) while its code computed, after ${used.toLocaleString('en')} evaluations; Continue runs the step again from its start (function code has no effects)\n`, 'console');
    this.live = 'paused';
    const released = new Promise<void>((resolve, reject) => (this.gate = { position, resolve, reject }));
    this.present({ reason: 'pause', description: `${where} (after ${used.toLocaleString('en')} evaluations; Continue runs the step again from its start)`, breakpointIds: [], focus: null, position, ...(inCode?.kind === 'paused' ? {} : { ahead: true }) }, journal);
    await released;
  }

  /** Lowers the interrupt flag: a Pause raised for a run that stopped elsewhere, or ended, is spent. */
  protected lowerInterrupt(): void {
    if (this.service.interrupt !== undefined) Atomics.store(this.service.interrupt, 0, 0);
  }

  /** Whether the boundary before `stepId` stops, and why. The replay runs only when a rule needs the locals. */
  protected decide(journal: JournalRecord[], stepId: string): Hit | null {
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
      // A stop on entry comes before the boundary's `if`s and step: Continue meets them.
      if (next.reason === 'entry') return { reason: 'entry', description: next.description, breakpointIds: [], focus: null, position: p, ahead: true };
      const bp = onStep ? this.rules.atStep(v, true) : null;
      if (bp !== null && next.description !== NEXT) return { ...bp, description: `${next.description}; ${bp.description}` };
      return bp ?? { reason: next.reason, description: next.reason === 'step' ? `next step :${v.call?.id ?? v.call?.type} (${v.stepKey})` : next.description, breakpointIds: [], focus: null, position: p };
    }
    if (this.pauseRequested) {
      this.pauseRequested = false;
      // Landed at a boundary: no function code is to be interrupted for it any more.
      this.lowerInterrupt();
      return { reason: 'pause', description: `paused before step ${view().stepKey}`, breakpointIds: [], focus: null, position: p, ahead: true };
    }
    if (this.breakpoints.hasBranches) {
      const branch = this.rules.atBranches(view(), this.lastLive + 1, true);
      if (branch !== null) return branch;
    }
    return (onStep ? this.rules.atStep(view(), true) : null) ?? this.codeBreakpoint(view, p);
  }

  /** Breakpoints inside the code of the `:function` step at boundary `position`: a replay of
   *  that code (pure: the same as the step will run) to its first breakpoint hit. */
  protected codeBreakpoint(view: () => ReturnType<typeof replayToBoundary>, position: number): Hit | null {
    this.code.active = null;
    if (!this.breakpoints.lineBreakpoints.some((b) => b.verified && b.target?.kind === 'code-point')) return null;
    const v = view();
    if (!this.code.hasBreakpoints(v, this.runId!)) return null;
    return this.codeHit(this.code.enter(v, this.runId!, 'continue'), position, 'breakpoint');
  }

  /** A stop inside function code from a replay's outcome (null when the code did not stop). */
  protected codeHit(outcome: Outcome | null, position: number, prefix: string): Hit | null {
    if (outcome === null || outcome.kind !== 'paused') return null;
    for (const e of outcome.conditionErrors) this.listener.output(`breakpoint condition in function code failed: ${e}; stopping there\n`, 'console');
    const reason = outcome.reason === 'breakpoint' ? 'breakpoint' : 'step';
    const ids = reason === 'breakpoint' ? this.code.breakpointsIn(this.code.active!.call.unit).ids(outcome.frame.point.index) : [];
    return { reason, description: this.code.describe(reason === 'breakpoint' ? 'breakpoint' : prefix, this.map), breakpointIds: ids, focus: null, position };
  }

  /** A stepping action while stopped inside function code: stops there again, or leaves the
   *  code (true: the caller goes on at the step level). */
  protected moveInCode(kind: 'in' | 'next' | 'out' | 'back' | 'continue' | 'reverse'): boolean {
    const position = this.code.active!.position;
    const outcome = this.code.move(kind);
    const hit = this.codeHit(outcome, position, kind === 'back' ? 'stepped back' : 'step');
    if (hit !== null) {
      this.present(hit);
      return false;
    }
    if (outcome.kind === 'failed') this.listener.output(`the function code fails: ${(outcome.error as Error).message ?? String(outcome.error)}\n`, 'console');
    if (outcome.kind === 'start' && kind === 'back') {
      this.present({ reason: 'step', description: 'back before the function code ran', breakpointIds: [], focus: null, position });
      return false;
    }
    return true;
  }

  protected viewCache: { key: string; view: ReturnType<typeof replayToBoundary> } | null = null;

  /** The replay of the run to boundary `position` (memoised for the journal it was made on). */
  protected view(position: number, journal: readonly JournalRecord[]) {
    const run = this.service.store.getRun(this.runId!)!;
    const key = `${run.id}:${position}:${journal.length}:${journal[journal.length - 1]?.seq ?? 0}`;
    if (this.viewCache?.key === key) return this.viewCache.view;
    const view = replayToBoundary(this.program!, run, journal, position);
    this.viewCache = { key, view };
    return view;
  }

  /** Builds and announces a stop. */
  protected present(hit: Hit, journal: readonly JournalRecord[] = this.service.store.journal(this.runId!)): void {
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
      ...(hit.focus !== null && (hit.focus.kind === 'branch' || hit.focus.kind === 'entry') && view.call !== null ? { before: { kind: hit.focus.kind, start: hit.focus.start } } : {}),
      ...(hit.opening === true && view.call !== null ? { before: { kind: 'entry' as const, start: -1 } } : {}),
      ...(hit.ahead === true && view.call !== null ? { before: { kind: 'boundary' as const, start: -1 } } : {}),
      ...(hit.exception !== undefined ? { exception: hit.exception } : {}),
    };
    this.listener.stopped(this.stop);
  }

  protected livePosition(journal: readonly JournalRecord[]): number {
    return this.gate !== null ? this.gate.position : journal.length;
  }

  // ---- the run settles ---------------------------------------------------------------

  protected watch(runId: string, finished: Promise<RunRecord>): void {
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

  protected settled(run: RunRecord): void {
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

  protected onWaiting(run: RunRecord): void {
    this.live = 'waiting';
    this.syncObserver();
    this.followOthers(true);
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

  protected waitResolved(runId: string): void {
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
    this.goOnAfterWait(runId, () => this.service.resume(runId));
  }

  protected end(run: RunRecord | null): void {
    this.live = 'ended';
    this.stop = null;
    this.syncObserver();
    this.followOthers(false);
    this.waits.release();
    if (run !== null) {
      const error = run.error !== null ? `: ${errorMessage(run.error)}` : '';
      this.listener.output(`run ${run.id} ${run.status}${error}\n`, run.status === 'failed' ? 'stderr' : 'console');
    }
    this.listener.ended(run);
  }

  protected requireStop(): Stop {
    if (this.stop === null) throw new DebugRequestError('the run is not stopped');
    return this.stop;
  }

  /** Leaves history and lets the live run go on; `stopNext` stops it at its next boundary. */
  protected goLive(stopNext: { reason: StopReason; description: string } | null): void {
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

  /** Stops following `runId`: its execution is let go at its step hook; a launched run is cancelled. */
  protected letGo(runId: string): void {
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

  /**
   * The run goes on in this session after its wait (the lease is handed to the execution that
   * `start` begins). Its lines come from this service as it emits them, not the feed: following
   * others stops before it starts.
   */
  protected goOnAfterWait(runId: string, start: () => Promise<RunRecord>): void {
    this.followOthers(false);
    const execution = start();
    this.waits.handOver();
    this.live = 'running';
    this.stop = null;
    this.lastLive = this.service.store.journal(runId).length;
    this.syncObserver();
    this.watch(runId, execution);
  }

}
