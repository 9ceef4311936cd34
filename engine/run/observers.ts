// Observers of a run as it executes: any number at once (the debugger, the run service's
// cancellation, a panel), each told before a step runs (and may hold it there), after it
// was committed, and when it failed. Observers see the locals in scope at the step call.

import type { Value } from '../edn/values';
import type { StepCall } from '../interp/index';
import type { JournalRecord } from '../store/port';
import type { StepErrorData } from './errors';

/** A step about to run (never a replayed one). */
export interface StepPause {
  runId: string;
  stepKey: string;
  stepId: string;
  stepType: string;
  config: Value;
  call: StepCall;
  /** The locals in scope at the `flow/step` call, innermost binding of each name. */
  locals(): ReadonlyMap<string, Value>;
}

/** A step whose record was committed. */
export interface StepSettled extends StepPause {
  record: JournalRecord;
  /** The journaled result (null for a failed step). */
  result: Value | null;
  mocked: boolean;
}

export interface StepFailure extends StepSettled {
  error: StepErrorData;
}

export interface RunObserver {
  /**
   * Awaited before each step runs (not before replayed ones): the debugger pauses here.
   * Throwing stops the execution (the run stays `running`, resumable) and the error reaches
   * whoever started the execution.
   */
  beforeStep?(step: StepPause): void | Promise<void>;
  /** After a step's record (completed or failed) is committed. Exceptions are ignored. */
  afterStep?(step: StepSettled): void;
  /** After a failed step's record is committed (after `afterStep`). Exceptions are ignored. */
  stepFailed?(step: StepFailure): void;
  /**
   * Awaited when the step's function code was interrupted (EngineOptions.interrupt) after
   * `used` evaluations; the flag is cleared after, and the step runs again from its start.
   * Throwing stops the execution, as from `beforeStep`.
   */
  stepInterrupted?(step: StepPause, used: number): void | Promise<void>;
}

/** The old single-slot hook, kept as one observer. */
export type RunHooks = Pick<RunObserver, 'beforeStep'>;

/** Calls `fn` on each observer (or listener), ignoring what any of them throws. */
export function tellObservers<O>(observers: readonly O[], fn: (o: O) => void): void {
  for (const o of observers) {
    try {
      fn(o);
    } catch {
      // an observer's failure never breaks a run
    }
  }
}
