// The local runtime: a folder of flows served as the platform would run them. It admits
// deliveries and schedule fires durably (queued per concurrency slot, replay-checked),
// starts runs as their slots free, reloads flows on change under `:on-new-version`, and
// rebuilds everything from the store at start-up. HTTP lives in server.ts; this knows none.

import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Map as IMap } from 'immutable';
import { Keyword, type Value } from '../edn/values';
import { decodeValue, encodeValue } from '../run/codec';
import { kget } from '../run/data';
import { RunError } from '../run/errors';
import type { RunListener } from '../run/events';
import type { RunObserver } from '../run/observers';
import { newRunId } from '../run/runner';
import type { DeliveryRecord, RunRecord, RunStore } from '../store/port';
import { activeRuns, extractKey, startable } from './admission';
import { checkInvocationInputs, InputRefused } from '../run/invocation-inputs';
import { RealRuntimeClock, type RuntimeClock } from './clock';
import { WebhookRouter } from './webhook-router';
import type { RuntimeEvent, RuntimeListener } from './events';
import { RunExecutor } from './executions';
import { FlowRegistry, type LoadedFlow, type RegistryChange } from './flows';
import type { FilePart } from './payload';
import { MAX_SIGNED_MULTIPART_BYTES, MAX_WEBHOOK_BYTES } from './payload';
import { registerFlow, unregisterFlow } from './registration';
import { recover } from './recovery';
import { admissionInput } from './admission-input';
import { Scheduler } from './scheduler';
import { admitSchedule, scheduledFire } from './schedule-fires';
import { newApiToken, writeApiToken } from './api-guard';
import { acquireServeLock, releaseServeLock, updateServeLock } from './lockfile';

export interface RuntimeOptions {
  store: RunStore;
  /** Flow files and folders to serve. */
  paths: string[];
  /** @default a real clock */
  clock?: RuntimeClock;
  /** For `#env` and secrets. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** One line per thing that happens (the `serve` log). @default none */
  log?: (line: string) => void;
  /** Fire schedules on their cron. @default true */
  schedules?: boolean;
  /** Reload flows when their files change. @default true */
  watch?: boolean;
  /** Who resolves waits without naming anyone. @default $USER */
  user?: string;
  /** How long a webhook answer waits for a run that started at once, for its response map. @default 10000 */
  responseTimeoutMs?: number;
  /** Spec §11: 50 MB. */
  maxBodyBytes?: number;
  /** Spec §11: 5 MB for signed multipart. */
  maxSignedMultipartBytes?: number;
  /** Take the store's serve lock (one server per store). @default true for a file store */
  lock?: boolean;
  /** How often to look for work other processes made possible (ms, real time; 0 for never). @default 1000 */
  reconcileMs?: number;
  /** Observers of every run this runtime executes (before/after each step, step failures), beside its own. */
  observers?: RunObserver[];
  /** Listeners of every run event this runtime's runs emit. */
  listeners?: RunListener[];
}

export interface Admission {
  flow: LoadedFlow;
  /** The raw payload (what `:key-field` reads). */
  raw: Value;
  /** Extra `:flow/ctx` entries for the run input. */
  ctx: Record<string, Value>;
  trigger: string;
  source: 'webhook' | 'schedule';
  /** sha256 of the raw payload bytes: a keyed delivery identical to an active one is deduped. */
  payloadHash: string | null;
  /** Signature material to check for a replay and remember. */
  replay?: { material: string; endpoint: string; windowMs: number };
  files?: FilePart[];
  runId?: string;
  /** Done in the same commit as the queue entry (a schedule's cursor). */
  alsoCommit?: () => void;
}

export type AdmissionResult =
  | { decision: 'refused'; status: number; reason: 'missing-key' | 'replay' | 'invalid-input'; message: string; previous?: DeliveryRecord }
  | { decision: 'deduped'; runId: string; key: string | null }
  | { decision: 'queued' | 'started'; runId: string; key: string | null; arrival: number; run?: Promise<RunRecord> };

export class Runtime {
  readonly store: RunStore;
  readonly clock: RuntimeClock;
  readonly env: NodeJS.ProcessEnv;
  readonly flows: FlowRegistry;
  readonly executor: RunExecutor;
  readonly scheduler: Scheduler | null;
  readonly owner = `flow-edn-serve:${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  /** Webhook path -> endpoint (claimed and released by registration.ts). */
  readonly routes = new WebhookRouter();
  readonly startedAt = Date.now();
  readonly limits: { body: number; signedMultipart: number; responseTimeoutMs: number };
  private base = 'http://127.0.0.1:8787';
  private readonly listeners = new Set<RuntimeListener>();
  private reconcile: NodeJS.Timeout | null = null;
  private locked = false;
  private running = false;
  /** The token state-changing API calls carry (api-guard.ts); written beside a file store. */
  readonly apiToken = newApiToken();

  constructor(readonly options: RuntimeOptions) {
    this.store = options.store;
    this.clock = options.clock ?? new RealRuntimeClock();
    this.env = options.env ?? process.env;
    this.limits = {
      body: options.maxBodyBytes ?? MAX_WEBHOOK_BYTES,
      signedMultipart: options.maxSignedMultipartBytes ?? MAX_SIGNED_MULTIPART_BYTES,
      responseTimeoutMs: options.responseTimeoutMs ?? 10_000,
    };
    this.executor = new RunExecutor({
      store: this.store,
      clock: this.clock,
      env: this.env,
      owner: this.owner,
      user: options.user ?? this.env.FLOW_EDN_USER ?? this.env.USER ?? 'local-user',
      publicUrl: () => this.base,
      settled: (run) => this.settled(run),
      log: (line) => this.log(line),
      observers: options.observers ?? [],
      listeners: options.listeners ?? [],
    });
    this.flows = new FlowRegistry(options.paths, (change) => this.flowChanged(change));
    this.scheduler =
      options.schedules === false
        ? null
        : new Scheduler({
            clock: this.clock,
            cursor: (flow, id) => this.store.scheduleCursor(flow, id),
            setCursor: (flow, id, at) => this.store.setScheduleCursor(flow, id, at),
            fire: (fire) => scheduledFire(this, fire),
          });
  }

  /** The base URL approval links and endpoint listings use (the server's own address). */
  get publicUrl(): string {
    return this.base;
  }
  setPublicUrl(url: string): void {
    this.base = url.replace(/\/+$/, '');
    if (this.locked) updateServeLock(this.store.path, { pid: process.pid, owner: this.owner, url: this.base, startedAt: new Date(this.startedAt).toISOString() });
  }

  on(listener: RuntimeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(event: RuntimeEvent): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch {
        // a listener's failure never stops the runtime
      }
    }
  }
  log(line: string): void {
    this.options.log?.(line);
  }

  /** Recovers durable state, loads the flows, arms schedules and timers. */
  async start(): Promise<void> {
    if (this.options.lock ?? this.store.path !== ':memory:') {
      const previous = acquireServeLock(this.store.path, { pid: process.pid, owner: this.owner, url: this.base, startedAt: new Date(this.startedAt).toISOString() });
      this.locked = true;
      if (previous !== null) this.takeOverLeases(previous.owner);
    }
    if (this.store.path !== ':memory:') writeApiToken(this.store.path, this.apiToken);
    this.running = true;
    recover(this);
    this.flows.scan();
    if (this.options.watch !== false) this.flows.watch();
    for (const flow of this.flows.all()) this.dispatch(flow.slug);
    const every = this.options.reconcileMs ?? 1000;
    if (every > 0) {
      this.reconcile = setInterval(() => this.reconcileNow(), every);
      this.reconcile.unref();
    }
  }

  /** Stops timers, watchers and schedules; waits for operations in flight. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.reconcile) clearInterval(this.reconcile);
    this.scheduler?.stop();
    this.flows.close();
    this.executor.stop();
    await this.executor.idle();
    if (this.locked) releaseServeLock(this.store.path, this.owner);
    this.locked = false;
  }

  /** Leases a dead server held on runs it was executing: free them so they resume now, not in 30 s. */
  private takeOverLeases(deadOwner: string): void {
    for (const run of this.store.listRuns({ status: 'running' })) {
      if (run.leaseOwner === deadOwner) this.store.updateRun(run.id, { leaseOwner: null, leaseExpiresAt: null });
    }
  }

  /** Work another process made possible (a run it ended, a wait it resolved): start what can start. */
  reconcileNow(): void {
    if (!this.running) return;
    for (const flow of this.flows.all()) this.dispatch(flow.slug);
    this.store.purgeDeliveries(this.clock.now());
  }

  /** Accepts a delivery or fire durably, then starts it if its slot is free. */
  admit(a: Admission): AdmissionResult {
    const c = a.flow.entry.concurrency;
    const k = extractKey(c, a.raw);
    if ('missing' in k) return { decision: 'refused', status: 422, reason: 'missing-key', message: k.missing };
    try {
      checkInvocationInputs(a.flow.program, a.raw);
    } catch (e) {
      if (e instanceof InputRefused) return { decision: 'refused', status: 422, reason: 'invalid-input', message: e.message };
      throw e;
    }
    const runId = a.runId ?? newRunId();
    const now = this.clock.now();
    const input = admissionInput(a.raw, { runId, source: a.source, trigger: a.trigger, receivedAt: now, payloadHash: a.payloadHash, ctx: a.ctx });
    const outcome = this.store.transaction((): AdmissionResult => {
      if (a.replay) {
        const previous = this.store.recordDelivery({ material: a.replay.material, endpoint: a.replay.endpoint, runId, seenAt: now, expiresAt: now + a.replay.windowMs });
        if (previous !== undefined) {
          const message = `replayed delivery: the same signature was accepted ${Math.round((now - previous.seenAt) / 1000)}s ago${previous.runId ? ` (run ${previous.runId})` : ''}, inside the ${Math.round(a.replay.windowMs / 1000)}s tolerance window`;
          return { decision: 'refused', status: 409, reason: 'replay', message, previous };
        }
      }
      if (a.source === 'webhook' && c.type === 'keyed' && a.payloadHash !== null) {
        const dup = this.duplicateOf(a.flow.slug, k.key!, a.payloadHash);
        if (dup !== null) return { decision: 'deduped', runId: dup, key: k.key };
      }
      for (const f of a.files ?? []) {
        const uri = String(kget(kget(input, f.field), 'uri') ?? '');
        if (uri) this.store.putBlob({ uri, runId: null, stepKey: null, contentType: f.contentType, size: f.content.length, content: f.content, createdAt: now });
      }
      a.alsoCommit?.();
      const entry = this.store.enqueueRun({ runId, flow: a.flow.slug, flowPath: a.flow.path, concurrencyKey: k.key, trigger: a.trigger, input: encodeValue(input), payloadHash: a.payloadHash, sourceHash: a.flow.version, arrivedAt: now });
      return { decision: 'queued', runId, key: k.key, arrival: entry.seq };
    });
    if (outcome.decision !== 'queued') {
      if (outcome.decision === 'deduped') this.emit({ type: 'accepted', flow: a.flow.slug, runId: outcome.runId, decision: 'deduped', key: outcome.key, arrival: null, source: a.source });
      return outcome;
    }
    const started = this.dispatch(a.flow.slug).get(runId);
    this.emit({ type: 'accepted', flow: a.flow.slug, runId, decision: started ? 'started' : 'queued', key: outcome.key, arrival: outcome.arrival, source: a.source });
    if (!started) this.log(`queued ${runId}  :${a.flow.slug}${outcome.key !== null ? `  key ${JSON.stringify(outcome.key)}` : ''}  (arrival ${outcome.arrival}; its slot is busy)`);
    return started ? { ...outcome, decision: 'started', run: started } : outcome;
  }

  /** An active or queued run of `key` that got the same payload, if any. */
  private duplicateOf(flow: string, key: string, payloadHash: string): string | null {
    for (const q of this.store.queuedRuns({ flow, concurrencyKey: key })) if (q.payloadHash === payloadHash) return q.runId;
    for (const r of this.store.listRuns({ concurrencyKey: key, status: ['running', 'waiting'] })) {
      if (r.flow !== flow) continue;
      let ctx;
      try {
        ctx = kget(decodeValue(r.input), 'flow/ctx');
      } catch {
        continue; // an unreadable stored input is that run's failure, not this delivery's
      }
      if (kget(ctx, 'payload-sha256') === payloadHash) return r.id;
    }
    return null;
  }

  /** Starts every queued run of the flow whose slot is free; returns the runs it started. */
  dispatch(slug: string): Map<string, Promise<RunRecord>> {
    const started = new Map<string, Promise<RunRecord>>();
    const flow = this.flows.get(slug);
    if (flow === undefined || !this.running) return started;
    const queue = this.store.queuedRuns({ flow: slug });
    if (queue.length === 0) return started;
    const active = activeRuns(this.store, slug).map((r) => ({ runId: r.id, key: r.concurrencyKey, version: r.sourceHash }));
    const next = startable(flow.entry.concurrency, flow.version, active, queue.map((q) => ({ runId: q.runId, key: q.concurrencyKey, seq: q.seq })));
    for (const n of next) {
      const entry = queue.find((q) => q.runId === n.runId)!;
      this.log(`run ${entry.runId} started  :${slug}  trigger ${JSON.stringify(entry.trigger)}${entry.concurrencyKey !== null ? `  key ${JSON.stringify(entry.concurrencyKey)}` : ''}  (arrival ${entry.seq}, version ${flow.version.slice(0, 8)})`);
      this.emit({ type: 'run-started', flow: slug, runId: entry.runId, key: entry.concurrencyKey, trigger: entry.trigger, version: flow.version });
      started.set(entry.runId, this.executor.start(flow.program, flow.sim, entry));
    }
    return started;
  }

  private settled(run: RunRecord): void {
    if (run.status === 'waiting') {
      for (const w of this.store.findWaits({ runId: run.id, status: 'pending' })) {
        const links = w.token ? `  approve: ${this.base}/waits/${w.id}/approve?token=${w.token}  reject: ${this.base}/waits/${w.id}/reject?token=${w.token}` : '';
        this.log(`run ${run.id} waiting at :${w.stepId} (key ${JSON.stringify(w.key)}${w.expiresAt !== null ? `, times out ${new Date(w.expiresAt).toISOString()}` : ''})${links}`);
      }
    } else if (run.status !== 'running') {
      const error = run.error ? `: ${RunError.parse(run.error)!.message}` : '';
      this.log(`run ${run.id} ${run.status}${error}`);
    }
    this.emit({ type: 'run-settled', flow: run.flow, runId: run.id, status: run.status, run });
    if (run.status !== 'waiting' && run.status !== 'running') this.dispatch(run.flow);
  }

  /** Fires a schedule now (`flow-edn schedule fire`). */
  fireSchedule(flow: LoadedFlow, scheduleId: string): AdmissionResult {
    return admitSchedule(this, flow, scheduleId, this.clock.now(), { manual: true }, undefined);
  }

  private flowChanged(change: RegistryChange): void {
    if (change.type === 'error') {
      this.log(`flow ${change.path} not served: ${change.message}`);
      this.emit({ type: 'flow-error', path: change.path, message: change.message });
      return;
    }
    if (change.type === 'removed') {
      unregisterFlow(this, change.flow);
      this.log(`flow :${change.flow.slug} removed (${change.flow.path})`);
      this.emit({ type: 'flow-removed', flow: change.flow.slug, path: change.flow.path });
      return;
    }
    registerFlow(this, change.flow, change.previous);
    this.emit({ type: 'flow-loaded', flow: change.flow.slug, path: change.flow.path, version: change.flow.version, reloaded: change.previous !== null });
    this.dispatch(change.flow.slug);
  }
}

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}
