// `npm run package`: builds the bundles, then writes one `.vsix` at the project root with
// @vscode/vsce (`flow-edn-VERSION.vsix`; older ones removed). The bundles carry everything
// they import, so no node_modules go in (`--no-dependencies`); .vscodeignore names the rest.
// Prints the file's size and its entries. `--no-build` packages out/ as it is.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const target = `${manifest.name}-${manifest.version}.vsix`;

function run(args) {
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!process.argv.includes('--no-build')) run(['scripts/build.mjs']);
for (const name of readdirSync(root)) if (name.endsWith('.vsix')) rmSync(join(root, name));
const vsce = createRequire(import.meta.url).resolve('@vscode/vsce/vsce');
run([vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--out', target]);
const bytes = statSync(join(root, target)).size;
console.log(`${target}: ${(bytes / 1024 / 1024).toFixed(2)} MB (${bytes} bytes)`);
