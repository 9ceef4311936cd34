// `flow-edn test [PATHS...]`: runs every scenario (`x.sim.edn`, `x.<name>.sim.edn`) that has
// an `:expect`, each on a fresh store, and reports pass/fail per scenario. Exit 1 on any
// failure, 2 when there is nothing to test.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { decodeValue } from '../run/codec';
import { expectationProblems } from '../run/expect';
import { FlowLoadError, loadProgram } from '../run/program';
import { runReport } from '../run/report';
import { startRun } from '../run/runner';
import { parseSimulation, scenarioPaths } from '../run/simulation';
import { openStore } from '../store/index';
import { engineFor, requireFormat } from './engine-setup';
import { collectFlowFiles, displayPath, readTextFile } from './files';
import { simulationRefusal } from './simulation-gate';
import { UsageError, type CommandIO } from './io';

export const testHelp = `Usage: flow-edn test [PATHS...] [--format text|json]

Runs every simulation scenario with an :expect beside the given flows (default: the
current folder) on a fresh store and reports pass/fail per scenario.`;

interface ScenarioResult {
  flow: string;
  scenario: string;
  path: string;
  passed: boolean;
  status: string | null;
  problems: string[];
}

export async function runTest(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { format: { type: 'string' } } });
  const format = requireFormat(values.format);
  const { files, errors } = collectFlowFiles(positionals.length ? positionals : ['.']);
  for (const e of errors) io.err(e.warning ? `flow-edn: warning: '${displayPath(e.path)}': ${e.message}` : `flow-edn: cannot read '${e.path}': ${e.message}`);
  if (errors.some((e) => !e.warning)) return 2;
  const dir = mkdtempSync(join(tmpdir(), 'flow-edn-test-'));
  const results: ScenarioResult[] = [];
  try {
    for (const flowPath of files) {
      const scenarios = scenarioPaths(flowPath);
      if (scenarios.length === 0) continue;
      const read = readTextFile(flowPath);
      if ('error' in read) throw new UsageError(`cannot read '${flowPath}': ${read.error}`);
      let program;
      try {
        program = loadProgram(read.text, displayPath(flowPath));
      } catch (e) {
        if (!(e instanceof FlowLoadError)) throw e;
        for (const s of scenarios) results.push({ flow: displayPath(flowPath), scenario: s, path: displayPath(s), passed: false, status: null, problems: [`the flow does not check: ${e.message}`] });
        continue;
      }
      for (const simPath of scenarios) {
        const simRead = readTextFile(simPath);
        if ('error' in simRead) throw new UsageError(`cannot read '${simPath}': ${simRead.error}`);
        const refusal = simulationRefusal(simRead.text, displayPath(simPath), read.text, false);
        if (refusal !== null) {
          results.push({ flow: displayPath(flowPath), scenario: simPath, path: displayPath(simPath), passed: false, status: null, problems: refusal.split('\n') });
          continue;
        }
        const sim = parseSimulation(simRead.text, displayPath(simPath));
        if (sim.expect === null) continue;
        const store = openStore(join(dir, `${results.length}.db`));
        try {
          const run = await startRun(program, sim, engineFor(store));
          const report = runReport(store, run.id);
          const output = run.output === null ? null : decodeValue(run.output);
          const problems = expectationProblems(sim.expect, report, output);
          results.push({ flow: displayPath(flowPath), scenario: sim.name, path: displayPath(simPath), passed: problems.length === 0, status: report.status, problems });
        } catch (e) {
          results.push({ flow: displayPath(flowPath), scenario: sim.name, path: displayPath(simPath), passed: false, status: null, problems: [(e as Error).message] });
        } finally {
          store.close();
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const passed = results.filter((r) => r.passed).length;
  const failed = results.length - passed;
  if (format === 'json') io.out(JSON.stringify({ scenarios: results, summary: { passed, failed } }, null, 2));
  else {
    for (const r of results) {
      io.out(`${r.passed ? '✔' : '✘'} ${r.path}${r.status ? ` (${r.status})` : ''}`);
      for (const p of r.problems) io.out(`    ${p}`);
    }
    io.out(`${passed} passed, ${failed} failed`);
  }
  if (results.length === 0) {
    io.err('flow-edn test: no scenarios with :expect found (looked for x.sim.edn and x.<name>.sim.edn beside each flow)');
    return 2;
  }
  return failed > 0 ? 1 : 0;
}
