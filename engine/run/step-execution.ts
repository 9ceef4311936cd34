// Running one step: events, `{:result ...}` mocks, the executor's attempts under the retry
// policy (backoff on the run's clock, Retry-After honoured), `:on-error`, `:persist`, and the
// journal record the runner commits.

import { Map as IMap } from 'immutable';
import type { Value } from '../edn/values';
import { Interrupted, type StepCall } from '../interp/index';
import type { JournalRecord } from '../store/port';
import { executorFor } from '../steps/registry';
import type { AttemptResult, StepContext, StepError } from '../steps/types';
import { resolveBinding } from './bindings';
import { encodeValue } from './codec';
import { printValue } from '../edn/printer';
import { serializeStepError } from './errors';
import { kget, knum, kstr } from './data';
import { persistResult } from './persist';
import type { Clock } from './clock';
import type { Redactor } from './codec';
import type { RunEvent } from './events';
import type { FlowProgram } from './program';
import { noRetry, retryDelay, retryPolicy } from './retry';
import type { Simulation } from './simulation';
import type { DistributiveOmit } from '../steps/types';
import { sourceLineOf } from './source-files';
import type { RunStore } from '../store/port';

/** What running one step needs from the execution around it (and nothing more). */
export interface StepRun {
  readonly runId: string;
  readonly program: FlowProgram;
  readonly sim: Simulation;
  readonly clock: Clock;
  readonly store: RunStore;
  readonly redactor: Redactor;
  readonly engine: { readonly env?: NodeJS.ProcessEnv; readonly publicUrl?: string; readonly interrupt?: Int32Array };
  /** The one event path: redacted, committed with the step, told to listeners. */
  emit(event: DistributiveOmit<RunEvent, 'runId'>): void;
}

export type StepOutcome =
  | { kind: 'suspend'; effects?: (() => void)[] }
  /** `commit` runs inside the journal transaction: effects, then the record to append. */
  | { kind: 'record'; commit: () => Omit<JournalRecord, 'seq'>; mocked: boolean; /** `:on-error :skip` took the error: its message. */ skipped?: string };

const failed = (rec: Omit<JournalRecord, 'seq'>): StepOutcome => ({ kind: 'record', commit: () => rec, mocked: false });

/** The step type that runs: `:code` is the legacy alias of `:function`. */
function canonicalType(type: string): string {
  return type === 'code' ? 'function' : type;
}

/**
 * Runs one step. `interrupted` is awaited when the step's function code was interrupted
 * (EngineOptions.interrupt) after `used` evaluations (the observers hear of it: the debugger
 * stops there); the attempt then runs again.
 */
export async function executeStep(exec: StepRun, call: StepCall, stepKey: string, stepId: string, interrupted: (used: number) => Promise<void>): Promise<StepOutcome> {
  const { clock, program, sim, engine } = exec;
  const type = canonicalType(call.type);
  const startedAt = clock.now();
  if (type !== 'now') exec.emit({ type: 'step-started', stepKey, stepId, stepType: call.type, start: call.node.start, end: call.node.end, ...sourceLineOf(program, call.node.start), config: printValue(call.config) });
  const record = (status: 'completed' | 'failed', result: Value | null, error: StepError | null, attempts: number): Omit<JournalRecord, 'seq'> => ({
    runId: exec.runId,
    stepKey,
    stepId,
    stepType: call.type,
    status,
    result: status === 'completed' ? encodeValue(exec.redactor.value(result)) : null,
    error: error ? serializeStepError(exec.redactor.json(error)) : null,
    attempts,
    startedAt,
    endedAt: clock.now(),
  });
  if (type === 'now') {
    const now = clock.now();
    return { kind: 'record', commit: () => record('completed', now, null, 1), mocked: false };
  }

  const config = call.config;
  const mock = sim.mocks.get(stepId);
  if (IMap.isMap(mock) && kget(mock, 'result') !== undefined && type !== 'wait') {
    return finish(exec, call, type, stepKey, record, kget(mock, 'result') as Value, true, [], undefined, 1);
  }
  const executor = executorFor(type);
  if (executor === undefined) {
    const error: StepError = {
      message: `:${call.type} steps cannot run locally; mock it in ${sim.path ?? 'the simulation file'}: :mocks {:${stepId} {:result ...}}`,
      code: 'no-mock',
    };
    exec.emit({ type: 'step-attempt', stepKey, attempt: 1, outcome: 'failed', error: error.message });
    return failed(record('failed', null, error, 1));
  }
  const policy = type === 'wait' ? noRetry : retryPolicy(config);
  const timeoutSeconds = type === 'wait' || type === 'sleep' ? null : knum(config, 'timeout');
  for (let attempt = 1; ; attempt++) {
    const ctx: StepContext = {
      runId: exec.runId,
      stepKey,
      stepId,
      stepType: type,
      config,
      call,
      program,
      simulation: sim,
      mock,
      clock,
      store: exec.store,
      idempotencyKey: `${exec.runId}:${stepKey}`,
      attempt,
      timeoutMs: timeoutSeconds !== null ? timeoutSeconds * 1000 : null,
      redactor: exec.redactor,
      ...(engine.publicUrl !== undefined ? { publicUrl: engine.publicUrl } : {}),
      ...(engine.interrupt !== undefined ? { interrupt: engine.interrupt } : {}),
      binding: (slot) => resolveBinding(slot, program, sim, exec.redactor, engine.env ?? process.env),
      emit: (e) => exec.emit(e),
    };
    let r: AttemptResult;
    const attemptStarted = clock.now();
    const timing = () => ({ startedAt: attemptStarted, durationMs: clock.now() - attemptStarted });
    try {
      r = await executor(ctx);
    } catch (e) {
      if (e instanceof Interrupted) {
        // Not a failure: function code has no effects, so the same attempt runs again from its start.
        await interrupted(e.used);
        attempt--;
        continue;
      }
      r = { kind: 'error', error: { message: e instanceof Error ? e.message : String(e), code: 'executor-error' }, retryable: false };
    }
    if (r.kind === 'suspend') return { kind: 'suspend', ...(r.effects ? { effects: r.effects } : {}) };
    if (r.kind === 'ok') {
      // A first attempt that sent nothing is told by step-started and step-completed alone.
      if (attempt > 1 || type === 'http') exec.emit({ type: 'step-attempt', stepKey, attempt, outcome: 'ok', ...timing() });
      return finish(exec, call, type, stepKey, record, r.result, r.mocked, r.effects ?? [], r.commit, attempt);
    }
    const status = r.error.status;
    if (r.retryable && attempt < policy.maxAttempts) {
      const delayMs = retryDelay(policy, attempt + 1, r.retryAfterMs);
      exec.emit({ type: 'step-attempt', stepKey, attempt, outcome: 'retry', error: r.error.message, delayMs, ...(status !== undefined ? { status } : {}), ...timing() });
      await clock.sleep(delayMs);
      continue;
    }
    exec.emit({ type: 'step-attempt', stepKey, attempt, outcome: 'failed', error: r.error.message, ...(status !== undefined ? { status } : {}), ...timing() });
    const onError = kstr(config, 'on-error');
    if (onError === 'skip') return { ...finish(exec, call, type, stepKey, record, null, false, [], undefined, attempt), skipped: r.error.message } as StepOutcome;
    const error = attempt > 1 ? { ...r.error, message: `${r.error.message} (after ${attempt} attempts)` } : r.error;
    return failed(record('failed', null, error, attempt));
  }
}

function finish(
  exec: StepRun,
  call: StepCall,
  type: string,
  stepKey: string,
  record: (status: 'completed', result: Value, error: null, attempts: number) => Omit<JournalRecord, 'seq'>,
  result: Value,
  mocked: boolean,
  effects: (() => void)[],
  commitResult: (() => Value) | undefined,
  attempts: number,
): StepOutcome {
  const persist = kget(call.config, 'persist');
  const now = exec.clock.now();
  return {
    kind: 'record',
    mocked,
    commit: () => {
      for (const effect of effects) effect();
      const final = commitResult ? commitResult() : result;
      if (persist !== undefined && persist !== null && IMap.isMap(persist)) {
        const p = persistResult({ persist, result: final, stepType: type, runId: exec.runId, stepKey, store: exec.store, now });
        for (const effect of p.effects) effect();
        return record('completed', p.result, null, attempts);
      }
      return record('completed', final, null, attempts);
    },
  };
}
