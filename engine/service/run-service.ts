// The run service (design §8.1): one editor-free owner of the workspace store for the
// editor. It starts, resumes, cancels and forks runs, resolves waits, fires schedules and
// sends simulated webhooks; runs execute off the host's event loop (a worker thread); any
// number of observers see each step (with its locals); and a change feed tells every view
// what changed in the store, whichever process changed it. Knows no `vscode` and no DAP.

import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { encodeValue } from '../run/codec';
import { cancelInStore } from '../run/cancellation';
import type { RunEvent } from '../run/events';
import { leaseOwnerId, leaseOwnerIsDead } from '../run/lease';
import { loadProgram } from '../run/program';
import { newRunId } from '../run/runner';
import { defaultSimulationPath, emptySimulation, parseSimulation } from '../run/simulation';
import { deliveryUrl, DeliveryError, prepareDelivery } from '../runtime/delivery';
import { readServeLock } from '../runtime/lockfile';
import { matchesTrigger, readEntryPoints } from '../runtime/entry-points';
import { admissionInput } from '../runtime/admission-input';
import { defaultStorePath, openStore } from '../store/index';
import type { RunRecord, RunStore } from '../store/port';
import { InlineExecutor, WorkerExecutor, type Audience, type Executor } from './executors';
import { ChangeFeed, type FeedListener, type FeedSubscription } from './feed';
import type { FlowSpec, Operation, OperationResult } from './protocol';
import type { Disposable, EventListener, FireRequest, ForkRequest, ResolveOutcome, ResolveRequest, RunHandle, RunServiceOptions, ServiceObserver, StartRequest, WebhookAnswer, WebhookRequest } from './types';

export class RunService {
  readonly store: RunStore;
  readonly dbPath: string;
  /** Runs resumed at open (left `running` by dead processes), settled. */
  readonly recovered: Promise<RunRecord[]>;
  private readonly feed: ChangeFeed;
  private readonly executor: Executor;
  private readonly observerList: ServiceObserver[] = [];
  private readonly listenerList: EventListener[] = [];
  /** The lease owner id this service's executions use (a debug session holds a waiting run's lease with it). */
  readonly owner: string;
  /** The flag that interrupts executions' function code (RunServiceOptions.interrupt). */
  readonly interrupt: Int32Array | undefined;
  /** True when runs execute on this thread (`execution: 'inline'`), false in the run worker. */
  readonly inline: boolean;
  private closed = false;

  /** Opens the store (`<root>/.flow-edn/runs.db` unless `dbPath`) and resumes orphaned runs. */
  constructor(private readonly options: RunServiceOptions) {
    const dbPath = options.dbPath ?? defaultStorePath(options.root ?? process.cwd());
    this.dbPath = dbPath;
    this.owner = options.owner ?? leaseOwnerId();
    this.interrupt = options.interrupt;
    this.store = openStore(dbPath, options.driver !== undefined ? { driver: options.driver } : {});
    this.feed = new ChangeFeed(this.store, options.feed);
    const audience: Audience = { observers: () => this.observerList, listeners: () => this.listenerList };
    const env = options.env ?? process.env;
    const user = options.user ?? env.FLOW_EDN_USER ?? env.USER ?? safeUser();
    const inline = options.execution === 'inline' || dbPath === ':memory:';
    this.inline = inline;
    const optional = { ...(options.publicUrl !== undefined ? { publicUrl: options.publicUrl } : {}), ...(options.interrupt !== undefined ? { interrupt: options.interrupt } : {}) };
    this.executor = inline
      ? new InlineExecutor({ store: this.store, env, owner: this.owner, user, ...optional }, audience)
      : new WorkerExecutor({ dbPath, driver: this.store.driver, env: { ...env }, user, owner: this.owner, ...optional }, audience, options.workerPath);
    this.recovered = options.recover === false ? Promise.resolve([]) : this.recoverOrphans();
  }

  /** Starts a run of a flow file with a scenario; resolves when it ends or waits. */
  start(request: StartRequest): RunHandle {
    const source = request.source ?? readFileSync(request.flowPath, 'utf8');
    const runId = request.runId ?? newRunId();
    const flow = flowSpec(request.flowPath, source, request.scenario);
    return this.handle(runId, {
      op: 'start',
      runId,
      flow,
      ...(request.input !== undefined ? { input: encodeValue(request.input) } : {}),
      ...(request.trigger !== undefined ? { trigger: request.trigger } : {}),
      ...(request.clock !== undefined ? { clock: request.clock } : {}),
    });
  }

  /** Resumes a run by replay in this service (after a crash, or to fire a due timeout). */
  resume(runId: string, options: { advanceMs?: number } = {}): Promise<RunRecord> {
    return this.call({ op: 'resume', runId, ...(options.advanceMs !== undefined ? { advanceMs: options.advanceMs } : {}) }).then((r) => r.run);
  }

  /**
   * Cancels a run in the store (one transaction: status, its pending waits, its one
   * `run-finished`). A run executing anywhere stops at its next step boundary. Undefined when
   * it had already ended.
   */
  cancel(runId: string, reason = 'cancelled', by?: string): RunRecord | undefined {
    const run = cancelInStore(this.store, runId, reason, Date.now(), by ?? this.options.user ?? 'local-user');
    this.feed.poll();
    return run;
  }

  /** A new run keeping `runId`'s journal up to a step (one result optionally replaced), run from there. */
  fork(request: ForkRequest): RunHandle {
    const runId = request.runId2 ?? newRunId();
    let upTo = request.from ?? null;
    if (request.from === undefined && request.replace !== undefined) {
      const journal = this.store.journal(request.runId);
      const i = journal.findIndex((r) => r.stepKey === request.replace!.stepKey);
      upTo = journal[i + 1]?.stepKey ?? null;
    }
    return this.handle(runId, {
      op: 'fork',
      runId,
      fromRunId: request.runId,
      upTo,
      ...(request.replace !== undefined ? { replace: { stepKey: request.replace.stepKey, result: encodeValue(request.replace.result) } } : {}),
    });
  }

  /** Resolves a pending wait, exactly once across processes, and resumes its run. */
  resolve(request: ResolveRequest): Promise<ResolveOutcome> {
    return this.call({
      op: 'resolve',
      runId: request.runId,
      action: request.action,
      ...(request.stepId !== undefined ? { stepId: request.stepId } : {}),
      ...(request.waitId !== undefined ? { waitId: request.waitId } : {}),
      ...(request.payload !== undefined ? { payload: encodeValue(request.payload) } : {}),
      ...(request.by !== undefined ? { by: request.by } : {}),
    }).then((r) => ({ run: r.run, wait: r.wait!, ...(r.continuesElsewhere !== undefined ? { continuesElsewhere: r.continuesElsewhere } : {}) }));
  }

  /** Fires a flow's schedule now: a run with the schedule's input and `:flow/ctx`, as `serve` starts it. */
  fireSchedule(request: FireRequest): RunHandle {
    const source = readFileSync(request.flowPath, 'utf8');
    const program = loadProgram(source, request.flowPath);
    const schedules = readEntryPoints(program).schedules;
    const chosen = request.schedule !== undefined ? schedules.filter((s) => matchesTrigger(s, request.schedule!)) : schedules;
    if (chosen.length !== 1) {
      const names = schedules.map((s) => s.id).join(', ') || 'none';
      throw new Error(chosen.length === 0 ? `${request.flowPath}: no schedule ${request.schedule ?? ''} (its schedules: ${names})` : `${request.flowPath} has ${chosen.length} schedules (${names}); name one`);
    }
    const entry = chosen[0]!;
    const runId = request.runId ?? newRunId();
    const now = Date.now();
    const input = admissionInput(entry.input, { runId, source: 'schedule', trigger: entry.trigger, receivedAt: now, payloadHash: null, ctx: { schedule: entry.id, 'scheduled-at': new Date(now).toISOString() } });
    return this.handle(runId, { op: 'start', runId, flow: flowSpec(request.flowPath, source, request.scenario), input: encodeValue(input), trigger: entry.trigger });
  }

  /**
   * Sends a simulated webhook delivery to the local runtime, signed or authenticated exactly
   * as `flow-edn webhook send` does it (engine/runtime/delivery.ts), and returns the answer.
   */
  async sendWebhook(request: WebhookRequest): Promise<WebhookAnswer> {
    const source = readFileSync(request.flowPath, 'utf8');
    const program = loadProgram(source, request.flowPath);
    const spec = flowSpec(request.flowPath, source, request.scenario);
    const sim = spec.simulation ? parseSimulation(spec.simulation.text, spec.simulation.path) : emptySimulation();
    const body = typeof request.payload === 'string' ? Buffer.from(request.payload) : request.payload;
    const prepared = prepareDelivery({
      program,
      sim,
      ...(request.trigger !== undefined ? { trigger: request.trigger } : {}),
      body,
      contentType: request.contentType ?? 'application/json',
      bad: request.badSignature === true,
      env: this.options.env ?? process.env,
      now: Date.now(),
    });
    const base = request.url ?? readServeLock(this.dbPath)?.url ?? null;
    if (base === null) throw new DeliveryError(`no local runtime serves ${this.dbPath}: start one (flow-edn serve) or pass its url`);
    const url = deliveryUrl(prepared, base);
    const res = await fetch(url, { method: 'POST', headers: prepared.headers, body });
    const text = await res.text();
    let json: unknown = undefined;
    try {
      json = JSON.parse(text);
    } catch {
      // not JSON
    }
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => (headers[k] = v));
    this.feed.poll();
    const runId = typeof json === 'object' && json !== null && typeof (json as { runId?: unknown }).runId === 'string' ? (json as { runId: string }).runId : null;
    return { request: { method: 'POST', url: prepared.mask(url.toString()), headers: prepared.shownHeaders, bytes: body.length }, status: res.status, headers, text, json, runId };
  }

  /** Observes every step of the runs this service executes. */
  observe(observer: ServiceObserver): Disposable {
    this.observerList.push(observer);
    this.executor.observersChanged();
    return {
      dispose: () => {
        const i = this.observerList.indexOf(observer);
        if (i >= 0) this.observerList.splice(i, 1);
        this.executor.observersChanged();
      },
    };
  }

  /** Live events (requests, attempts, branches, ...) of the runs this service executes, as they happen. */
  onEvent(listener: EventListener): Disposable {
    this.listenerList.push(listener);
    return {
      dispose: () => {
        const i = this.listenerList.indexOf(listener);
        if (i >= 0) this.listenerList.splice(i, 1);
      },
    };
  }

  /**
   * Every change in the store after `cursor` (default: from now on), in order, from any
   * process. Keep `subscription.cursor` to resume after a restart.
   */
  subscribe(listener: FeedListener, cursor?: number): FeedSubscription {
    return this.feed.subscribe(listener, cursor);
  }

  /** The events of a run, as stored. */
  events(runId: string): { at: number; event: RunEvent }[] {
    return this.store.events(runId).map((e) => ({ at: e.at, event: JSON.parse(e.data) as RunEvent }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.feed.close();
    await this.executor.close();
    this.store.close();
  }

  private call(operation: Operation): Promise<OperationResult> {
    if (this.closed) return Promise.reject(new Error('the run service is closed'));
    const p = this.executor.perform(operation);
    const poke = () => this.feed.poll();
    void p.then(poke, poke);
    return p;
  }

  private handle(runId: string, operation: Operation): RunHandle {
    return { runId, finished: this.call(operation).then((r) => r.run) };
  }

  /** Runs left `running` whose lease is free, expired or held by a dead process on this host. */
  private async recoverOrphans(): Promise<RunRecord[]> {
    const now = Date.now();
    const orphans = this.store.listRuns({ status: 'running' }).filter((r) => r.leaseOwner === null || (r.leaseExpiresAt ?? 0) <= now || leaseOwnerIsDead(r.leaseOwner));
    const out: RunRecord[] = [];
    for (const r of orphans) {
      try {
        out.push(await this.resume(r.id));
      } catch {
        // another process took it first (its lease), or it cannot load: it stays as it is
      }
    }
    return out;
  }
}

function flowSpec(flowPath: string, source: string, scenario: string | null | undefined): FlowSpec {
  const simPath = scenario === undefined ? defaultSimulationPath(flowPath) : scenario;
  return { source, path: flowPath, ...(simPath !== null ? { simulation: { text: readFileSync(simPath, 'utf8'), path: simPath } } : {}) };
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'local-user';
  }
}
