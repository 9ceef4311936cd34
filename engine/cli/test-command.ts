// `flow-edn test [PATHS...] [--scenario NAME]`: runs every scenario (`x.sim.edn`,
// `x.<name>.sim.edn`) that has an `:expect`, or one (a sim file path, or a flow with
// `--scenario`), each on a fresh store, and reports pass/fail per scenario with a key-level
// diff of the output. Stores of failed runs are kept for `flow-edn show`. Exit 1 on any
// failure, 2 when there is nothing to test.

import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { decodeValue } from '../run/codec';
import { expectationProblems, outputDifferences, type OutputDifference } from '../run/expect';
import { kget } from '../run/data';
import { paint } from '../run/paint';
import { FlowLoadError, loadProgram, type FlowProgram } from '../run/program';
import { runReport } from '../run/report';
import { startRun } from '../run/runner';
import { parseSimulation, scenarioName, scenarioPaths } from '../run/simulation';
import { openStore } from '../store/index';
import { engineFor, requireFormat } from './engine-setup';
import { collectFlowFiles, displayPath, readTextFile } from './files';
import { simulationRefusal } from './simulation-gate';
import { UsageError, type CommandIO } from './io';

export const testHelp = `Usage: flow-edn test [PATHS...] [--scenario NAME] [--format text|json]

Runs every simulation scenario with an :expect beside the given flows (default: the
current folder) on a fresh store and reports pass/fail per scenario. A path to one
simulation file (x.sim.edn or x.<name>.sim.edn) runs that scenario only; so does one flow
with --scenario NAME (default for x.sim.edn). A failed :expect on the output lists each
differing key (path, expected, actual). The store of a failed run is kept, and the command
to open it with \`flow-edn show\` is printed.`;

interface ScenarioResult {
  flow: string;
  scenario: string;
  path: string;
  passed: boolean;
  status: string | null;
  problems: string[];
  diff: OutputDifference[];
  runId: string | null;
  /** The kept store of a failed run (open it with `flow-edn show RUN --db PATH`). */
  store: string | null;
}

/** The flow a simulation file belongs to: `x.flow.edn` (or `.clj`) beside `x[.name].sim.edn`. */
export function flowOfScenario(simPath: string): string | null {
  const stem = basename(simPath).replace(/\.sim\.edn$/, '');
  const stems = [stem, stem.replace(/\.[^.]+$/, '')];
  for (const s of stems) for (const ext of ['.flow.edn', '.flow.clj']) if (existsSync(join(dirname(simPath), s + ext))) return join(dirname(simPath), s + ext);
  return null;
}

/** The (flow, scenarios) pairs the arguments name. */
function selection(positionals: string[], scenario: string | undefined, io: CommandIO): { pairs: [string, string[]][]; ok: boolean } {
  const pairs: [string, string[]][] = [];
  const simArgs = positionals.filter((p) => p.endsWith('.sim.edn'));
  const others = positionals.filter((p) => !p.endsWith('.sim.edn'));
  for (const sim of simArgs) {
    if (!existsSync(sim)) throw new UsageError(`no simulation file '${sim}'`);
    const flow = flowOfScenario(sim);
    if (flow === null) throw new UsageError(`no flow beside '${sim}': expected ${basename(sim).replace(/(\.[^.]+)?\.sim\.edn$/, '.flow.edn')}`);
    pairs.push([flow, [sim]]);
  }
  if (others.length === 0 && simArgs.length > 0) return { pairs, ok: true };
  const { files, errors } = collectFlowFiles(others.length ? others : ['.']);
  for (const e of errors) io.err(e.warning ? `flow-edn: warning: '${displayPath(e.path)}': ${e.message}` : `flow-edn: cannot read '${e.path}': ${e.message}`);
  if (errors.some((e) => !e.warning)) return { pairs, ok: false };
  if (scenario !== undefined) {
    if (files.length !== 1) throw new UsageError(`--scenario picks a scenario of one flow; ${files.length} flows were given`);
    const all = scenarioPaths(files[0]!);
    const found = all.filter((p) => scenarioName(p) === scenario);
    if (found.length === 0) throw new UsageError(`flow ${displayPath(files[0]!)} has no scenario '${scenario}'; it has ${all.map((p) => scenarioName(p)).join(', ') || 'none'}`);
    pairs.push([files[0]!, found]);
  } else for (const f of files) pairs.push([f, scenarioPaths(f)]);
  return { pairs, ok: true };
}

export async function runTest(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { scenario: { type: 'string' }, format: { type: 'string' } } });
  const format = requireFormat(values.format);
  const picked = selection(positionals, values.scenario, io);
  if (!picked.ok) return 2;
  const single = picked.pairs.length === 1 && picked.pairs[0]![1].length === 1 && (values.scenario !== undefined || positionals.some((p) => p.endsWith('.sim.edn')));
  const dir = mkdtempSync(join(tmpdir(), 'flow-edn-test-'));
  const results: ScenarioResult[] = [];
  for (const [flowPath, scenarios] of picked.pairs) {
    if (scenarios.length === 0) continue;
    const read = readTextFile(flowPath);
    if ('error' in read) throw new UsageError(`cannot read '${flowPath}': ${read.error}`);
    let program: FlowProgram;
    try {
      program = loadProgram(read.text, displayPath(flowPath));
    } catch (e) {
      if (!(e instanceof FlowLoadError)) throw e;
      for (const s of scenarios) results.push({ flow: displayPath(flowPath), scenario: s, path: displayPath(s), passed: false, status: null, problems: [`the flow does not check: ${e.message}`], diff: [], runId: null, store: null });
      continue;
    }
    for (const simPath of scenarios) {
      const simRead = readTextFile(simPath);
      if ('error' in simRead) throw new UsageError(`cannot read '${simPath}': ${simRead.error}`);
      const refusal = simulationRefusal(simRead.text, displayPath(simPath), read.text, false);
      if (refusal !== null) {
        results.push({ flow: displayPath(flowPath), scenario: scenarioName(simPath), path: displayPath(simPath), passed: false, status: null, problems: refusal.split('\n'), diff: [], runId: null, store: null });
        continue;
      }
      const sim = parseSimulation(simRead.text, displayPath(simPath));
      // Named on its own, a scenario runs even without :expect (it passes when the run does not fail).
      if (sim.expect === null && !single) continue;
      const dbPath = join(dir, `${results.length + 1}-${sim.name}.db`);
      const store = openStore(dbPath);
      const base = { flow: displayPath(flowPath), scenario: sim.name, path: displayPath(simPath) };
      try {
        const run = await startRun(program, sim, engineFor(store));
        const report = runReport(store, run.id);
        const output = run.output === null ? null : decodeValue(run.output);
        const expect = sim.expect;
        const problems = expect !== null ? expectationProblems(expect, report, output) : report.status === 'failed' ? [`the run failed: ${report.error?.message ?? ''}`] : [];
        const expected = expect !== null ? kget(expect, 'output') : undefined;
        const diff = expected !== undefined ? outputDifferences(expected, output) : [];
        results.push({ ...base, passed: problems.length === 0, status: report.status, problems, diff, runId: run.id, store: problems.length === 0 ? null : dbPath });
      } catch (e) {
        results.push({ ...base, passed: false, status: null, problems: [(e as Error).message], diff: [], runId: null, store: null });
      } finally {
        store.close();
      }
    }
  }
  cleanUp(dir, results);
  const passed = results.filter((r) => r.passed).length;
  const failed = results.length - passed;
  const p = paint(io.colour);
  if (format === 'json') io.out(JSON.stringify({ scenarios: results, summary: { passed, failed } }, null, 2));
  else {
    for (const r of results) {
      io.out(`${r.passed ? p.green('✔') : p.red('✘')} ${r.path}${r.status ? ` (${r.status})` : ''}`);
      for (const problem of r.problems) io.out(`    ${problem}`);
      if (r.store !== null && r.runId !== null) io.out(p.dim(`    kept: flow-edn show ${r.runId} --db ${r.store}`));
    }
    io.out(`${passed} passed, ${failed} failed`);
  }
  if (results.length === 0) {
    io.err('flow-edn test: no scenarios with :expect found (looked for x.sim.edn and x.<name>.sim.edn beside each flow)');
    return 2;
  }
  return failed > 0 ? 1 : 0;
}

/** Removes the stores of passed scenarios (and the folder when nothing failed). */
function cleanUp(dir: string, results: ScenarioResult[]): void {
  const kept = new Set(results.flatMap((r) => (r.store !== null ? [r.store] : [])));
  if (kept.size === 0) {
    rmSync(dir, { recursive: true, force: true });
    return;
  }
  for (const f of readdirSync(dir)) {
    const path = join(dir, f);
    if (![...kept].some((k) => path === k || path.startsWith(k + '-'))) rmSync(path, { force: true });
  }
}
