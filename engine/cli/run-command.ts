// `flow-edn run FLOW [--sim FILE] [--input EDN|JSON] [--db PATH]` and `flow-edn resume RUN`:
// start a run (the flow's default `x.sim.edn` supplies bindings and mocks) or resume one by
// replay, then print its timeline or design §7's JSON report.

import { parseArgs } from 'node:util';
import { parseDuration } from '../language/duration';
import { FlowLoadError, loadProgram } from '../run/program';
import { formatTimeline, runReport } from '../run/report';
import { InputRefused } from '../run/invocation-inputs';
import { resumeRun, startRun } from '../run/runner';
import { defaultSimulationPath, emptySimulation, parseSimulation, SimulationError, type Simulation } from '../run/simulation';
import type { RunRecord, RunStore } from '../store/port';
import { engineFor, openCliStore, parseData, requireFormat } from './engine-setup';
import { displayPath, readTextFile } from './files';
import { UsageError, type CommandIO } from './io';
import { simulationRefusal } from './simulation-gate';
import { resolveRunId } from './run-ids';
import { paint } from '../run/paint';
import { liveRun } from './live-progress';

export const runHelp = `Usage: flow-edn run FLOW [options]

Runs a flow locally on the embedded store. Bindings, secrets and mocks come from the
flow's simulation file (x.sim.edn beside x.flow.edn) unless --sim names another.

Options:
  --sim FILE        simulation file (default: the flow's x.sim.edn, if any)
  --no-sim          run without a simulation file
  --input DATA      run input as EDN or JSON (default: the simulation's :input)
  --trigger NAME    trigger label or event name
  --invocation ID   the invocation whose :inputs the input must satisfy (default :default)
  --db PATH         run store (default .flow-edn/runs.db)
  --format FORMAT   text (timeline) or json (run report)

Exit status: 0 completed or waiting, 1 failed, 2 bad usage or unreadable input.`;

export const resumeHelp = `Usage: flow-edn resume RUN [--advance DURATION] [--db PATH] [--format text|json]

RUN is a run id, a unique prefix of one, or \`last\`.

Resumes a run by replay: after a crash, or to let a wait's timeout fire. --advance moves a
run's virtual clock forward first (e.g. --advance 3h).`;

export function printRun(io: CommandIO, store: RunStore, run: RunRecord, format: 'text' | 'json'): number {
  const report = runReport(store, run.id);
  if (format === 'json') io.out(JSON.stringify(report, null, 2));
  else {
    // The timeline shows the error once (on its step's line, or at the end).
    io.out(formatTimeline(store.getRun(run.id)!, store.events(run.id), { paint: paint(io.colour), width: io.width ?? 100 }));
    if (report.status === 'waiting') {
      for (const w of report.waits.filter((x) => x.status === 'pending')) io.out(`waiting: :${w.step} (key ${JSON.stringify(w.key)}${w.expiresAt ? `, until ${w.expiresAt}` : ''}) — resolve with: flow-edn approve ${run.id}${report.waits.filter((x) => x.status === 'pending').length > 1 ? ` --step ${w.step}` : ''}   or: flow-edn reject ${run.id}`);
    }
  }
  return report.status === 'failed' ? 1 : 0;
}

/** Thrown when the simulation file has errors `check` reports; the message holds them. */
export class SimulationRefused extends Error {}

export function loadSimulation(flowPath: string, sim: string | undefined, noSim: boolean, flowText?: string, colour = false): Simulation {
  if (noSim) return emptySimulation();
  const path = sim ?? defaultSimulationPath(flowPath);
  if (path === null) return emptySimulation();
  const read = readTextFile(path);
  if ('error' in read) throw new UsageError(`cannot read simulation '${displayPath(path)}': ${read.error}`);
  if (flowText !== undefined) {
    const refusal = simulationRefusal(read.text, displayPath(path), flowText, colour);
    if (refusal !== null) throw new SimulationRefused(refusal);
  }
  return parseSimulation(read.text, displayPath(path));
}

export async function runRun(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { sim: { type: 'string' }, 'no-sim': { type: 'boolean' }, input: { type: 'string' }, trigger: { type: 'string' }, invocation: { type: 'string' }, db: { type: 'string' }, format: { type: 'string' } },
  });
  const format = requireFormat(values.format);
  if (positionals.length !== 1) throw new UsageError('run takes one flow file, e.g. `flow-edn run examples/advanced-order-orchestration.flow.edn`');
  const flowPath = positionals[0]!;
  const read = readTextFile(flowPath);
  if ('error' in read) {
    io.err(`flow-edn: cannot read '${flowPath}': ${read.error}`);
    return 2;
  }
  let sim: Simulation;
  try {
    sim = loadSimulation(flowPath, values.sim, values['no-sim'] === true, read.text, io.colour);
  } catch (e) {
    if (e instanceof SimulationRefused) {
      io.err(e.message);
      return 1;
    }
    if (e instanceof SimulationError || e instanceof UsageError) {
      io.err(`flow-edn run: ${e.message}`);
      return 2;
    }
    throw e;
  }
  let program;
  try {
    program = loadProgram(read.text, displayPath(flowPath));
  } catch (e) {
    if (e instanceof FlowLoadError) {
      io.err(`flow-edn run: the flow does not check, so it does not run:\n${e.message}`);
      return 1;
    }
    throw e;
  }
  const store = openCliStore(values.db);
  try {
    const input = values.input !== undefined ? parseData(values.input, '--input') : undefined;
    let run;
    const live = liveRun(io, sim.clock === null);
    try {
      run = await startRun(program, sim, { ...engineFor(store), listeners: [live.listener] }, { ...(input !== undefined ? { input } : {}), ...(values.trigger ? { trigger: values.trigger } : {}), ...(values.invocation ? { invocation: values.invocation.replace(/^:/, '') } : {}) });
    } catch (e) {
      if (e instanceof InputRefused) {
        io.err(`flow-edn run: the run did not start: ${e.message}`);
        return 2;
      }
      throw e;
    } finally {
      live.dispose();
    }
    return printRun(io, store, run, format);
  } finally {
    store.close();
  }
}

export async function runResume(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { advance: { type: 'string' }, db: { type: 'string' }, format: { type: 'string' } } });
  const format = requireFormat(values.format);
  if (positionals.length !== 1) throw new UsageError('resume takes one run id');
  let advanceMs: number | undefined;
  if (values.advance !== undefined) {
    const ms = parseDuration(values.advance);
    if (ms === null) throw new UsageError(`--advance takes a duration such as 30s, 2h or 1d, not '${values.advance}'`);
    advanceMs = ms;
  }
  const store = openCliStore(values.db, 'existing');
  try {
    const runId = resolveRunId(store, positionals[0]!);
    const live = liveRun(io, store.getRun(runId)!.clock === null, runId);
    let run;
    try {
      run = await resumeRun(runId, { ...engineFor(store), listeners: [live.listener] }, advanceMs !== undefined ? { advanceMs } : {});
    } finally {
      live.dispose();
    }
    return printRun(io, store, run, format);
  } finally {
    store.close();
  }
}
