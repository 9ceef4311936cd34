// The real-VS-Code suite as a node:test file: launches VS Code (code-server + headless
// Chromium, or @vscode/test-electron with FLOW_EDN_VSCODE_RUNNER=electron), runs
// test/vscode/suite inside its extension host and reports each case. Skipped, with the
// reason and the command to run, when code-server or chromium is missing; under CI
// (CI set), where .ci/run installs them, a missing install fails instead.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cannotRun, runVsCodeSuite, selectedRunner, summarize } from './run-suite';

const runner = selectedRunner();
const reason = cannotRun(runner);

if (reason && !process.env.CI) {
  console.log(`# VS Code suite skipped: ${reason}`);
  test('extension inside real VS Code', { skip: reason }, () => {});
} else {
  test(`extension inside real VS Code (${runner})`, { timeout: 300_000 }, async (t) => {
    assert.equal(reason, undefined, `CI must install what the VS Code suite needs: ${reason}`);
    const run = await runVsCodeSuite((line) => t.diagnostic(line));
    console.log(summarize(run));
    for (const c of run.results?.cases ?? []) {
      await t.test(c.name, () => assert.ok(c.ok, c.error));
    }
    assert.equal(run.problem, undefined, run.problem);
    assert.equal(run.exitCode, 0, `VS Code reported exit code ${run.exitCode}; logs in ${run.runDir}`);
  });
}
