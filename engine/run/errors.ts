// The run layer's errors as types, with one serialisation. A run's error (`runs.error`) and
// a step's error (`journal.error`) are JSON text written and read only here; a lease
// conflict is a `LeaseHeld`, never a message to match.

/** Why a run failed, as stored in `runs.error` and shown by reports and views. */
export interface RunErrorData {
  message: string;
  /** The step id that failed, or null when the body itself failed. */
  step: string | null;
  /** Stable code: a step error's code, `thrown`, `evaluation-error`, `flow-changed`, `cancelled`, `internal`. */
  code: string;
  /** 1-based line in the flow file (or in `file`, the included file it is in, relative to the
   *  flow's folder), and the offsets of the form in the run's text, when known. */
  line?: number;
  file?: string;
  start?: number;
  end?: number;
}

/** A run's failure (or cancellation) reason. */
export class RunError extends Error {
  constructor(readonly data: RunErrorData) {
    super(data.message);
    this.name = 'RunError';
  }

  get code(): string {
    return this.data.code;
  }

  /** The text stored in `runs.error`. */
  serialize(): string {
    return JSON.stringify(this.data);
  }

  /** Reads `runs.error` text back; undefined for null. Text that is not our JSON becomes an `internal` error holding it. */
  static parse(text: string | null): RunError | undefined {
    if (text === null) return undefined;
    try {
      const d = JSON.parse(text) as Partial<RunErrorData>;
      if (typeof d === 'object' && d !== null && typeof d.message === 'string') {
        return new RunError({ ...d, message: d.message, step: d.step ?? null, code: d.code ?? 'internal' });
      }
    } catch {
      // fall through
    }
    return new RunError({ message: text, step: null, code: 'internal' });
  }

  static internal(e: unknown): RunError {
    return new RunError({ message: `internal error: ${e instanceof Error ? e.message : String(e)}`, step: null, code: 'internal' });
  }

  static cancelled(reason: string): RunError {
    return new RunError({ message: reason, step: null, code: 'cancelled' });
  }
}

/** A step's error as kept in `journal.error` (see steps/types.ts `StepError`). */
export interface StepErrorData {
  message: string;
  code: string;
  status?: number;
  body?: string;
}

export function serializeStepError(e: StepErrorData): string {
  return JSON.stringify(e);
}

export function parseStepError(text: string | null): StepErrorData {
  if (text === null) return { message: 'failed', code: 'step-failed' };
  try {
    const d = JSON.parse(text) as Partial<StepErrorData>;
    return { ...d, message: typeof d.message === 'string' ? d.message : 'failed', code: typeof d.code === 'string' ? d.code : 'step-failed' };
  } catch {
    return { message: text, code: 'step-failed' };
  }
}

/** Another live process holds the run's lease: it is executing the run now. */
export class LeaseHeld extends Error {
  constructor(
    readonly runId: string,
    readonly owner: string | null,
  ) {
    super(`run ${runId} is being executed by another process (${owner ?? 'unknown'}); try again when it stops, or after its lease expires`);
    this.name = 'LeaseHeld';
  }
}

/** No run with this id in the store. */
export class RunNotFound extends Error {
  constructor(readonly runId: string) {
    super(`no run with id ${runId}`);
    this.name = 'RunNotFound';
  }
}

/** A fork that cannot be made as asked (no such step; a replaced step the fork would not keep). */
export class ForkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ForkError';
  }
}
