// The CI step for the package: `npm run package`'s .vsix installed with
// `code-server --install-extension` into a fresh profile and extensions folder, then the smoke
// cases (./smoke) run in that VS Code against the installed copy (no extension under
// development). `node build/test/vscode/vsix-smoke.js` runs it alone (after build + tsc).

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { controlFiles, type SuiteResults } from './control';
import { findCodeServerInstall } from './install';
import { ARTEFACTS_DIR, prepareWorkspace, ROOT, summarize, type SuiteRun } from './run-suite';

const SMOKE_MODULE = join(ROOT, 'build/test/vscode/smoke/index.js');
/**
 * The workbench runs a tests module only beside an extension under development: an empty one
 * (no code, no contributions) stands in, so the Flow EDN loaded is the installed one.
 */
const SMOKE_HOST = join(ROOT, 'test/vscode/smoke/host');

/** Why the smoke cannot run here, or undefined. */
export function smokeCannotRun(): string | undefined {
  if (!existsSync(join(ROOT, 'out/extension.js'))) return 'out/ is not built (npm run build)';
  if (!existsSync(SMOKE_MODULE)) return `${SMOKE_MODULE} is missing (npx tsc -p tsconfig.json)`;
  const check = findCodeServerInstall(ROOT);
  return check.ok ? undefined : check.reason;
}

/** Packages the vsix from out/ as built, without building again. */
function packageVsix(log: (line: string) => void): string {
  const started = Date.now();
  const printed = execFileSync(process.execPath, ['scripts/package-vsix.mjs', '--no-build'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const vsix = readdirSync(ROOT).find((n) => n.endsWith('.vsix'));
  if (vsix === undefined) throw new Error(`npm run package wrote no .vsix:\n${printed}`);
  log(`${printed.trim().split('\n').pop()} (packaged in ${Date.now() - started} ms)`);
  return join(ROOT, vsix);
}

export async function runVsixSmoke(log: (line: string) => void = console.log): Promise<SuiteRun> {
  const check = findCodeServerInstall(ROOT);
  if (!check.ok) throw new Error(check.reason);
  const started = Date.now();
  const vsix = packageVsix(log);
  const runDir = join(ROOT, '.cache/vscode-test/runs', `smoke-${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`);
  mkdirSync(runDir, { recursive: true });
  const workspace = prepareWorkspace(runDir, 'code-server');
  const { runWithCodeServer } = await import('./code-server-runner.js');
  const outcome = await runWithCodeServer({ install: check.install, installVsix: vsix, extensionPath: SMOKE_HOST, testsPath: SMOKE_MODULE, workspace, runDir, artefactsDir: ARTEFACTS_DIR, timeoutMs: 150_000, log });
  const run: SuiteRun = { runner: 'code-server', exitCode: outcome.exitCode, durationMs: Date.now() - started, screenshots: outcome.screenshots, runDir, ...(outcome.problem ? { problem: outcome.problem } : {}) };
  const resultsFile = controlFiles(workspace).results;
  if (existsSync(resultsFile)) run.results = JSON.parse(readFileSync(resultsFile, 'utf8')) as SuiteResults;
  else if (!run.problem) run.problem = `the smoke wrote no results (${resultsFile}); see the logs in ${runDir}`;
  if (run.exitCode === 0 && !run.problem && process.env.FLOW_EDN_KEEP_RUN !== '1') rmSync(runDir, { recursive: true, force: true });
  return run;
}

if (require.main === module) {
  const reason = smokeCannotRun();
  if (reason) {
    console.error(`skipped: ${reason}`);
    process.exit(2);
  }
  runVsixSmoke().then(
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
