// The messages between the run service (host thread) and its run worker, declared once.
// Values cross as EDN text (the store's encoding); errors as `WireError`, one mapping each
// way, so a `LeaseHeld` thrown in the worker is a `LeaseHeld` in the host.

import { ForkError, LeaseHeld, RunError, RunNotFound } from '../run/errors';
import { WaitResolutionError, type WaitAction } from '../run/waits';
import type { RunEvent } from '../run/events';
import type { JournalRecord, RunRecord, WaitRecord } from '../store/port';

/** What the worker is opened with. */
export interface WorkerConfig {
  dbPath: string;
  driver?: 'auto' | 'better-sqlite3' | 'node:sqlite';
  env: Record<string, string | undefined>;
  user: string;
  owner: string;
  publicUrl?: string;
  /** The run service's interrupt flag (RunServiceOptions.interrupt), shared with the worker. */
  interrupt?: Int32Array;
}

/** A flow to run: its source and where it lives, and the scenario text. */
export interface FlowSpec {
  source: string;
  path: string | null;
  /** The simulation file's text and path; absent for none. */
  simulation?: { text: string; path: string | null };
}

export type Operation =
  | { op: 'start'; flow: FlowSpec; input?: string; trigger?: string | null; runId: string; concurrencyKey?: string | null; ctx?: string; clock?: 'virtual' | 'real' }
  | { op: 'resume'; runId: string; advanceMs?: number }
  | { op: 'fork'; runId: string; fromRunId: string; upTo: string | null; replace?: { stepKey: string; result: string } }
  | { op: 'resolve'; runId: string; stepId?: string; waitId?: string; action: WaitAction; payload?: string; by?: string };

export type OperationResult = { run: RunRecord; wait?: WaitRecord; continuesElsewhere?: string | null };

/** Which observer hooks the host has; the worker only crosses the thread for those. */
export interface HookFlags {
  beforeStep: boolean;
  afterStep: boolean;
  stepFailed: boolean;
  stepInterrupted: boolean;
}

/** A step as the worker describes it to the host (values as EDN text). */
export interface WireStep {
  runId: string;
  stepKey: string;
  stepId: string;
  stepType: string;
  config: string;
  /** [name, EDN text] in scope at the call; only sent when a host observer has `beforeStep`. */
  locals: [string, string][];
  line: number;
}

export type ToWorker =
  | { type: 'call'; id: number; operation: Operation }
  | { type: 'hooks'; flags: HookFlags }
  | { type: 'hook-done'; id: number; error?: WireError }
  | { type: 'stop' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'done'; id: number; result: OperationResult }
  | { type: 'failed'; id: number; error: WireError }
  | { type: 'event'; event: RunEvent; at: number }
  | { type: 'before-step'; id: number; step: WireStep }
  | { type: 'after-step'; step: WireStep; record: JournalRecord; mocked: boolean }
  /** A step's function code was interrupted after `used` evaluations; waits for `hook-done`. */
  | { type: 'step-interrupted'; id: number; step: WireStep; used: number };

export interface WireError {
  name: string;
  message: string;
  runId?: string;
  owner?: string | null;
  reason?: WaitResolutionError['reason'];
  wait?: WaitRecord;
  data?: RunError['data'];
}

export function toWire(e: unknown): WireError {
  if (e instanceof LeaseHeld) return { name: 'LeaseHeld', message: e.message, runId: e.runId, owner: e.owner };
  if (e instanceof RunNotFound) return { name: 'RunNotFound', message: e.message, runId: e.runId };
  if (e instanceof WaitResolutionError) return { name: 'WaitResolutionError', message: e.message, reason: e.reason, ...(e.wait ? { wait: e.wait } : {}) };
  if (e instanceof RunError) return { name: 'RunError', message: e.message, data: e.data };
  if (e instanceof ForkError) return { name: 'ForkError', message: e.message };
  return { name: e instanceof Error ? e.name : 'Error', message: e instanceof Error ? e.message : String(e) };
}

export function fromWire(w: WireError): Error {
  switch (w.name) {
    case 'LeaseHeld':
      return new LeaseHeld(w.runId ?? '?', w.owner ?? null);
    case 'RunNotFound':
      return new RunNotFound(w.runId ?? '?');
    case 'WaitResolutionError':
      return new WaitResolutionError(w.message, w.reason ?? 'no-wait', w.wait);
    case 'ForkError':
      return new ForkError(w.message);
    case 'RunError':
      return new RunError(w.data ?? { message: w.message, step: null, code: 'internal' });
    default: {
      const e = new Error(w.message);
      e.name = w.name;
      return e;
    }
  }
}
