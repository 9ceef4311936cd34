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
import type { RunEvent, RunListener } from './events';
import { acquireRunLease, leaseOwnerId } from './lease';
import { loadProgram, type FlowProgram } from './program';
import { FlowChanged, quietly, StepFailed, StepNeeded } from './signals';
import { emptySimulation, parseSimulation, type Simulation } from './simulation';
import { executeStep } from './step-execution';
import { runInput } from './run-input';
import { checkInvocationInputs } from './invocation-inputs';
import type { DistributiveOmit } from '../steps/types';

export interface StepPause {
  runId: string;
  stepKey: string;
  stepId: string;
  stepType: string;
  config: Value;
  call: StepCall;
}

export interface RunHooks {
  /** Awaited before each step runs (not before replayed ones): the debugger pauses here. */
  beforeStep?(pause: StepPause): Promise<void>;
}

export interface EngineOptions {
  store: RunStore;
  /** Clock override; by default the simulation's clock (virtual when it sets `:clock`), else real. */
  clock?: Clock;
  env?: NodeJS.ProcessEnv;
  listeners?: RunListener[];
  hooks?: RunHooks;
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
}

export interface StartOptions {
  input?: Value;
  trigger?: string | null;
  concurrencyKey?: string | null;
  runId?: string;
  /** The invocation whose inputs the input must satisfy (default: `:default`, or the only one). */
  invocation?: string;
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
  const run = engine.store.createRun({
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
  const exec = new Execution(run, program, sim, clock, engine, true);
  exec.emit({ type: 'run-started', flow: program.slug, trigger: run.trigger });
  return exec.execute();
}

/** Resumes a run in this process (after a wait was resolved, or a crash), by replay. */
export async function resumeRun(runId: string, engine: EngineOptions, options: { advanceMs?: number } = {}): Promise<RunRecord> {
  const run = engine.store.getRun(runId);
  if (run === undefined) throw new Error(`no run with id ${runId}`);
  if (run.status === 'completed' || run.status === 'failed' || run.status === 'cancelled') return run;
  const program = loadProgram(run.source, run.flowPath);
  const sim = run.simulation ? parseSimulation(run.simulation, null) : emptySimulation();
  const clock = engine.clock ?? clockForRun(run);
  if (options.advanceMs && clock instanceof VirtualClock) clock.advance(options.advanceMs);
  const exec = new Execution(run, program, sim, clock, engine);
  exec.emit({ type: 'run-resumed' });
  return exec.execute();
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
class Execution {
  readonly redactor = new Redactor();
  private journal: JournalRecord[];
  private readonly decoded = new Map<number, Value>();
  private readonly branchesSeen = new Set<string>();
  private readonly owner: string;

  constructor(
    private run: RunRecord,
    readonly program: FlowProgram,
    readonly sim: Simulation,
    readonly clock: Clock,
    readonly engine: EngineOptions,
    fresh = false,
  ) {
    // `pid-<pid>-<random>@<host>`: a lease left by a dead process on this host is taken over (lease.ts).
    this.owner = engine.owner ?? leaseOwnerId();
    if (fresh) {
      // A run created just now has no journal, events or waits to read back.
      this.journal = [];
      this.pendingWait = null;
      return;
    }
    this.journal = engine.store.journal(run.id);
    for (const e of engine.store.events(run.id)) {
      if (e.type === 'branch') {
        const d = JSON.parse(e.data) as { key?: string };
        if (d.key) this.branchesSeen.add(d.key);
      }
    }
  }

  /** Events wait here until the next commit, so a step costs one transaction, not one per event. */
  private readonly pendingEvents: { at: number; type: string; data: string }[] = [];

  private flushEvents(): void {
    for (const e of this.pendingEvents.splice(0)) this.engine.store.appendEvent({ runId: this.run.id, ...e });
  }

  /** Commits `fn` with the pending events in one transaction. */
  private commit<T>(fn: () => T): T {
    return this.engine.store.transaction(() => {
      const out = fn();
      this.flushEvents();
      return out;
    });
  }

  emit(event: DistributiveOmit<RunEvent, 'runId'>): void {
    const full = this.redactor.json({ ...event, runId: this.run.id } as RunEvent);
    const at = this.clock.now();
    this.pendingEvents.push({ at, type: full.type, data: JSON.stringify(full) });
    for (const l of this.engine.listeners ?? []) {
      try {
        l(full, at);
      } catch {
        // a listener's failure never breaks a run
      }
    }
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

  async execute(): Promise<RunRecord> {
    const store = this.engine.store;
    if (!acquireRunLease(store, this.run.id, this.owner, Date.now(), LEASE_MS)) {
      throw new Error(`run ${this.run.id} is being executed by another process (${this.run.leaseOwner}); try again when it stops, or after its lease expires`);
    }
    this.leaseHeld = true;
    const renew = setInterval(() => store.renewLease(this.run.id, this.owner, Date.now(), LEASE_MS), LEASE_MS / 3);
    renew.unref();
    try {
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
    const occurrences = new Map<string, number>();
    const branchOccurrences = new Map<number, number>();
    let pos = 0;
    const host: Host = {
      step: (call) => {
        const id = call.id ?? call.type;
        const n = occurrences.get(id) ?? 0;
        occurrences.set(id, n + 1);
        const key = `${id}#${n}`;
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
        throw quietly(() => new StepNeeded(call, key, id));
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
    this.emit({ type: 'run-finished', status: 'completed' });
    this.commit(() => {
      this.releaseIn();
      this.run = this.engine.store.updateRun(this.run.id, {
        status: 'completed',
        output: encodeValue(this.redactor.value(output)),
        endedAt: this.clock.now(),
        updatedAt: this.clock.now(),
        ...this.saveClock(),
      });
    });
    return 'done';
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
    const line = this.program.lines.position(site.node.start).line + 1;
    const event = { type: 'branch' as const, label: site.label, taken: taken ? ('yes' as const) : ('no' as const), branch: taken ? site.yes : site.no, start: site.node.start, end: site.node.end, line };
    const at = this.clock.now();
    this.pendingEvents.push({ at, type: 'branch', data: JSON.stringify({ ...event, runId: this.run.id, key }) });
    for (const l of this.engine.listeners ?? []) l({ ...event, runId: this.run.id }, at);
  }

  private async runStep(need: StepNeeded): Promise<'again' | 'done'> {
    const { call, stepKey, stepId } = need;
    if (this.engine.hooks?.beforeStep) {
      await this.engine.hooks.beforeStep({ runId: this.run.id, stepKey, stepId, stepType: call.type, config: call.config, call });
    }
    const outcome = await executeStep(this, call, stepKey, stepId);
    if (outcome.kind === 'suspend') {
      this.emit({ type: 'run-finished', status: 'waiting' });
      this.commit(() => {
        for (const effect of outcome.effects ?? []) effect();
        this.releaseIn();
        this.run = this.engine.store.updateRun(this.run.id, { status: 'waiting', updatedAt: this.clock.now(), ...this.saveClock() });
      });
      return 'done';
    }
    const record = this.commit(() => {
      const rec = this.engine.store.appendJournal(outcome.commit());
      if (this.clock.virtual) this.run = this.engine.store.updateRun(this.run.id, { updatedAt: this.clock.now(), ...this.saveClock() });
      return rec;
    });
    this.journal.push(record);
    if (record.stepKey === this.pendingWait) this.pendingWait = null;
    if (record.status === 'completed') this.emit({ type: 'step-completed', stepKey, stepId, mocked: outcome.mocked, durationMs: record.endedAt - record.startedAt, ...(outcome.skipped !== undefined ? { skipped: true, error: outcome.skipped } : {}) });
    else this.emit({ type: 'step-failed', stepKey, stepId, error: JSON.parse(record.error ?? '{}').message ?? 'failed' });
    return 'again';
  }

  private fail(e: unknown): 'done' {
    let error: { message: string; step: string | null; code: string; line?: number; start?: number; end?: number };
    if (e instanceof StepFailed) {
      const err = JSON.parse(e.record.error ?? '{}') as { message?: string; code?: string };
      const pos = this.program.lines.position(e.call.node.start);
      error = { message: `step :${e.record.stepId} failed: ${err.message ?? 'failed'}`, step: e.record.stepId, code: err.code ?? 'step-failed', line: pos.line + 1, start: e.call.node.start, end: e.call.node.end };
    } else if (e instanceof FlowChanged) {
      error = { message: e.message, step: null, code: 'flow-changed' };
    } else if (e instanceof ThrownValue) {
      const pos = this.program.lines.position(e.start);
      error = { message: `the flow threw ${printValue(e.value)} at line ${pos.line + 1}`, step: null, code: 'thrown', line: pos.line + 1, start: e.start, end: e.end };
    } else if (e instanceof InterpError) {
      const pos = this.program.lines.position(e.start);
      error = { message: `${e.message} (line ${pos.line + 1})`, step: null, code: 'evaluation-error', line: pos.line + 1, start: e.start, end: e.end };
    } else {
      error = { message: `internal error: ${e instanceof Error ? e.message : String(e)}`, step: null, code: 'internal' };
    }
    const safe = this.redactor.json(error);
    this.emit({ type: 'run-finished', status: 'failed', error: safe.message });
    this.commit(() => {
      this.releaseIn();
      this.run = this.engine.store.updateRun(this.run.id, { status: 'failed', error: JSON.stringify(safe), endedAt: this.clock.now(), updatedAt: this.clock.now(), ...this.saveClock() });
    });
    return 'done';
  }

  get runId(): string {
    return this.run.id;
  }
}

export type { Execution };
