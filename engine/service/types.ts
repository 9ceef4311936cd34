// The run service's public types: what callers (the debugger, the approvals panel, the
// Runs view, decorations, webhook simulation) pass in and get back. Values are EDN values
// (`engine/edn/values`); records are the store's (`engine/store/port`).

import type { Value } from '../edn/values';
import type { RunEvent } from '../run/events';
import type { WaitAction } from '../run/waits';
import type { DriverChoice } from '../store/index';
import type { JournalRecord, RunRecord, WaitRecord } from '../store/port';
import type { FeedOptions } from './feed';

export interface RunServiceOptions {
  /** The workspace folder; the store is `<root>/.flow-edn/runs.db` (the CLI's default there). */
  root?: string;
  /** The store file, instead of the one under `root`. */
  dbPath?: string;
  /** @default 'auto': better-sqlite3 where it loads, else node:sqlite (the extension host). */
  driver?: DriverChoice;
  /** For `#env` in scenarios and secrets. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Who resolves waits from here. @default $USER */
  user?: string;
  /** Base URL of approval links in notifications. */
  publicUrl?: string;
  /**
   * Where flow code runs: `worker` (a worker thread: the host's event loop is never blocked by
   * a run) or `inline` (this thread; for a CLI or tests that want one thread).
   * @default 'worker'
   */
  execution?: 'worker' | 'inline';
  /** The worker script. @default `worker.js` (compiled) or `runWorker.js` (bundle) beside this module */
  workerPath?: string;
  feed?: FeedOptions;
  /** Resume runs left `running` by dead processes when the store opens. @default true */
  recover?: boolean;
  /** The lease owner id of this service's executions (a debug worker's, given by the host that
   *  releases its leases if the thread dies). @default a new id for this process */
  owner?: string;
  /**
   * A flag (one Int32 in a SharedArrayBuffer) set to interrupt the function code a step is
   * computing: by another thread for `inline` execution (this one is busy then), by this one or
   * any other for `worker` execution. Observers hear of it (`stepInterrupted`) and the step then
   * runs again. The debugger's Pause (design §8.2).
   */
  interrupt?: Int32Array;
}

/** A run to start from a flow file. */
export interface StartRequest {
  flowPath: string;
  /** The source to run instead of the file's text on disk (an editor's unsaved buffer). */
  source?: string;
  /** A scenario file; null for none. @default the flow's default scenario (`x.sim.edn`), if any */
  scenario?: string | null;
  /** @default the scenario's `:input` */
  input?: Value;
  trigger?: string;
  /** @default a new id */
  runId?: string;
  /** `real` or `virtual` (starting at the scenario's `:clock :start`, else now). @default the scenario's */
  clock?: 'virtual' | 'real';
}

export interface ForkRequest {
  /** The run to fork. */
  runId: string;
  /**
   * The first step the fork runs again: records before it are kept. Null keeps the whole
   * journal. With `replace` and no `from`, the fork keeps records through the replaced one.
   */
  from?: string | null;
  /** A kept step whose result is replaced (recorded as edited). */
  replace?: { stepKey: string; result: Value };
  /** @default a new id */
  runId2?: string;
}

export interface ResolveRequest {
  runId: string;
  /** Which wait when the run has several pending. */
  stepId?: string;
  waitId?: string;
  action: WaitAction;
  payload?: Value;
  by?: string;
}

export interface ResolveOutcome {
  run: RunRecord;
  wait: WaitRecord;
  /** Set when another process executes the run (a debug session): it goes on with the resolution there. */
  continuesElsewhere?: string | null;
}

export interface FireRequest {
  flowPath: string;
  /** The schedule's id (or trigger label); the flow's only schedule when absent. */
  schedule?: string;
  scenario?: string | null;
  runId?: string;
}

export interface WebhookRequest {
  flowPath: string;
  /** Trigger label, event name or interface id; the flow's only webhook when absent. */
  trigger?: string;
  /** The body, sent byte for byte. */
  payload: Buffer | string;
  /** @default 'application/json' */
  contentType?: string;
  /** Where the secret is bound. @default the flow's default scenario */
  scenario?: string | null;
  /** The local runtime's base URL. @default the one serving this store (its serve lock) */
  url?: string;
  /** A deliberately wrong credential, to see the refusal. */
  badSignature?: boolean;
}

export interface WebhookAnswer {
  /** What was sent, secrets masked. */
  request: { method: 'POST'; url: string; headers: Record<string, string>; bytes: number };
  status: number;
  headers: Record<string, string>;
  text: string;
  /** The body as JSON, when it is. */
  json: unknown;
  /** The run the delivery started (or joined), when the runtime says. */
  runId: string | null;
}

/** A run being executed: its id at once, its settled record later. */
export interface RunHandle {
  runId: string;
  /** The run when it completes, fails, is cancelled or waits. */
  finished: Promise<RunRecord>;
}

/** A step as observers of the service see it, values decoded. */
export interface ObservedStep {
  runId: string;
  stepKey: string;
  stepId: string;
  stepType: string;
  config: Value;
  /** The locals in scope at the `flow/step` call (before a step only; empty after). */
  locals: ReadonlyMap<string, Value>;
}

export interface ObservedOutcome extends ObservedStep {
  record: JournalRecord;
  /** The journaled result (null for a failed step). */
  result: Value | null;
  mocked: boolean;
}

export interface ServiceObserver {
  /** Awaited before each step of runs this service executes; throwing stops the execution (resumable). */
  beforeStep?(step: ObservedStep): void | Promise<void>;
  afterStep?(step: ObservedOutcome): void;
  stepFailed?(step: ObservedOutcome): void;
  /** Awaited when the step's function code was interrupted (RunServiceOptions.interrupt) after
   *  `used` evaluations; the step runs again from its start afterwards. */
  stepInterrupted?(step: ObservedStep, used: number): void | Promise<void>;
}

export type EventListener = (event: RunEvent, at: number) => void;

export interface Disposable {
  dispose(): void;
}
