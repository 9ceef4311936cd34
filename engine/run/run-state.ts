// A run's state as the flow graph shows it (design §8.3): each step id's state (pending,
// running, done, failed, skipped, waiting), the arm each labelled branch took, folded from
// the store's records (run, journal, waits, events) plus the steps a live listener saw start.
// Pure over records, so a view, the CLI or a test computes the same picture.

import type { EventRecord, JournalRecord, RunRecord, RunStatus, RunStore, WaitRecord } from '../store/port';
import { RunError } from './errors';
import type { RunEvent } from './events';

export type StepState = 'pending' | 'running' | 'done' | 'failed' | 'skipped' | 'waiting';
export const stepStates: readonly StepState[] = ['pending', 'running', 'done', 'failed', 'skipped', 'waiting'];

export interface BranchTaken {
  label: string;
  taken: 'yes' | 'no';
}

export interface RunState {
  runId: string;
  /** The flow's slug and the file it ran from, to match the run to a graph. */
  flow: string;
  flowPath: string | null;
  status: RunStatus;
  /** By step id (a step run in a loop: the state of its liveliest occurrence). */
  steps: Record<string, StepState>;
  /** The last arm each labelled `if` took, in the order first seen. */
  branches: BranchTaken[];
  /** The source the run is pinned to (a graph whose text differs shows the states as stale). */
  source: string;
}

export interface RunStateInput {
  run: RunRecord;
  journal: readonly JournalRecord[];
  waits: readonly WaitRecord[];
  events: readonly RunEvent[];
  /** Step keys a live listener saw start whose records are not committed yet. */
  started?: Iterable<string>;
  /** The graph's step ids: those the run never reached read `pending` (run active) or `skipped` (run ended). */
  stepIds?: Iterable<string>;
}

/** Which state wins when one step id ran several times (a loop): the liveliest. */
const rank: Record<StepState, number> = { running: 5, waiting: 4, failed: 3, done: 2, skipped: 1, pending: 0 };

const stepIdOf = (stepKey: string): string => stepKey.replace(/#\d+$/, '');

/** The state model of one run from its records. */
export function runStateOf(input: RunStateInput): RunState {
  const { run } = input;
  const ended = run.status === 'completed' || run.status === 'failed' || run.status === 'cancelled';
  const byKey = new Map<string, StepState>();
  const idOfKey = new Map<string, string>();
  const skippedKeys = new Set<string>();
  const branches = new Map<string, BranchTaken['taken']>();
  const startedKeys = new Set<string>(input.started ?? []);
  for (const e of input.events) {
    if (e.type === 'step-started') {
      startedKeys.add(e.stepKey);
      idOfKey.set(e.stepKey, e.stepId);
    } else if (e.type === 'step-completed' && e.skipped) skippedKeys.add(e.stepKey);
    else if (e.type === 'branch' && e.label !== null) {
      branches.delete(e.label);
      branches.set(e.label, e.taken);
    }
  }
  // Started, not yet journaled: in flight while the run goes on; what a failure stopped.
  const failedStep = run.status === 'failed' ? (RunError.parse(run.error)?.data.step ?? null) : null;
  for (const key of startedKeys) {
    const id = idOfKey.get(key) ?? stepIdOf(key);
    idOfKey.set(key, id);
    byKey.set(key, run.status === 'running' ? 'running' : run.status === 'failed' && (failedStep === null || failedStep === id) ? 'failed' : run.status === 'waiting' ? 'pending' : 'skipped');
  }
  for (const w of input.waits) {
    idOfKey.set(w.stepKey, w.stepId);
    if (w.status === 'pending') byKey.set(w.stepKey, 'waiting');
    else if (!ended) byKey.set(w.stepKey, run.status === 'running' ? 'running' : 'pending');
    else if (w.status === 'cancelled') byKey.set(w.stepKey, 'skipped');
  }
  for (const r of input.journal) {
    idOfKey.set(r.stepKey, r.stepId);
    byKey.set(r.stepKey, r.status === 'failed' ? 'failed' : skippedKeys.has(r.stepKey) ? 'skipped' : 'done');
  }
  const steps: Record<string, StepState> = {};
  for (const [key, state] of byKey) {
    const id = idOfKey.get(key) ?? stepIdOf(key);
    const was = steps[id];
    if (was === undefined || rank[state] > rank[was]) steps[id] = state;
  }
  if (failedStep !== null && steps[failedStep] === undefined) steps[failedStep] = 'failed';
  for (const id of input.stepIds ?? []) if (steps[id] === undefined) steps[id] = ended ? 'skipped' : 'pending';
  return {
    runId: run.id,
    flow: run.flow,
    flowPath: run.flowPath,
    status: run.status,
    steps,
    branches: [...branches].map(([label, taken]) => ({ label, taken })),
    source: run.source,
  };
}

/** Decodes stored events (skipping any this version cannot read). */
export function decodeEvents(records: readonly EventRecord[]): RunEvent[] {
  const out: RunEvent[] = [];
  for (const r of records) {
    try {
      out.push(JSON.parse(r.data) as RunEvent);
    } catch {
      // An event row that is not JSON carries nothing the picture needs.
    }
  }
  return out;
}

/** Reads a run's state from the store; undefined when the run does not exist (or was deleted). */
export function readRunState(store: RunStore, runId: string, options: { started?: Iterable<string>; stepIds?: Iterable<string> } = {}): RunState | undefined {
  const run = store.getRun(runId);
  if (run === undefined) return undefined;
  return runStateOf({ run, journal: store.journal(runId), waits: store.findWaits({ runId }), events: decodeEvents(store.events(runId)), ...options });
}
