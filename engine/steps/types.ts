// The contract between the run engine and a step executor. An executor makes one attempt
// at a step; the engine owns retries, timeouts, persistence, journaling and events. Store
// writes an executor needs (kv, blobs) are returned as effects, committed in the same
// transaction as the step's journal record.

import type { Value } from '../edn/values';
import type { StepCall } from '../interp/index';
import type { Clock } from '../run/clock';
import type { Redactor } from '../run/codec';
import type { RunEvent } from '../run/events';
import type { FlowProgram } from '../run/program';
import type { Simulation } from '../run/simulation';
import type { RunStore } from '../store/port';

/** What a failed step reports; becomes the run's error when the run fails. */
export interface StepError {
  message: string;
  /** A stable code: `http-status`, `network`, `timeout`, `no-binding`, `no-mock`, `function-error`, ... */
  code: string;
  status?: number;
  body?: string;
}

/** A connection slot's binding, secrets resolved (never logged: see `redactor`). */
export interface Binding {
  slot: string;
  baseUrl: string | null;
  /** Response(s) every request through this slot gets, instead of the network. */
  mock: Value | undefined;
  /** Auth from the slot's `:auth {:type ..}` and the binding's `:token`/`:api-key`/`:username`+`:password`. */
  auth: { type: string; token?: string; header?: string; username?: string; password?: string } | null;
  headers: Record<string, string>;
  /** A `:secret` slot's value. */
  value: string | null;
}

export interface StepContext {
  runId: string;
  stepKey: string;
  stepId: string;
  stepType: string;
  /** The evaluated config map of the `flow/step` call. */
  config: Value;
  call: StepCall;
  program: FlowProgram;
  simulation: Simulation;
  /** The step's mock from the simulation (`:mocks {step-id ...}`), if any. */
  mock: Value | undefined;
  clock: Clock;
  store: RunStore;
  /** Stable across attempts and resumptions: run id + step key. */
  idempotencyKey: string;
  /** 1-based attempt number. */
  attempt: number;
  /** Step timeout from `:timeout` (seconds), in ms; null for none. */
  timeoutMs: number | null;
  redactor: Redactor;
  /** Base URL for approval links, when the engine was given one (EngineOptions.publicUrl). */
  publicUrl?: string;
  /** Resolves a slot's binding, or explains what to add. */
  binding(slot: string): Binding | { missing: string };
  emit(event: DistributiveOmit<RunEvent, 'runId'>): void;
  /** A flag another thread sets to interrupt the step's function code (EngineOptions.interrupt). */
  interrupt?: Int32Array;
}

export type DistributiveOmit<T, K extends keyof never> = T extends unknown ? Omit<T, K> : never;

export type AttemptResult =
  | {
      kind: 'ok';
      result: Value;
      mocked: boolean;
      effects?: (() => void)[];
      /** Read-modify-write work done inside the commit transaction; its value replaces `result` (kv). */
      commit?: () => Value;
    }
  | { kind: 'error'; error: StepError; retryable: boolean; retryAfterMs?: number }
  /** A wait that is not resolved yet: the run stops in `waiting`. */
  | { kind: 'suspend'; effects?: (() => void)[] };

export type Executor = (ctx: StepContext) => Promise<AttemptResult>;
