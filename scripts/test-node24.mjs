// Runs the store's contract suite on node:sqlite under Node 24 (the driver the VS Code
// extension host uses), with better-sqlite3 workers on this Node joining the multi-process
// races; then the run service's suites on node:sqlite. better-sqlite3 is not loaded in the Node 24 process itself except to show that
// `auto` falls back. If Node 24 cannot be had, says why and fails only in CI (CI is set).
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNode24 } from './ensure-node24.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const suite = join(root, 'build', 'test', 'store', 'node-sqlite.test.js');

let node24;
try {
  node24 = ensureNode24();
} catch (e) {
  const ci = Boolean(process.env.CI);
  console.error(`test-node24: the node:sqlite store suite did not run: ${e.message}${ci ? '' : '\n(not failing: CI is not set)'}`);
  process.exit(ci ? 1 : 0);
}
console.log(`== node:sqlite store suite on ${node24}`);
const r = spawnSync(node24, ['--test', '--test-reporter=spec', suite], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, FLOW_EDN_BETTER_SQLITE3_NODE: process.execPath },
});
if (r.status !== 0) process.exit(r.status ?? 1);
// The run service as the extension host runs it: node:sqlite, in its worker thread, with the
// CLI (also on node:sqlite here) as the other process.
const service = ['run-service', 'feed'].map((name) => join(root, 'build', 'test', 'service', `${name}.test.js`));
console.log(`== run service suites on node:sqlite, ${node24}`);
const s = spawnSync(node24, ['--test', '--test-reporter=spec', ...service], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, FLOW_EDN_STORE_DRIVER: 'node:sqlite' },
});
process.exit(s.status ?? 1);
