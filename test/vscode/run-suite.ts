// Prepares a run of the real-VS-Code suite (fresh workspace copy, control files), hands it
// to a runner (code-server + Chromium by default, @vscode/test-electron with
// FLOW_EDN_VSCODE_RUNNER=electron), and collects the results: the suite's case list,
// screenshots in test-results/, and the activation timing in test-results/activation.json.
// `node build/test/vscode/run-suite.js` runs it alone.

import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { controlFiles, type RunnerInfo, type SuiteResults } from './control';
import { findCodeServerInstall, SETUP_COMMAND } from './install';

export const ROOT = resolve(__dirname, '../../..');
export const ARTEFACTS_DIR = join(ROOT, 'test-results');
const TESTS_MODULE = join(ROOT, 'build/test/vscode/suite/index.js');
const EXTENSION_MAIN = join(ROOT, 'out/extension.js');

export type RunnerName = RunnerInfo['runner'];

export interface SuiteRun {
  runner: RunnerName;
  exitCode: number;
  durationMs: number;
  results?: SuiteResults;
  screenshots: string[];
  /** Kept when the run failed (logs, profiles); removed after a passing run unless FLOW_EDN_KEEP_RUN=1. */
  runDir: string;
  activationFile?: string;
  problem?: string;
}

/** Why the suite cannot run here, or undefined when it can. */
export function cannotRun(runner: RunnerName): string | undefined {
  const missing: string[] = [];
  if (!existsSync(EXTENSION_MAIN)) missing.push(`${EXTENSION_MAIN} is missing (run \`npm run build\`)`);
  if (!existsSync(TESTS_MODULE)) missing.push(`${TESTS_MODULE} is missing (run \`npx tsc -p tsconfig.json\`)`);
  if (missing.length > 0) return missing.join('; ');
  if (runner === 'code-server') {
    const check = findCodeServerInstall(ROOT);
    if (!check.ok) return check.reason;
  }
  return undefined;
}

export function selectedRunner(): RunnerName {
  const name = process.env.FLOW_EDN_VSCODE_RUNNER ?? 'code-server';
  if (name !== 'code-server' && name !== 'electron') {
    throw new Error(`FLOW_EDN_VSCODE_RUNNER=${name}: use code-server (default) or electron`);
  }
  return name;
}

export function prepareWorkspace(runDir: string, runner: RunnerName): string {
  const workspace = join(runDir, 'workspace');
  cpSync(join(ROOT, 'test/vscode/workspace'), workspace, { recursive: true });
  cpSync(join(ROOT, 'examples'), join(workspace, 'examples'), { recursive: true });
  const files = controlFiles(workspace);
  mkdirSync(files.dir, { recursive: true });
  const info: RunnerInfo = { runner, screenshots: runner === 'code-server' };
  writeFileSync(files.runner, JSON.stringify(info));
  return workspace;
}

export async function runVsCodeSuite(log: (line: string) => void = console.log): Promise<SuiteRun> {
  const runner = selectedRunner();
  const reason = cannotRun(runner);
  if (reason) throw new Error(reason);
  const started = Date.now();
  const runDir = join(ROOT, '.cache/vscode-test/runs', `run-${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`);
  mkdirSync(runDir, { recursive: true });
  const workspace = prepareWorkspace(runDir, runner);
  log(`runner ${runner}; run folder ${runDir}`);

  let outcome: { exitCode: number; screenshots?: string[]; problem?: string };
  if (runner === 'code-server') {
    const check = findCodeServerInstall(ROOT);
    if (!check.ok) throw new Error(check.reason);
    const { runWithCodeServer } = await import('./code-server-runner.js');
    outcome = await runWithCodeServer({
      install: check.install,
      extensionPath: ROOT,
      testsPath: TESTS_MODULE,
      workspace,
      runDir,
      artefactsDir: ARTEFACTS_DIR,
      log,
    });
  } else {
    const { runWithElectron } = await import('./electron-runner.js');
    outcome = await runWithElectron({ extensionPath: ROOT, testsPath: TESTS_MODULE, workspace, runDir, log });
  }

  const run: SuiteRun = {
    runner,
    exitCode: outcome.exitCode,
    durationMs: Date.now() - started,
    screenshots: outcome.screenshots ?? [],
    runDir,
    ...(outcome.problem ? { problem: outcome.problem } : {}),
  };
  const resultsFile = controlFiles(workspace).results;
  if (existsSync(resultsFile)) {
    run.results = JSON.parse(readFileSync(resultsFile, 'utf8')) as SuiteResults;
    if (run.results.activation) {
      mkdirSync(ARTEFACTS_DIR, { recursive: true });
      run.activationFile = join(ARTEFACTS_DIR, 'activation.json');
      const record = {
        measuredAt: new Date().toISOString(),
        runner,
        vscodeVersion: run.results.vscodeVersion,
        targetMs: 50,
        ...run.results.activation,
        // The figure VS Code itself shows as the activation time (load code + call activate),
        // else the extension's own measurement (which cannot see the bundle's parse time).
        totalMs: run.results.activation.vscode
          ? run.results.activation.vscode.loadCodeMs + run.results.activation.vscode.callActivateMs
          : run.results.activation.moduleLoadMs + run.results.activation.activateMs,
      };
      writeFileSync(run.activationFile, `${JSON.stringify(record, null, 2)}\n`);
    }
  } else if (!run.problem) {
    run.problem = `the suite wrote no results (${resultsFile}); see the logs in ${runDir}`;
  }
  if (run.exitCode === 0 && !run.problem && process.env.FLOW_EDN_KEEP_RUN !== '1') rmSync(runDir, { recursive: true, force: true });
  return run;
}

/** One line per case plus the totals, for people reading the test output. */
export function summarize(run: SuiteRun): string {
  const lines = [`VS Code suite (${run.runner}${run.results ? `, VS Code ${run.results.vscodeVersion}` : ''}): exit ${run.exitCode} in ${(run.durationMs / 1000).toFixed(1)} s`];
  for (const c of run.results?.cases ?? []) lines.push(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name} (${c.ms} ms)${c.error ? `\n       ${c.error.split('\n').join('\n       ')}` : ''}`);
  const a = run.results?.activation;
  if (a) {
    lines.push(
      `  activation: ${a.vscode ? `VS Code: load code ${a.vscode.loadCodeMs} ms${a.vscode.requireMs !== undefined ? ` (the require ${a.vscode.requireMs} ms)` : ''} + call activate ${a.vscode.callActivateMs} ms; own: ` : ''}module ${a.moduleLoadMs.toFixed(1)} ms + activate ${a.activateMs.toFixed(1)} ms, of the host thread's CPU ${(a.moduleLoadCpuMs + a.activateCpuMs).toFixed(1)} ms (VS Code's context preparation between them: ${a.contextWaitMs.toFixed(0)} ms); server ready ${a.serverReadyMs?.toFixed(0) ?? '?'} ms after activate (${run.activationFile})`,
    );
  }
  for (const s of run.screenshots) lines.push(`  screenshot: ${s}`);
  if (run.problem) lines.push(`  problem: ${run.problem}`);
  if (run.exitCode !== 0 || run.problem) lines.push(`  logs: ${run.runDir}`);
  return lines.join('\n');
}

if (require.main === module) {
  const runner = selectedRunner();
  const reason = cannotRun(runner);
  if (reason) {
    console.error(`skipped: ${reason}`);
    if (!reason.includes(SETUP_COMMAND)) console.error(`(then \`${SETUP_COMMAND}\` for the code-server runner)`);
    process.exit(2);
  }
  runVsCodeSuite().then(
    (run) => {
      console.log(summarize(run));
      process.exit(run.exitCode === 0 && !run.problem ? 0 : 1);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
