// The interpreter's error classes. Runtime errors start unlocated (core functions do not know
// where they were called from) and the innermost call site that sees one stamps its source
// range on it, so every error that leaves the interpreter names the form that failed.

import type { Value } from '../edn/values';

/** Base of engine signals (suspend at a wait, pause for the debugger...). Flow code never
 *  catches one, and `finally` clauses do not run while one passes: the run is not over, it
 *  will be replayed. */
export class HostSignal extends Error {}

/** Thrown out of a run another thread asked to stop (`interruptible` in runtime.ts): not a
 *  failure; `used` is the fuel spent when it was noticed, so a replay can find the place. */
export class Interrupted extends HostSignal {
  constructor(readonly used: number) {
    super(`interrupted after ${used} evaluations`);
  }
}

export type ErrorPhase = 'compile' | 'run';

export interface InterpErrorOptions {
  /** False for errors flow code may not catch (fuel exhaustion, stack overflow). @default true */
  catchable?: boolean;
  /** The Java exception class a `catch` clause matches, e.g. `java.lang.ArithmeticException`.
   *  @default 'java.lang.RuntimeException' */
  javaClass?: string;
  data?: unknown;
  phase?: ErrorPhase;
}

/** A compile-time or runtime error located in the source. `start`/`end` are offsets into the
 *  text the code was read from (for function code strings: into the string's value). They
 *  are -1 until a call site locates the error; nothing leaves the interpreter unlocated. */
export class InterpError extends Error {
  start: number;
  end: number;
  data?: unknown;
  readonly catchable: boolean;
  readonly javaClass: string;
  phase: ErrorPhase;
  constructor(message: string, start = -1, end = -1, options: InterpErrorOptions = {}) {
    super(message);
    this.name = 'InterpError';
    this.start = start;
    this.end = end;
    if (options.data !== undefined) this.data = options.data;
    this.catchable = options.catchable ?? true;
    this.javaClass = options.javaClass ?? 'java.lang.RuntimeException';
    this.phase = options.phase ?? 'run';
  }
}

/** What `(throw x)` threw and nobody caught: `value` is the exception value (an `ex-info`,
 *  see `ExceptionValue`), `start`/`end` the range of the `throw` form. A host may throw one
 *  from `step` to fail a step in a way flow code can catch. */
export class ThrownValue extends Error {
  constructor(
    readonly value: Value,
    public start: number,
    public end: number,
  ) {
    super(thrownMessage(value));
    this.name = 'ThrownValue';
  }
}

function thrownMessage(value: Value): string {
  const m = value !== null && typeof value === 'object' && 'message' in value ? (value as { message: unknown }).message : null;
  return typeof m === 'string' ? m : 'a value was thrown';
}

/** An unlocated runtime error; the nearest call site adds the range. */
export function fail(message: string, javaClass?: string): never {
  throw new InterpError(message, -1, -1, javaClass === undefined ? {} : { javaClass });
}

export function failArg(message: string): never {
  throw new InterpError(message, -1, -1, { javaClass: 'java.lang.IllegalArgumentException' });
}

export function failCast(message: string): never {
  throw new InterpError(message, -1, -1, { javaClass: 'java.lang.ClassCastException' });
}

export function compileError(message: string, at: { start: number; end: number }): InterpError {
  return new InterpError(message, at.start, at.end, { phase: 'compile' });
}

const STACK_MESSAGE = 'evaluation nested too deeply (stack overflow): unbounded recursion? Use loop/recur for long iterations';

/**
 * Gives an error escaping the form at `start..end` a location. Unlocated interpreter errors
 * get this range; JS engine errors from evaluation (a stack overflow, a string too long) become
 * located interpreter errors; everything else (host signals, host errors) passes untouched.
 */
export function locate(e: unknown, start: number, end: number): unknown {
  if (e instanceof InterpError) {
    if (e.start < 0) {
      e.start = start;
      e.end = end;
    }
    return e;
  }
  if (e instanceof RangeError) {
    if (e.message.includes('call stack')) return new InterpError(STACK_MESSAGE, start, end, { catchable: false });
    return new InterpError(`Out of range: ${e.message}`, start, end, { catchable: false });
  }
  return e;
}

/** True for what `try`/`catch` in flow code may handle. */
export function isCatchable(e: unknown): e is InterpError | ThrownValue {
  return e instanceof ThrownValue || (e instanceof InterpError && e.catchable);
}
