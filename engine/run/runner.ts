// Runs are durable by replay (design §4). Executing a run evaluates the body from the
// start; each `flow/step` call gets a key (id + occurrence index); a journaled step returns
// its recorded result, a new one runs, is committed in one transaction, and the body is
// replayed. A pending wait suspends the run; any process may resume it later.

import { randomBytes } from 'node:crypto';
import type { Value } from '../edn/values';
import { InterpError, ThrownValue, type BranchSite, type Host, type StepCall } from '../interp/index';
import { printValue } from '../edn/printer';
import type { CollNode } from '../edn/nodes';
import type { JournalRecord, RunRecord, RunStore } from '../store/port';
import { VirtualClock, RealClock, type Clock } from './clock';
import { decodeValue, encodeValue, Redactor } from './codec';
import { LeaseHeld, parseStepError, RunError, RunNotFound } from './errors';
import { describeLine, type RunEvent, type RunListener } from './events';
import { sourceLineOf } from './source-files';
import { acquireRunLease, leaseOwnerId } from './lease';
import { tellObservers, type RunHooks, type RunObserver, type StepPause } from './observers';
import { loadProgram, type FlowProgram } from './program';
import { FlowChanged, quietly, StepFailed, StepNeeded } from './signals';
import { emptySimulation, parseSimulation, type Simulation } from './simulation';
import { executeStep, type StepRun } from './step-execution';
import { runInput } from './run-input';
import { checkInvocationInputs } from './invocation-inputs';
import type { DistributiveOmit } from '../steps/types';
import { stepKeys } from './step-keys';

export type { RunHooks, RunObserver, StepPause } from './observers';

const TERMINAL: ReadonlySet<string> = new Set(['completed', 'failed', 'cancelled']);
const NO_LOCALS: ReadonlyMap<string, Value> = new Map();

export interface EngineOptions {
  store: RunStore;
  /** Clock override; by default the simulation's clock (virtual when it sets `:clock`), else real. */
  clock?: Clock;
  env?: NodeJS.ProcessEnv;
  listeners?: RunListener[];
  /** One observer (kept for callers of the single-slot hook); `observers` takes any number. */
  hooks?: RunHooks;
  observers?: RunObserver[];
  /** Lease owner id for this process. */
  owner?: string;
  /** Who resolves waits from this process (approve/reject without a payload). */
  user?: string;
  /**
   * Base URL of the server that answers approval links (`<base>/waits/<id>/approve?token=..`);
   * the local runtime passes its own address. Default: `FLOW_EDN_PUBLIC_URL`, else
   * `http://127.0.0.1:8787`.
   * @example 'http://127.0.0.1:8787'
   */
  publicUrl?: string;
  /** A flag another thread sets (non-zero) to interrupt a step's function code (RunObserver.stepInterrupted). */
  interrupt?: Int32Array;
}

export interface StartOptions {
  input?: Value;
  trigger?: string | null;
  concurrencyKey?: string | null;
  runId?: string;
  /** The invocation whose inputs the input must satisfy (default: `:default`, or the only one). */
  invocation?: string;
  /**
   * Runs to copy into the new run's journal before it executes (a fork): committed with the
   * run itself. `edited` marks a record whose result was replaced.
   */
  journal?: Omit<JournalRecord, 'seq' | 'runId'>[];
  /** Extra fields of the `run-started` event (a fork names the run it came from). */
  origin?: { forkedFrom: string; upTo: string | null; edited: string | null };
}

const LEASE_MS = 30_000;
const nowNode: CollNode = { kind: 'list', start: 0, end: 0, children: [], closed: true, prefix: null };

export function newRunId(): string {
  return 'r-' + Date.now().toString(36) + '-' + randomBytes(4).toString('hex');
}

/** Creates a run of `program` with `sim` and executes it until it ends or waits. */
export async function startRun(program: FlowProgram, sim: Simulation, engine: EngineOptions, start: StartOptions = {}): Promise<RunRecord> {
  const clock = engine.clock ?? clockForSimulation(sim);
  const input = start.input !== undefined ? start.input : sim.input;
  checkInvocationInputs(program, input, start.invocation);
  const store = engine.store;
  const run = store.transaction(() => {
  const created = store.createRun({
    id: start.runId ?? newRunId(),
    flow: program.slug,
    flowPath: program.path,
    source: program.source,
    sourceHash: program.sourceHash,
    trigger: start.trigger ?? sim.trigger,
    input: encodeValue(input),
    simulation: sim.text,
    concurrencyKey: start.concurrencyKey ?? null,
    createdAt: clock.now(),
    clock: clock.virtual ? JSON.stringify({ virtual: true, now: clock.now() }) : null,
  });
  for (const rec of start.journal ?? []) store.appendJournal({ ...rec, runId: created.id });
  return created;
  });
  const exec = new Execution(run, program, sim, clock, engine, start.journal === undefined);
  exec.emit({ type: 'run-started', flow: program.slug, trigger: run.trigger, ...(start.origin ?? {}) });
  return exec.execute();
}

/** Resumes a run in this process (after a wait was resolved, or a crash), by replay. */
export async function resumeRun(runId: string, engine: EngineOptions, options: { advanceMs?: number } = {}): Promise<RunRecord> {
  return (await resumeRunHere(runId, engine, options)).run;
}

/** `resumeRun`, saying whether this process executed the run (false: it had ended, here or elsewhere). */
export async function resumeRunHere(runId: string, engine: EngineOptions, options: { advanceMs?: number } = {}): Promise<{ run: RunRecord; executed: boolean }> {
  const run = engine.store.getRun(runId);
  if (run === undefined) throw new RunNotFound(runId);
  if (TERMINAL.has(run.status)) return { run, executed: false };
  const program = loadProgram(run.source, run.flowPath);
  const sim = run.simulation ? parseSimulation(run.simulation, null) : emptySimulation();
  const clock = engine.clock ?? clockForRun(run);
  if (options.advanceMs && clock instanceof VirtualClock) clock.advance(options.advanceMs);
  const exec = new Execution(run, program, sim, clock, engine);
  const done = await exec.execute({ type: 'run-resumed' });
  return { run: done, executed: !exec.endedElsewhere };
}

export function clockForSimulation(sim: Simulation): Clock {
  return sim.clock ? new VirtualClock(sim.clock.start ?? Date.now()) : new RealClock();
}

export function clockForRun(run: RunRecord): Clock {
  if (run.clock) {
    const state = JSON.parse(run.clock) as { virtual: boolean; now: number };
    if (state.virtual) return new VirtualClock(state.now);
  }
  return new RealClock();
}

/** One process executing one run until it ends or suspends. */
class Execution implements StepRun {
  readonly redactor = new Redactor();
  private journal: JournalRecord[] = [];
  private readonly decoded = new Map<number, Value>();
  private readonly branchesSeen = new Set<string>();
  private readonly owner: string;
  private readonly observers: readonly RunObserver[];

  constructor(
    private run: RunRecord,
    readonly program: FlowProgram,
    readonly sim: Simulation,
    readonly clock: Clock,
    readonly engine: EngineOptions,
    /** A run created just now with nothing journaled: no journal, events or waits to read back. */
    private readonly fresh = false,
  ) {
    // `pid-<pid>-<random>@<host>`: a lease left by a dead process on this host is taken over (lease.ts).
    this.owner = engine.owner ?? leaseOwnerId();
    this.observers = [...(engine.hooks ? [engine.hooks] : []), ...(engine.observers ?? [])];
    if (fresh) this.pendingWait = null;
  }

  /** Reads the run's state back under the lease, so a run another process moved on is seen as it is now. */
  private load(): void {
    const store = this.engine.store;
    this.run = store.getRun(this.run.id) ?? this.run;
    this.journal = store.journal(this.run.id);
    this.decoded.clear();
    this.pendingWait = undefined;
    for (const e of store.events(this.run.id)) {
      if (e.type === 'branch') {
        const d = JSON.parse(e.data) as { key?: string };
        if (d.key) this.branchesSeen.add(d.key);
      }
    }
  }

  get runId(): string {
    return this.run.id;
  }

  get store(): RunStore {
    return this.engine.store;
  }

  /**
   * Events wait here until the next commit, so a step costs one transaction, not one per
   * event, and an event is durable exactly when the state it describes is.
   */
  private readonly pendingEvents: { at: number; type: string; data: string }[] = [];
  /** Events emitted inside a commit reach listeners once it succeeded. */
  private inCommit: { event: RunEvent; at: number }[] | null = null;

  private flushEvents(): void {
    for (const e of this.pendingEvents.splice(0)) this.engine.store.appendEvent({ runId: this.run.id, ...e });
  }

  /** Commits `fn` with the pending events (including those `fn` emits) in one transaction. */
  private commit<T>(fn: () => T): T {
    const told: { event: RunEvent; at: number }[] = [];
    this.inCommit = told;
    let out: T;
    try {
      out = this.engine.store.transaction(() => {
        // Events so far first, then the state `fn` writes with its own events: the change
        // sequence then follows what happened (a branch before the step it chose).
        this.flushEvents();
        const r = fn();
        this.flushEvents();
        return r;
      });
    } catch (e) {
      this.pendingEvents.length = 0;
      throw e;
    } finally {
      this.inCommit = null;
    }
    for (const t of told) this.tell(t.event, t.at);
    return out;
  }

  /** The one event path: redacted, queued for the next commit, told to listeners. */
  emit(event: DistributiveOmit<RunEvent, 'runId'>): void {
    const full = this.redactor.json({ ...event, runId: this.run.id } as RunEvent);
    const at = this.clock.now();
    this.pendingEvents.push({ at, type: full.type, data: JSON.stringify(full) });
    if (this.inCommit !== null) this.inCommit.push({ event: full, at });
    else this.tell(full, at);
  }

  private tell(event: RunEvent, at: number): void {
    if (this.engine.listeners) tellObservers(this.engine.listeners, (l) => l(event, at));
  }

  private saveClock(): Partial<RunRecord> {
    return this.clock.virtual ? { clock: JSON.stringify({ virtual: true, now: this.clock.now() }) } : {};
  }

  private leaseHeld = false;

  /** Ends the lease inside a finishing commit, so finishing costs one transaction. */
  private releaseIn(): void {
    if (this.leaseHeld) {
      this.engine.store.releaseLease(this.run.id, this.owner);
      this.leaseHeld = false;
    }
  }

  /** Whether the run was `waiting` when this execution took it (a re-suspension at the same wait says nothing new). */
  private wasWaiting = false;
  /** Set when the run had ended by the time this execution held its lease (nothing ran here). */
  endedElsewhere = false;

  async execute(first?: DistributiveOmit<RunEvent, 'runId'>): Promise<RunRecord> {
    const store = this.engine.store;
    if (!acquireRunLease(store, this.run.id, this.owner, Date.now(), LEASE_MS)) {
      throw new LeaseHeld(this.run.id, store.getRun(this.run.id)?.leaseOwner ?? this.run.leaseOwner);
    }
    this.leaseHeld = true;
    const renew = setInterval(() => store.renewLease(this.run.id, this.owner, Date.now(), LEASE_MS), LEASE_MS / 3);
    renew.unref();
    try {
      if (!this.fresh) {
        this.load();
        // Another process finished it between our look and the lease: nothing to do or say.
        if (TERMINAL.has(this.run.status)) {
          this.endedElsewhere = true;
          return this.run;
        }
      }
      if (first !== undefined) this.emit(first);
      this.wasWaiting = this.run.status === 'waiting';
      if (this.run.status !== 'running') this.run = this.commit(() => store.updateRun(this.run.id, { status: 'running', updatedAt: this.clock.now() }));
      for (;;) {
        const outcome = await this.pass();
        if (outcome !== 'again') return this.run;
      }
    } finally {
      clearInterval(renew);
      if (this.leaseHeld || this.pendingEvents.length > 0) this.commit(() => this.releaseIn());
    }
  }

  /** One replay of the body. */
  private async pass(): Promise<'again' | 'done'> {
    const keyOf = stepKeys();
    const branchOccurrences = new Map<number, number>();
    let pos = 0;
    const host: Host = {
      step: (call) => {
        const key = keyOf(call);
        const rec = this.journal[pos];
        if (rec !== undefined) {
          if (rec.stepKey !== key) {
            throw new FlowChanged(`flow changed under a running run: the journal's step ${pos + 1} is ${rec.stepKey} but the body now reaches ${key}. Runs are pinned to the source they started with; start a new run.`);
          }
          pos++;
          if (rec.status === 'failed') throw quietly(() => new StepFailed(rec, call));
          return this.resultOf(rec);
        }
        // A run suspended at a wait must come back to that wait first.
        const waiting = this.pendingWaitKey();
        if (waiting !== null && waiting !== key) {
          throw new FlowChanged(`flow changed under a running run: it is waiting at ${waiting} but the body now reaches ${key} first. Runs are pinned to the source they started with; start a new run.`);
        }
        throw quietly(() => new StepNeeded(call, key, call.id ?? call.type));
      },
      input: () => this.input(),
      // flow/now-ms is journaled like a step, so replays see the same time.
      nowMs: () => host.step({ type: 'now', id: 'flow/now-ms', config: null, node: nowNode }) as number,
      slotBound: (slot) => this.sim.bindings.has(slot),
      branch: (site, taken) => this.branch(site, taken, branchOccurrences),
    };
    let output: Value;
    try {
      output = this.program.body.run(host);
    } catch (e) {
      if (e instanceof StepNeeded) return this.runStep(e);
      return this.fail(e);
    }
    if (pos < this.journal.length) {
      return this.fail(new FlowChanged(`flow changed under a running run: the journal holds ${this.journal.length} steps but the body finished after ${pos}. Start a new run.`));
    }
    this.finish({ status: 'completed', output: encodeValue(this.redactor.value(output)), endedAt: this.clock.now() });
    return 'done';
  }

  /**
   * Ends the execution in one commit: the run's new state, its `run-finished` event, the
   * lease released. A run another process ended meanwhile (a cancellation) is left as it
   * is and nothing is said, so a run has exactly one terminal `run-finished`.
   */
  private finish(patch: Partial<RunRecord> & { status: 'completed' | 'failed' | 'waiting' }, effects: (() => void)[] = [], announce = true, stillWaiting?: () => boolean): boolean {
    const store = this.engine.store;
    return this.commit(() => {
      const now = store.getRun(this.run.id);
      if (now !== undefined && TERMINAL.has(now.status)) {
        this.pendingEvents.length = 0;
        this.releaseIn();
        this.run = now;
        return true;
      }
      for (const effect of effects) effect();
      // A resolution committed since the wait step looked: do not suspend, replay instead.
      if (stillWaiting !== undefined && !stillWaiting()) {
        this.pendingEvents.length = 0;
        return false;
      }
      if (announce) {
        const error = patch.status === 'failed' && patch.error ? RunError.parse(patch.error)!.message : undefined;
        this.emit({ type: 'run-finished', status: patch.status, ...(error !== undefined ? { error } : {}) });
      }
      this.releaseIn();
      this.run = store.updateRun(this.run.id, { ...patch, updatedAt: this.clock.now(), ...this.saveClock() });
      return true;
    });
  }

  private pendingWait: string | null | undefined;
  private pendingWaitKey(): string | null {
    if (this.pendingWait === undefined) {
      const w = this.engine.store.findWaits({ runId: this.run.id, status: 'pending' })[0];
      this.pendingWait = w ? w.stepKey : null;
    }
    return this.pendingWait;
  }

  private inputValue: Value | undefined;
  private input(): Value {
    if (this.inputValue === undefined) this.inputValue = runInput(decodeValue(this.run.input), { runId: this.run.id, flow: this.program.slug, trigger: this.run.trigger });
    return this.inputValue;
  }

  private resultOf(rec: JournalRecord): Value {
    let v = this.decoded.get(rec.seq);
    if (v === undefined) {
      v = rec.result === null ? null : decodeValue(rec.result);
      this.decoded.set(rec.seq, v);
    }
    return v;
  }

  private branch(site: BranchSite, taken: boolean, occurrences: Map<number, number>): void {
    const n = occurrences.get(site.node.start) ?? 0;
    occurrences.set(site.node.start, n + 1);
    const key = `${site.node.start}#${n}`;
    if (this.branchesSeen.has(key)) return;
    this.branchesSeen.add(key);
    this.emit({ type: 'branch', label: site.label, taken: taken ? 'yes' : 'no', branch: taken ? site.yes : site.no, start: site.node.start, end: site.node.end, ...sourceLineOf(this.program, site.node.start), key });
  }

  /** The function code of `step` was interrupted: its observers hear of it, then the flag is lowered. */
  private async interrupted(step: StepPause, used: number): Promise<void> {
    try {
      for (const o of this.observers) if (o.stepInterrupted) await o.stepInterrupted(step, used);
    } finally {
      // Delivered: the step runs again (with nobody listening, at once).
      if (this.engine.interrupt !== undefined) Atomics.store(this.engine.interrupt, 0, 0);
    }
  }

  private async runStep(need: StepNeeded): Promise<'again' | 'done'> {
    const { call, stepKey, stepId } = need;
    const pause: StepPause = { runId: this.run.id, stepKey, stepId, stepType: call.type, config: call.config, call, locals: call.locals ?? (() => NO_LOCALS) };
    for (const o of this.observers) if (o.beforeStep) await o.beforeStep(pause);
    const outcome = await executeStep(this, call, stepKey, stepId, (used) => this.interrupted(pause, used));
    if (outcome.kind === 'suspend') {
      // A new wait says `run-finished waiting`; suspending again at the wait it was already waiting at says nothing.
      const fresh = (outcome.effects?.length ?? 0) > 0 || !this.wasWaiting;
      const stillWaiting = () => this.engine.store.findWaits({ runId: this.run.id, stepKey, status: 'pending' }).length > 0;
      if (this.finish({ status: 'waiting' }, outcome.effects ?? [], fresh, stillWaiting)) return 'done';
      this.pendingWait = undefined;
      return 'again';
    }
    const store = this.engine.store;
    let cancelled = false;
    const record = this.commit(() => {
      const rec = store.appendJournal(outcome.commit());
      // In the same transaction as the record, so the timeline never disagrees with the journal.
      if (rec.status === 'completed') this.emit({ type: 'step-completed', stepKey, stepId, mocked: outcome.mocked, durationMs: rec.endedAt - rec.startedAt, ...(outcome.skipped !== undefined ? { skipped: true, error: outcome.skipped } : {}) });
      else this.emit({ type: 'step-failed', stepKey, stepId, error: parseStepError(rec.error).message });
      if (this.clock.virtual) this.run = store.updateRun(this.run.id, { updatedAt: this.clock.now(), ...this.saveClock() });
      // A cancellation (from any process) is a status the store holds: honoured at this step boundary.
      cancelled = store.getRun(this.run.id)?.status === 'cancelled';
      if (cancelled) this.releaseIn();
      return rec;
    });
    this.journal.push(record);
    if (record.stepKey === this.pendingWait) this.pendingWait = null;
    if (this.observers.length > 0) this.settled(pause, record, outcome.mocked);
    if (cancelled) {
      this.run = store.getRun(this.run.id)!;
      return 'done';
    }
    return 'again';
  }

  private settled(pause: StepPause, record: JournalRecord, mocked: boolean): void {
    const settled = { ...pause, record, result: record.status === 'completed' ? this.resultOf(record) : null, mocked };
    tellObservers(this.observers, (o) => o.afterStep?.(settled));
    if (record.status === 'failed') {
      const failure = { ...settled, error: parseStepError(record.error) };
      tellObservers(this.observers, (o) => o.stepFailed?.(failure));
    }
  }

  private fail(e: unknown): 'done' {
    let error: RunError['data'];
    if (e instanceof StepFailed) {
      const err = parseStepError(e.record.error);
      error = { message: `step :${e.record.stepId} failed: ${err.message}`, step: e.record.stepId, code: err.code, ...sourceLineOf(this.program, e.call.node.start), start: e.call.node.start, end: e.call.node.end };
    } else if (e instanceof FlowChanged) {
      error = { message: e.message, step: null, code: 'flow-changed' };
    } else if (e instanceof ThrownValue) {
      const at = sourceLineOf(this.program, e.start);
      error = { message: `the flow threw ${printValue(e.value)} at ${describeLine(at)}`, step: null, code: 'thrown', ...at, start: e.start, end: e.end };
    } else if (e instanceof InterpError) {
      const at = sourceLineOf(this.program, e.start);
      error = { message: `${e.message} (${describeLine(at)})`, step: null, code: 'evaluation-error', ...at, start: e.start, end: e.end };
    } else {
      error = RunError.internal(e).data;
    }
    const safe = new RunError(this.redactor.json(error));
    this.finish({ status: 'failed', error: safe.serialize(), endedAt: this.clock.now() });
    return 'done';
  }
}

export type { Execution };
