// Runs every compiled test suite with node's test runner. `npm test` builds and compiles
// first (pretest). Suites are found under build/test; pass paths to run only some. A full run
// ends with the real-VS-Code suite (test/vscode).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function find(dir, out = []) {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) find(full, out);
    else if (name.endsWith('.test.js')) out.push(full);
  }
  return out;
}

// --- vscode: the real-VS-Code suite (build/test/vscode/vscode.test.js) runs on its own after
// the others in a full run: it starts code-server and Chromium (about 1.2 GB, both cores).
const VSCODE_SUITE = join('build', 'test', 'vscode', 'vscode.test.js');
// The installed-vsix smoke (issue 15): packages the .vsix, installs it into a clean code-server.
const VSIX_SMOKE = join('build', 'test', 'vscode', 'vsix-smoke.test.js');
const all = process.argv.length <= 2;
const files = all ? find('build/test').filter((f) => f !== VSCODE_SUITE && f !== VSIX_SMOKE) : process.argv.slice(2);
// --- end vscode
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
let status = result.status ?? 1;

// --- store: the node:sqlite contract suite on Node 24 (scripts/test-node24.mjs), full runs only.
// That script installs Node 24 into .cache/node24 if needed; when it cannot, it says why and
// fails only in CI.
if (process.argv.length <= 2) {
  const node24 = spawnSync(process.execPath, ['scripts/test-node24.mjs'], { stdio: 'inherit' });
  if ((node24.status ?? 1) !== 0 && status === 0) status = node24.status ?? 1;
}
// --- end store

// --- vscode: after every other suite (skips with its reason when code-server or chromium is missing).
if (all) {
  const vscode = spawnSync(process.execPath, ['--test', '--test-reporter=spec', VSCODE_SUITE], { stdio: 'inherit' });
  if ((vscode.status ?? 1) !== 0 && status === 0) status = vscode.status ?? 1;
  const smoke = spawnSync(process.execPath, ['--test', '--test-reporter=spec', VSIX_SMOKE], { stdio: 'inherit' });
  if ((smoke.status ?? 1) !== 0 && status === 0) status = smoke.status ?? 1;
}
// --- end vscode

process.exit(status);
