// The installed-vsix smoke as a node:test file (see vsix-smoke.ts): packages the .vsix,
// installs it into a clean code-server profile and runs the smoke cases there. Skipped with
// the reason when code-server or chromium is missing; under CI a missing install fails.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarize } from './run-suite';
import { runVsixSmoke, smokeCannotRun } from './vsix-smoke';

const reason = smokeCannotRun();

if (reason && !process.env.CI) {
  console.log(`# installed-vsix smoke skipped: ${reason}`);
  test('the .vsix installed into a clean VS Code', { skip: reason }, () => {});
} else {
  test('the .vsix installed into a clean VS Code (code-server --install-extension)', { timeout: 240_000 }, async (t) => {
    assert.equal(reason, undefined, `CI must install what the smoke needs: ${reason}`);
    const run = await runVsixSmoke((line) => t.diagnostic(line));
    console.log(summarize(run));
    for (const c of run.results?.cases ?? []) {
      await t.test(c.name, () => assert.ok(c.ok, c.error));
    }
    assert.ok((run.results?.cases.length ?? 0) >= 6, 'the smoke ran its cases');
    assert.equal(run.problem, undefined, run.problem);
    assert.equal(run.exitCode, 0, `VS Code reported exit code ${run.exitCode}; logs in ${run.runDir}`);
  });
}
