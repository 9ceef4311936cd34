// Signals the engine throws through the interpreter (they pass flow code's try/catch
// untouched): a step that must run before the body can go on, a journaled failure, and a
// body that no longer matches its journal.

import type { StepCall } from '../interp/index';
import { HostSignal } from '../interp/index';
import type { JournalRecord } from '../store/port';

/** The body reached a step with no journal record: run it, commit, replay. */
export class StepNeeded extends HostSignal {
  constructor(
    readonly call: StepCall,
    readonly stepKey: string,
    readonly stepId: string,
  ) {
    super(`step ${stepKey} needs to run`);
  }
}

/** The body reached a step whose journal record is a failure: the run fails. */
export class StepFailed extends HostSignal {
  constructor(
    readonly record: JournalRecord,
    readonly call: StepCall,
  ) {
    super(`step :${record.stepId} failed`);
  }
}

/** The body reached steps in another order than the journal: runs are pinned to their source. */
export class FlowChanged extends HostSignal {
  constructor(message: string) {
    super(message);
  }
}

/** Builds a signal without capturing a stack trace: signals are control flow, thrown on
 *  every new step of every replay, and a stack costs more than the rest of the step. */
export function quietly<T>(make: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return make();
  } finally {
    Error.stackTraceLimit = limit;
  }
}
