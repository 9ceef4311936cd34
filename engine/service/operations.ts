// What the run service asks an executor (its worker thread, or the host itself) to do:
// start, resume, fork and resolve, each on the engine's options. Values arrive as EDN text.
// A fork is a new run holding another run's journal up to a chosen step (optionally one
// result replaced, marked edited), executed from there by replay.

import { RealClock, VirtualClock } from '../run/clock';
import { decodeValue, encodeValue } from '../run/codec';
import { ForkError, RunNotFound } from '../run/errors';
import { loadProgram } from '../run/program';
import { clockForRun, resumeRun, startRun, type EngineOptions } from '../run/runner';
import { emptySimulation, parseSimulation } from '../run/simulation';
import { resolveAndResume } from '../run/waits';
import type { JournalRecord } from '../store/port';
import type { Operation, OperationResult } from './protocol';

export { ForkError };

export async function perform(engine: EngineOptions, operation: Operation): Promise<OperationResult> {
  switch (operation.op) {
    case 'start': {
      const program = loadProgram(operation.flow.source, operation.flow.path);
      const sim = operation.flow.simulation ? parseSimulation(operation.flow.simulation.text, operation.flow.simulation.path) : emptySimulation();
      // A launch may ask for the real clock under a scenario's virtual one, or the other way round.
      const clock = operation.clock === 'real' ? new RealClock() : operation.clock === 'virtual' ? new VirtualClock(sim.clock?.start ?? Date.now()) : undefined;
      const run = await startRun(program, sim, clock !== undefined ? { ...engine, clock } : engine, {
        runId: operation.runId,
        ...(operation.input !== undefined ? { input: decodeValue(operation.input) } : {}),
        ...(operation.trigger !== undefined ? { trigger: operation.trigger } : {}),
        ...(operation.concurrencyKey !== undefined ? { concurrencyKey: operation.concurrencyKey } : {}),
      });
      return { run };
    }
    case 'resume':
      return { run: await resumeRun(operation.runId, engine, operation.advanceMs !== undefined ? { advanceMs: operation.advanceMs } : {}) };
    case 'fork':
      return { run: await fork(engine, operation) };
    case 'resolve': {
      const out = await resolveAndResume(engine, {
        runId: operation.runId,
        action: operation.action,
        ...(operation.stepId !== undefined ? { stepId: operation.stepId } : {}),
        ...(operation.waitId !== undefined ? { waitId: operation.waitId } : {}),
        ...(operation.payload !== undefined ? { payload: decodeValue(operation.payload) } : {}),
        ...(operation.by !== undefined ? { by: operation.by } : {}),
      });
      return out;
    }
  }
}

/** The records a fork keeps: those before `upTo` (all when null), one result replaced. */
export function forkJournal(journal: JournalRecord[], upTo: string | null, replace?: { stepKey: string; result: string }): Omit<JournalRecord, 'seq' | 'runId'>[] {
  let end = journal.length;
  if (upTo !== null) {
    end = journal.findIndex((r) => r.stepKey === upTo);
    if (end < 0) throw new ForkError(`the run has no journaled step ${upTo}; its steps: ${journal.map((r) => r.stepKey).join(', ') || 'none'}`);
  }
  const kept = journal.slice(0, end);
  if (replace !== undefined) {
    const i = kept.findIndex((r) => r.stepKey === replace.stepKey);
    if (i < 0) throw new ForkError(`step ${replace.stepKey} is not among the steps the fork keeps (${kept.map((r) => r.stepKey).join(', ') || 'none'}); replace a step before the one it re-runs from`);
    kept[i] = { ...kept[i]!, status: 'completed', result: replace.result, error: null, edited: true };
  }
  return kept.map(({ seq: _seq, runId: _runId, ...rest }) => rest);
}

async function fork(engine: EngineOptions, op: Extract<Operation, { op: 'fork' }>) {
  const source = engine.store.getRun(op.fromRunId);
  if (source === undefined) throw new RunNotFound(op.fromRunId);
  const journal = forkJournal(engine.store.journal(op.fromRunId), op.upTo, op.replace);
  const program = loadProgram(source.source, source.flowPath);
  const sim = source.simulation ? parseSimulation(source.simulation, null) : emptySimulation();
  // Re-encode the replacement once, so what is journaled is canonical EDN.
  if (op.replace !== undefined) {
    const rec = journal.find((r) => r.stepKey === op.replace!.stepKey)!;
    rec.result = encodeValue(decodeValue(op.replace.result));
  }
  return startRun(program, sim, { ...engine, clock: engine.clock ?? clockForRun(source) }, {
    runId: op.runId,
    input: decodeValue(source.input),
    trigger: source.trigger,
    journal,
    origin: { forkedFrom: source.id, upTo: op.upTo, edited: op.replace?.stepKey ?? null },
  });
}
