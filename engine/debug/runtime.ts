// The debug runtime (design §8.2): the commands a debug session gives a run under a debugger
// (continue, next, step back, reverse continue, pause, evaluate, the wait's resolution from
// the debug console, forks for Restart Frame and Set Value, restart, terminate), on the live
// half in live-run.ts. Knows no DAP: a session (client/debug) translates.

import type { Value } from '../edn/values';
import { newRunId } from '../run/runner';
import type { RunService } from '../service/index';
import type { JournalRecord } from '../store/port';
import { completionsAt, evaluateIn } from './evaluate';
import type { DebugFrame } from './frames';
import { LiveRun, NEXT } from './live-run';
import type { Outcome } from './replay';
import type { Hit } from './stop-rules';
import { DebugRequestError, type Stop, type StopReason } from './types';

export { DebugDetached } from './live-run';

/** Where a stop stands on its step: at its boundary (its code not passed yet), inside its
 *  code, or after it (a failure it ended with). */
function phaseOf(stop: Stop): 'boundary' | 'code' | 'after' {
  if (stop.frames.some((f) => f.kind === 'function')) return 'code';
  return stop.reason === 'exception' ? 'after' : 'boundary';
}

export class DebugRuntime extends LiveRun {
  // ---- commands ----------------------------------------------------------------------

  continue(): void {
    if (this.code.active !== null && !this.moveInCode('continue')) return;
    const stop = this.stop;
    if (stop !== null) {
      const journal = this.service.store.journal(this.runId!);
      const hit = this.forward(stop, journal);
      if (hit !== null) return this.present(hit, journal);
    }
    this.goLive(null);
  }

  next(): void {
    if (this.code.active !== null && !this.moveInCode('next')) return;
    const stop = this.requireStop();
    const journal = this.service.store.journal(this.runId!);
    // From a labelled `if` or an entry breakpoint, the next step is the one at this boundary.
    if (stop.before !== undefined && stop.before.kind !== 'boundary') return this.present(this.stepHere(stop, journal), journal);
    // Over a :function step: a breakpoint in its code stops there, its logpoints print.
    if (phaseOf(stop) === 'boundary') {
      const inCode = this.codeAt(stop.position, journal, 'continue');
      if (inCode !== null) return this.present(inCode, journal);
    }
    const live = this.livePosition(journal);
    if (!stop.live) {
      const target = this.nextBoundary(journal, stop.position, 1);
      if (target !== null && target < live) return this.present({ reason: 'step', description: `step :${journal[target]!.stepId} (history: it ran already)`, breakpointIds: [], focus: null, position: target }, journal);
      if (this.live === 'paused' || this.live === 'waiting') return this.present({ reason: this.live === 'waiting' ? 'wait' : 'step', description: 'back at the run as it is now', breakpointIds: [], focus: null, position: live }, journal);
    }
    this.goLive({ reason: 'step', description: NEXT });
  }

  /** Step In: into the code of the `:function` step at this boundary, or a form deeper inside it; elsewhere Next. */
  stepIn(): void {
    if (this.code.active !== null) {
      if (this.moveInCode('in')) this.next();
      return;
    }
    const stop = this.requireStop();
    const journal = this.service.store.journal(this.runId!);
    const view = this.view(stop.position, journal);
    if (stop.before !== undefined || stop.frames.some((f) => f.kind === 'step')) {
      const hit = this.codeHit(this.code.enter(view, this.runId!, 'in'), stop.position, 'stepped in');
      if (hit !== null) return this.present(hit, journal);
    }
    this.next();
  }

  /** Step Out: out of the current function inside code (to the end of the code: the step), else Next. */
  stepOut(): void {
    if (this.code.active !== null && !this.moveInCode('out')) return;
    this.next();
  }

  stepBack(): void {
    if (this.code.active !== null) {
      this.moveInCode('back');
      return;
    }
    const stop = this.requireStop();
    const journal = this.service.store.journal(this.runId!);
    // From a step's stop (or an `if`'s), a labelled `if` with a breakpoint decided just before: the mirror of Next from it.
    const branch = this.branchBefore(stop, journal);
    if (branch !== null) return this.present(branch, journal);
    const target = this.nextBoundary(journal, stop.position, -1);
    if (target === null) return this.present({ reason: 'entry', description: 'at the first step of the run: nothing before it', breakpointIds: [], focus: null, position: stop.position }, journal);
    this.present({ reason: 'step', description: `back to step :${journal[target]!.stepId} (it ran already: its result is in the Step scope)`, breakpointIds: [], focus: null, position: target }, journal);
  }

  reverseContinue(): void {
    if (this.code.active !== null) {
      if (!this.moveInCode('reverse')) return;
      this.code.active = null;
    }
    const stop = this.requireStop();
    const journal = this.service.store.journal(this.runId!);
    const hit = this.backward(stop, journal);
    const first = this.nextBoundary(journal, -1, 1) ?? 0;
    this.present(hit ?? { reason: 'entry', description: 'back at the start of the run', breakpointIds: [], focus: null, position: first, opening: true }, journal);
  }

  pause(): void {
    const flag = this.service.interrupt;
    if (flag !== undefined) {
      // Runs on this thread: the host set the flag as the request passed, and it has done its work
      // (this code runs only once no function computes here). Runs in the run worker: raise it now;
      // it is cleared where the pause lands (an interrupted step, or the next boundary).
      Atomics.store(flag, 0, this.service.inline || this.live !== 'running' ? 0 : 1);
    }
    if (this.live !== 'running') return;
    this.pauseRequested = true;
    this.syncObserver();
  }

  /** Step Back's stop on a labelled `if` with a breakpoint on the boundary of `stop`, decided before it. */
  private branchBefore(stop: Stop, journal: readonly JournalRecord[]): Hit | null {
    if (!this.breakpoints.hasBranches || phaseOf(stop) !== 'boundary' || stop.before?.kind === 'entry' || stop.before?.kind === 'boundary') return null;
    const view = this.view(stop.position, journal);
    if (view.call === null) return null;
    const prev = this.nextBoundary(journal, stop.position, -1);
    return this.rules.branchBack(view, prev === null ? 0 : prev + 1, stop.before?.kind === 'branch' ? stop.before.start : null);
  }

  /** From a stop on a labelled `if` or an entry: the step at the same boundary (it has not run yet). */
  private stepHere(stop: Stop, journal: readonly JournalRecord[]): Hit {
    const view = this.view(stop.position, journal);
    const history = stop.position < this.livePosition(journal) ? ' (history: it ran already)' : '';
    return { reason: 'step', description: `next step :${view.call!.id ?? view.call!.type} (${view.stepKey})${history}`, breakpointIds: [], focus: null, position: stop.position };
  }

  /** The next (dir 1) or previous (dir -1) journal position of a real step (not a clock read). */
  private nextBoundary(journal: readonly JournalRecord[], from: number, dir: 1 | -1): number | null {
    for (let i = from + dir; i >= 0 && i < journal.length; i += dir) if (journal[i]!.stepType !== 'now') return i;
    return null;
  }

  // ---- through history: boundaries and the code of :function steps --------------------
  // Forward, the run passes boundary j (the step-level rules), then the code of step j (a
  // replay of it: the journal holds what it returned). Each pass counts hits and prints
  // logpoints, live or through history, in either direction.

  /** The first stop going forward from `stop` up to where the run is held. */
  private forward(stop: Stop, journal: readonly JournalRecord[]): Hit | null {
    const live = this.livePosition(journal);
    const phase = phaseOf(stop);
    for (let j: number | null = stop.position; j !== null && j <= live; j = this.nextBoundary(journal, j, 1) ?? (j < live ? live : null)) {
      const first = j === stop.position;
      const hit = (first ? this.restAt(stop, journal, live) : this.boundaryAt(j, journal, live)) ?? (first && phase !== 'boundary' ? null : this.codeAt(j, journal, 'continue'));
      if (hit !== null) return hit;
    }
    return null;
  }

  /** The first stop going backward from `stop` to the run's start: the mirror of forward. */
  private backward(stop: Stop, journal: readonly JournalRecord[]): Hit | null {
    const live = this.livePosition(journal);
    const p = stop.position;
    const here = (phaseOf(stop) === 'after' ? this.codeAt(p, journal, 'reverse') : null) ?? this.boundaryBack(p, journal, live, stop);
    if (here !== null) return here;
    for (let j = this.nextBoundary(journal, p, -1); j !== null; j = this.nextBoundary(journal, j, -1)) {
      const hit = this.codeAt(j, journal, 'reverse') ?? this.boundaryBack(j, journal, live, null);
      if (hit !== null) return hit;
    }
    return null;
  }

  /** Boundary `j` going back, forward's order reversed: the breakpoints on its step, those on
   *  the labelled `if`s decided just before it (the last first), the entry at the run's first
   *  boundary. From a `stop` at `j`, only what comes before that stop going forward (before a
   *  stop on entry or a Pause: only the entry). */
  private boundaryBack(j: number, journal: readonly JournalRecord[], live: number, stop: Stop | null): Hit | null {
    if (journal[j]?.stepType === 'now' || stop?.before?.kind === 'entry') return null;
    const ahead = stop?.before?.kind === 'boundary';
    const stepStop = stop !== null && phaseOf(stop) === 'boundary';
    const step = stepStop ? null : this.stepAt(j, journal, live);
    if (step !== null) return step;
    const prev = this.nextBoundary(journal, j, -1);
    const onEntry = prev === null && this.breakpoints.onEntries().length > 0;
    const branches = this.breakpoints.hasBranches && !ahead;
    if ((!branches && !onEntry) || (j >= live && this.live !== 'paused')) return null;
    const view = this.view(j, journal);
    if (view.call === null) return null;
    const before = stop?.before?.kind === 'branch' ? stop.before.start : null;
    const hit = (branches ? this.rules.atBranchesBack(view, prev === null ? 0 : prev + 1, true, before) : null) ?? (onEntry ? this.rules.atEntry(this.service.store.getRun(this.runId!)!, view, true) : null);
    return hit !== null && j < live ? { ...hit, description: `${hit.description} (history)` } : hit;
  }

  /** The step-level rules at boundary `j` going forward: the labelled `if`s decided just before
   *  it, then its step. The boundary the run is held at counts too: its `if`s were decided
   *  before the run stopped there (Continue from a stop in history meets them). */
  private boundaryAt(j: number, journal: readonly JournalRecord[], live: number): Hit | null {
    if (journal[j]?.stepType === 'now') return null;
    if ((j >= live && this.live !== 'paused') || !this.breakpoints.hasBranches) return this.stepAt(j, journal, live);
    const prev = this.nextBoundary(journal, j, -1);
    const hit = this.rules.atBranches(this.view(j, journal), prev === null ? 0 : prev + 1, true);
    if (hit === null) return this.stepAt(j, journal, live);
    return j < live ? { ...hit, description: `${hit.description} (history)` } : hit;
  }

  /** The breakpoints on the step at boundary `j` (the past, or the boundary the run is held at). */
  private stepAt(j: number, journal: readonly JournalRecord[], live: number): Hit | null {
    if (j >= live) return this.live === 'paused' && this.gate !== null && this.breakpoints.any ? this.rules.atStep(this.view(this.gate.position, journal), true) : null;
    const rec = journal[j]!;
    if (this.breakpoints.onStep(rec.stepId).length === 0) return null;
    const hit = this.rules.atStep(this.view(j, journal), true);
    return hit !== null ? { ...hit, description: `${hit.description} (history)` } : null;
  }

  /** At a stop on a labelled `if`, an entry or before a boundary's rules (a stop on entry, a
   *  Pause, the run's start reached going back), the rules of its boundary still to come: the
   *  entry breakpoint (from the run's start only: live it is checked before anything else),
   *  the labelled `if`s decided after the stop, then the breakpoints on the boundary's step. */
  private restAt(stop: Stop, journal: readonly JournalRecord[], live: number): Hit | null {
    const before = stop.before;
    if (before === undefined || (stop.position >= live && this.live !== 'paused')) return null;
    const view = this.view(stop.position, journal);
    const prev = this.nextBoundary(journal, stop.position, -1);
    const from = prev === null ? 0 : prev + 1;
    const opening = before.kind === 'entry' && before.start === -1 && prev === null && this.breakpoints.onEntries().length > 0;
    const hit = (opening ? this.rules.atEntry(this.service.store.getRun(this.runId!)!, view, true) : null) ?? (this.breakpoints.hasBranches ? this.rules.atBranches(view, from, true, before.kind === 'branch' ? before.start : null) : null) ?? this.rules.atStep(view, true);
    return hit !== null && stop.position < live ? { ...hit, description: `${hit.description} (history)` } : hit;
  }

  /** A pass over the code of the `:function` step at boundary `j` (a replay with its
   *  argument; none for a mocked step): from its start to its first breakpoint (`continue`)
   *  or from its end to its last (`reverse`), printing the logpoints passed. */
  private codeAt(j: number, journal: readonly JournalRecord[], direction: 'continue' | 'reverse'): Hit | null {
    if (!this.breakpoints.lineBreakpoints.some((b) => b.verified && b.target?.kind === 'code-point')) return null;
    const rec = journal[j];
    if (rec !== undefined && ((rec.stepType !== 'function' && rec.stepType !== 'code') || !this.code.mayStop(rec.stepId))) return null;
    const view = this.view(j, journal);
    if (!this.code.hasBreakpoints(view, this.runId!)) return null;
    return this.codeHit(this.code.enter(view, this.runId!, direction), j, 'breakpoint');
  }

  /** A stop inside the code of a journaled step says it is history. */
  protected override codeHit(outcome: Outcome | null, position: number, prefix: string): Hit | null {
    const hit = super.codeHit(outcome, position, prefix);
    return hit !== null && position < this.service.store.journal(this.runId!).length ? { ...hit, description: `${hit.description} (history)` } : hit;
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
    this.listener.continued();
    let outcome!: ReturnType<RunService['resolve']>;
    this.goOnAfterWait(runId, () => (outcome = this.service.resolve({ runId, action, ...(payload !== undefined ? { payload } : {}) })).then((o) => o.run));
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
    this.listener.continued();
    const advanceMs = Math.max(0, wait.expiresAt - now);
    this.goOnAfterWait(runId, () => this.service.resume(runId, { advanceMs }));
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
    this.code.active = null;
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

  /** Restart: the launched run is cancelled and the flow (read again from disk) launched anew. */
  async restart(): Promise<void> {
    this.code.active = null;
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
    this.code.active = null;
    const runId = this.runId;
    const live = this.live;
    this.live = 'ended';
    this.syncObserver();
    this.output?.dispose();
    this.output = null;
    this.followOthers(false);
    this.interruptions.dispose();
    this.live = live;
    if (runId !== null) this.letGo(runId);
    this.live = 'ended';
    this.stop = null;
  }
}
