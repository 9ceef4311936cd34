// Runs every compiled test suite with node's test runner. `npm test` builds and compiles
// first (pretest). Suites are found under build/test; pass paths to run only some.
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

const files = process.argv.length > 2 ? process.argv.slice(2) : find('build/test');
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
