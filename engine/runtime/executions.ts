// Executing runs inside the runtime: one operation at a time per run (start, resume,
// resolution, timeout, cancellation go through `inRunOrder`), wait timeouts on the runtime's
// clock, cancellation at the next step boundary, and a report of every run that settles.

import { decodeValue } from '../run/codec';
import { cancelInStore } from '../run/cancellation';
import { LeaseHeld, RunError } from '../run/errors';
import type { RunListener } from '../run/events';
import type { RunObserver } from '../run/observers';
import type { FlowProgram } from '../run/program';
import { resumeRun, startRun, type EngineOptions } from '../run/runner';
import type { Simulation } from '../run/simulation';
import { resolveAndResume, type ResolveRequest } from '../run/waits';
import type { QueuedRun, RunRecord, RunStore, WaitRecord } from '../store/port';
import type { RuntimeClock } from './clock';

/** Thrown from the before-step hook to stop a run that is being cancelled. */
class CancelSignal extends Error {}

export interface ExecutorOptions {
  store: RunStore;
  clock: RuntimeClock;
  env: NodeJS.ProcessEnv;
  owner: string;
  user: string;
  publicUrl: () => string;
  /** Every run that stops (completed, failed, cancelled or waiting). */
  settled: (run: RunRecord) => void;
  log: (line: string) => void;
  /** Observers and listeners from whoever embeds the runtime (the run service, the debugger). */
  observers?: RunObserver[];
  listeners?: RunListener[];
}

const TERMINAL = new Set(['completed', 'failed', 'cancelled']);

export class RunExecutor {
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly cancelling = new Map<string, string>();
  private readonly timers = new Map<string, () => void>();
  private readonly listener: RunListener;

  constructor(private readonly o: ExecutorOptions) {
    this.listener = (event) => {
      if (event.type === 'wait-pending' && event.expiresAt !== null) this.armTimeout(event.runId, event.waitId, event.expiresAt);
    };
  }

  /** Engine options for a run: the runtime's clock, except for runs on a simulated clock of their own. */
  engineFor(run: RunRecord | null): EngineOptions {
    const ownClock = run !== null && run.clock !== null && !this.o.clock.virtual;
    return {
      store: this.o.store,
      env: this.o.env,
      owner: this.o.owner,
      user: this.o.user,
      publicUrl: this.o.publicUrl(),
      listeners: [this.listener, ...(this.o.listeners ?? [])],
      observers: [{ beforeStep: (p) => this.checkCancel(p.runId) }, ...(this.o.observers ?? [])],
      ...(ownClock ? {} : { clock: this.o.clock }),
    };
  }

  /** Runs `fn` after every earlier operation on the run has finished. */
  inRunOrder<T>(runId: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.locks.get(runId) ?? Promise.resolve();
    const next = prev.then(fn);
    this.hold(runId, next);
    return next;
  }

  private hold(runId: string, p: Promise<unknown>): void {
    const settled = p.then(
      () => undefined,
      () => undefined,
    );
    this.locks.set(runId, settled);
    void settled.then(() => {
      if (this.locks.get(runId) === settled) this.locks.delete(runId);
    });
  }

  /** Whether an operation on the run is in flight in this process. */
  busy(runId: string): boolean {
    return this.locks.has(runId);
  }

  /** Every operation in flight (for a graceful stop). */
  idle(): Promise<void> {
    return Promise.all([...this.locks.values()]).then(() => undefined);
  }

  /**
   * Starts a queued delivery as a run. The run record is created before this returns (so
   * concurrency decisions that follow see it), and the queue entry removed.
   */
  start(program: FlowProgram, sim: Simulation, entry: QueuedRun): Promise<RunRecord> {
    let input;
    try {
      input = decodeValue(entry.input);
    } catch (e) {
      const failed = this.unreadable(program, sim, entry, (e as Error).message);
      // Reported after this dispatch has finished starting the others (as a started run is).
      const done = Promise.resolve().then(() => (this.o.settled(failed), failed));
      this.hold(entry.runId, done);
      return done;
    }
    const p = startRun(program, sim, this.engineFor(null), {
      input,
      trigger: entry.trigger,
      concurrencyKey: entry.concurrencyKey,
      runId: entry.runId,
    });
    this.o.store.dequeueRun(entry.runId);
    const done = p.then(
      (run) => this.after(run),
      (e) => this.failedInternally(entry.runId, e),
    );
    this.hold(entry.runId, done);
    return done;
  }

  /** A queued delivery whose stored input cannot be read: the run is recorded as failed with
   *  the reason, and every other run goes on. */
  private unreadable(program: FlowProgram, sim: Simulation, entry: QueuedRun, reason: string): RunRecord {
    const store = this.o.store;
    const now = this.o.clock.now();
    const message = `the stored input of run ${entry.runId} cannot be read (${reason}); the run was not started`;
    const run = store.transaction(() => {
      store.createRun({ id: entry.runId, flow: program.slug, flowPath: program.path, source: program.source, sourceHash: program.sourceHash, trigger: entry.trigger, input: entry.input, simulation: sim.text, concurrencyKey: entry.concurrencyKey, createdAt: now, clock: null });
      store.dequeueRun(entry.runId);
      store.appendEvent({ runId: entry.runId, at: now, type: 'run-finished', data: JSON.stringify({ type: 'run-finished', runId: entry.runId, status: 'failed', error: message }) });
      return store.updateRun(entry.runId, { status: 'failed', error: JSON.stringify({ message, step: null, code: 'internal' }), endedAt: now, updatedAt: now });
    });
    this.o.log(`run ${entry.runId}: ${message}`);
    return run;
  }

  /** Resumes a run by replay (crash recovery), in turn with other operations on it. */
  resume(runId: string): Promise<RunRecord> {
    return this.inRunOrder(runId, async () => {
      const run = this.o.store.getRun(runId);
      if (run === undefined) throw new Error(`no run with id ${runId}`);
      if (TERMINAL.has(run.status)) return run;
      try {
        return this.after(await resumeRun(runId, this.engineFor(run)));
      } catch (e) {
        return this.failedInternally(runId, e);
      }
    });
  }

  /** Resolves a wait and resumes its run; the store decides which resolution wins. */
  resolve(wait: WaitRecord, req: ResolveRequest): Promise<{ run: RunRecord; wait: WaitRecord }> {
    return this.inRunOrder(wait.runId, async () => {
      const run = this.o.store.getRun(wait.runId)!;
      let out;
      try {
        out = await resolveAndResume(this.engineFor(run), { ...req, runId: wait.runId, waitId: wait.id });
      } catch (e) {
        // A late resolution still lets the timeout take effect: report whatever the run is now.
        const now = this.o.store.getRun(wait.runId);
        if (now && now.status !== run.status) this.o.settled(now);
        throw e;
      }
      return { run: this.after(out.run), wait: out.wait };
    });
  }

  /** Times out a pending wait whose time has come (on the runtime's clock), by resuming its run. */
  armTimeout(runId: string, waitId: string, expiresAt: number): void {
    if (this.timers.has(waitId)) return;
    const cancel = this.o.clock.setTimer(expiresAt, () => {
      this.timers.delete(waitId);
      void this.inRunOrder(runId, async () => {
        const w = this.o.store.getWait(waitId);
        const run = this.o.store.getRun(runId);
        if (w === undefined || w.status !== 'pending' || run === undefined || run.status !== 'waiting') return;
        try {
          const after = this.after(await resumeRun(runId, this.engineFor(run)));
          const now = this.o.store.getWait(waitId);
          if (now?.status === 'timed-out') this.o.log(`wait :${w.stepId} of run ${runId} timed out; run is ${after.status}`);
        } catch (e) {
          this.o.log(`run ${runId}: could not fire the timeout of wait :${w.stepId}: ${(e as Error).message}`);
        }
      });
    });
    this.timers.set(waitId, cancel);
  }

  /**
   * Cancels a run: a waiting one at once (its pending waits cancelled), a running one at its
   * next step (a step in flight finishes first).
   */
  cancel(runId: string, reason: string): Promise<'cancelled' | 'cancelling' | 'ended'> {
    const run = this.o.store.getRun(runId);
    if (run === undefined || TERMINAL.has(run.status)) return Promise.resolve('ended');
    this.cancelling.set(runId, reason);
    if (run.status === 'running' && this.busy(runId)) {
      void this.inRunOrder(runId, async () => this.cancelNow(runId));
      return Promise.resolve('cancelling');
    }
    return this.inRunOrder(runId, async () => (this.cancelNow(runId) ? 'cancelled' : 'ended'));
  }

  stop(): void {
    for (const cancel of this.timers.values()) cancel();
    this.timers.clear();
  }

  private checkCancel(runId: string): void {
    if (this.cancelling.has(runId)) throw new CancelSignal(this.cancelling.get(runId));
  }

  /** Marks the run cancelled unless it already ended; returns whether it did. */
  private cancelNow(runId: string): boolean {
    const reason = this.cancelling.get(runId) ?? 'cancelled';
    this.cancelling.delete(runId);
    const store = this.o.store;
    const now = this.o.clock.now();
    const run = cancelInStore(store, runId, reason, now, 'runtime');
    if (run === undefined) return false;
    this.o.log(`run ${runId} cancelled: ${reason}`);
    this.o.settled(run);
    return true;
  }

  /** After an execution returns: honour a cancellation that arrived meanwhile, then report. */
  private after(run: RunRecord): RunRecord {
    if (this.cancelling.has(run.id) && !TERMINAL.has(run.status)) {
      this.cancelNow(run.id);
      return this.o.store.getRun(run.id)!;
    }
    this.cancelling.delete(run.id);
    this.o.settled(run);
    return run;
  }

  /** An execution threw: a cancellation, or an internal error that must not leave the slot held. */
  private failedInternally(runId: string, e: unknown): RunRecord {
    if (e instanceof CancelSignal) {
      this.cancelNow(runId);
      return this.o.store.getRun(runId)!;
    }
    const message = e instanceof Error ? e.message : String(e);
    this.o.log(`run ${runId}: ${message}`);
    const run = this.o.store.getRun(runId);
    if (run === undefined) throw e;
    // Another process executing it (its lease) is not a failure of the run.
    if (e instanceof LeaseHeld || TERMINAL.has(run.status)) return run;
    const now = this.o.clock.now();
    const failed = this.o.store.updateRun(runId, { status: 'failed', error: RunError.internal(e).serialize(), endedAt: now, updatedAt: now });
    this.o.settled(failed);
    return failed;
  }
}
