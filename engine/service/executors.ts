// Where the run service's operations execute: in a worker thread (the default: the host's
// event loop stays free while flow code computes) or inline on this thread. Both tell the
// service's observers and listeners the same things, values decoded.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Value } from '../edn/values';
import { decodeValue } from '../run/codec';
import { tellObservers, type RunObserver, type StepPause } from '../run/observers';
import type { EngineOptions } from '../run/runner';
import type { JournalRecord } from '../store/port';
import { perform } from './operations';
import { fromWire, toWire, type FromWorker, type HookFlags, type Operation, type OperationResult, type ToWorker, type WireStep, type WorkerConfig } from './protocol';
import type { EventListener, ObservedOutcome, ObservedStep, ServiceObserver } from './types';

/** What the executors call back into: the service's current observers and listeners. */
export interface Audience {
  observers(): readonly ServiceObserver[];
  listeners(): readonly EventListener[];
}

export interface Executor {
  perform(operation: Operation): Promise<OperationResult>;
  /** The set of observers changed: the worker crosses the thread only for hooks someone has. */
  observersChanged(): void;
  close(): Promise<void>;
}

async function before(audience: Audience, step: ObservedStep): Promise<void> {
  for (const o of audience.observers()) if (o.beforeStep) await o.beforeStep(step);
}

async function interrupted(audience: Audience, step: ObservedStep, used: number): Promise<void> {
  for (const o of audience.observers()) if (o.stepInterrupted) await o.stepInterrupted(step, used);
}

function after(audience: Audience, outcome: ObservedOutcome): void {
  const observers = audience.observers();
  tellObservers(observers, (o) => o.afterStep?.(outcome));
  if (outcome.record.status === 'failed') tellObservers(observers, (o) => o.stepFailed?.(outcome));
}

function tell(audience: Audience, event: Parameters<EventListener>[0], at: number): void {
  tellObservers(audience.listeners(), (l) => l(event, at));
}

function resultOf(record: JournalRecord): Value | null {
  return record.status === 'completed' && record.result !== null ? decodeValue(record.result) : null;
}

/** Runs operations on this thread. */
export class InlineExecutor implements Executor {
  private readonly engine: EngineOptions;

  constructor(engine: EngineOptions, audience: Audience) {
    const observed = (p: StepPause, locals: boolean): ObservedStep => ({
      runId: p.runId,
      stepKey: p.stepKey,
      stepId: p.stepId,
      stepType: p.stepType,
      config: p.config,
      locals: locals ? p.locals() : new Map(),
    });
    const observer: RunObserver = {
      beforeStep: (p) => (audience.observers().some((o) => o.beforeStep) ? before(audience, observed(p, true)) : undefined),
      afterStep: (s) => after(audience, { ...observed(s, false), record: s.record, result: s.result, mocked: s.mocked }),
      stepInterrupted: (p, used) => interrupted(audience, observed(p, false), used),
    };
    this.engine = { ...engine, listeners: [(e, at) => tell(audience, e, at)], observers: [observer] };
  }

  perform(operation: Operation): Promise<OperationResult> {
    return perform(this.engine, operation);
  }

  observersChanged(): void {}

  async close(): Promise<void> {}
}

/** The worker script beside this module: compiled (`worker.js`) or bundled (`runWorker.js`). */
export function defaultWorkerPath(): string {
  const compiled = join(__dirname, 'worker.js');
  return existsSync(compiled) ? compiled : join(__dirname, 'runWorker.js');
}

/** Runs operations in a worker thread, started on first use and again after it dies. */
export class WorkerExecutor implements Executor {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly calls = new Map<number, { resolve: (r: OperationResult) => void; reject: (e: Error) => void }>();

  constructor(
    private readonly config: WorkerConfig,
    private readonly audience: Audience,
    private readonly workerPath = defaultWorkerPath(),
  ) {}

  perform(operation: Operation): Promise<OperationResult> {
    const worker = this.ensure();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.calls.set(id, { resolve, reject });
      this.send(worker, { type: 'call', id, operation });
    });
  }

  observersChanged(): void {
    if (this.worker !== null) this.send(this.worker, { type: 'hooks', flags: this.flags() });
  }

  async close(): Promise<void> {
    const w = this.worker;
    if (w === null) return;
    this.worker = null;
    const exited = new Promise<void>((resolve) => w.once('exit', () => resolve()));
    this.send(w, { type: 'stop' });
    const timer = setTimeout(() => void w.terminate(), 2000);
    await exited;
    clearTimeout(timer);
  }

  private flags(): HookFlags {
    const os = this.audience.observers();
    return { beforeStep: os.some((o) => o.beforeStep), afterStep: os.some((o) => o.afterStep), stepFailed: os.some((o) => o.stepFailed), stepInterrupted: os.some((o) => o.stepInterrupted) };
  }

  private send(w: Worker, m: ToWorker): void {
    w.postMessage(m);
  }

  private ensure(): Worker {
    if (this.worker !== null) return this.worker;
    const w = new Worker(this.workerPath, { workerData: this.config });
    // The worker keeps no Node process alive by itself: the host decides when to stop.
    w.unref();
    w.on('message', (m: FromWorker) => this.receive(w, m));
    const died = (why: Error) => {
      if (this.worker === w) this.worker = null;
      for (const [, c] of this.calls) c.reject(why);
      this.calls.clear();
    };
    w.on('error', (e) => died(e));
    w.on('exit', (code) => died(new Error(`the run worker stopped (exit code ${code}); runs it was executing are resumable`)));
    this.worker = w;
    this.send(w, { type: 'hooks', flags: this.flags() });
    return w;
  }

  private receive(w: Worker, m: FromWorker): void {
    switch (m.type) {
      case 'ready':
        break;
      case 'done':
      case 'failed': {
        const c = this.calls.get(m.id);
        this.calls.delete(m.id);
        if (c === undefined) break;
        if (m.type === 'done') c.resolve(m.result);
        else c.reject(fromWire(m.error));
        break;
      }
      case 'event':
        tell(this.audience, m.event, m.at);
        break;
      case 'before-step':
      case 'step-interrupted':
        (m.type === 'before-step' ? before(this.audience, observedFromWire(m.step)) : interrupted(this.audience, observedFromWire(m.step), m.used)).then(
          () => this.send(w, { type: 'hook-done', id: m.id }),
          (e: unknown) => this.send(w, { type: 'hook-done', id: m.id, error: toWire(e) }),
        );
        break;
      case 'after-step':
        after(this.audience, { ...observedFromWire(m.step), record: m.record, result: resultOf(m.record), mocked: m.mocked });
        break;
    }
  }
}

function observedFromWire(s: WireStep): ObservedStep {
  return {
    runId: s.runId,
    stepKey: s.stepKey,
    stepId: s.stepId,
    stepType: s.stepType,
    config: decodeValue(s.config),
    locals: new Map(s.locals.map(([name, text]) => [name, decodeValue(text)] as [string, Value])),
  };
}
