// Pause by replay at step boundaries: the body is evaluated again from the start with every
// journaled step answered from the journal (nothing runs again) and unwinds at the step a
// boundary names, capturing that call's locals. Step Back, Reverse Continue, history stops
// and every stop's Variables view are built from one such replay.

import type { Value } from '../edn/values';
import type { CollNode } from '../edn/nodes';
import { HostSignal, type Host, type StepCall } from '../interp/index';
import { decodeValue } from '../run/codec';
import type { FlowProgram } from '../run/program';
import { runInput } from '../run/run-input';
import { FlowChanged, quietly, StepFailed } from '../run/signals';
import { emptySimulation, parseSimulation } from '../run/simulation';
import type { JournalRecord, RunRecord } from '../store/port';
import { stepKeys } from '../run/step-keys';

/** A labelled `if` decided during the replay, before the boundary's step. */
export interface BranchSeen {
  /** Source offset of the branch metadata in the program's source. */
  start: number;
  label: string | null;
  branch: string | null;
  taken: boolean;
  /** How many journal records the body had passed when it decided. */
  position: number;
}

export interface BoundaryView {
  /** Index into the journal of the step the boundary stands before. */
  position: number;
  /** The step call at the boundary; null when the body ended (or failed) before reaching one. */
  call: StepCall | null;
  stepKey: string | null;
  locals: ReadonlyMap<string, Value>;
  input: Value;
  branches: BranchSeen[];
  /** The journal record of that step, when it ran already. */
  record: JournalRecord | null;
  /** The body ended before the boundary: its value, or what it threw. */
  end: { output: Value } | { error: unknown } | null;
}

class Unwind extends HostSignal {
  constructor(
    readonly call: StepCall,
    readonly stepKey: string,
  ) {
    super('debugger unwind');
  }
}

const nowNode: CollNode = { kind: 'list', start: 0, end: 0, children: [], closed: true, prefix: null };
const NONE: ReadonlyMap<string, Value> = new Map();

/** Replays `run`'s body against `journal` up to the step at `position` (journal.length: the next step to run). */
export function replayToBoundary(program: FlowProgram, run: RunRecord, journal: readonly JournalRecord[], position: number): BoundaryView {
  const keyOf = stepKeys();
  const branches: BranchSeen[] = [];
  let pos = 0;
  const input = runInput(decodeValue(run.input), { runId: run.id, flow: program.slug, trigger: run.trigger });
  const sim = simulationOf(run);
  const host: Host = {
    step: (call) => {
      const key = keyOf(call);
      if (pos === position) throw quietly(() => new Unwind(call, key));
      const rec = journal[pos];
      if (rec === undefined) throw quietly(() => new Unwind(call, key));
      if (rec.stepKey !== key) throw new FlowChanged(`the body reaches ${key} where the journal holds ${rec.stepKey}: the run's source no longer matches its journal`);
      pos++;
      if (rec.status === 'failed') throw quietly(() => new StepFailed(rec, call));
      return rec.result === null ? null : decodeValue(rec.result);
    },
    input: () => input,
    nowMs: () => host.step({ type: 'now', id: 'flow/now-ms', config: null, node: nowNode }) as number,
    slotBound: (slot) => sim.bindings.has(slot),
    branch: (site, taken) => branches.push({ start: site.node.start, label: site.label, branch: taken ? site.yes : site.no, taken, position: pos }),
  };
  try {
    const output = program.body.run(host);
    return { position: pos, call: null, stepKey: null, locals: NONE, input, branches, record: null, end: { output } };
  } catch (e) {
    if (e instanceof Unwind) {
      const locals = e.call.locals?.() ?? NONE;
      return { position: pos, call: e.call, stepKey: e.stepKey, locals, input, branches, record: journal[pos] ?? null, end: null };
    }
    return { position: pos, call: null, stepKey: null, locals: NONE, input, branches, record: null, end: { error: e } };
  }
}

function simulationOf(run: RunRecord) {
  if (!run.simulation) return emptySimulation();
  try {
    return parseSimulation(run.simulation, null);
  } catch {
    return emptySimulation();
  }
}
