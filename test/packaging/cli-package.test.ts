// The CLI as an npm package: `npm pack` gives a tarball holding the CLI bundle, the run
// worker, README, LICENSE and CHANGELOG, with better-sqlite3 its only dependency; installed
// globally into a temporary prefix on Node 20 it runs `flow-edn new`, `check` and `run`, whose
// code its postinstall compiled into the cache beside the bundles.
//
// Dependencies come from the npm registry (or its cache: --prefer-offline). better-sqlite3's
// install fetches a prebuilt binary from GitHub, unreachable here, and otherwise compiles SQLite
// (about 3 minutes on this machine): the test hands prebuild-install a local prebuild made from
// the project's own build of the same version (npm_config_better_sqlite3_local_prebuilds).
// FLOW_EDN_CLI_FROM_SOURCE=1 leaves it out and lets the install compile.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** A prebuild-install tarball of the project's better-sqlite3 binary, in a fresh folder. */
function localPrebuild(dir: string): Record<string, string> {
  if (process.env.FLOW_EDN_CLI_FROM_SOURCE === '1') return {};
  const pkg = join(ROOT, 'node_modules/better-sqlite3');
  const { version } = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { version: string };
  assert.ok(existsSync(join(pkg, 'build/Release/better_sqlite3.node')), 'the project has no built better-sqlite3 (npm ci)');
  mkdirSync(dir, { recursive: true });
  const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  execFileSync('tar', ['-czf', join(dir, name), '-C', pkg, 'build/Release/better_sqlite3.node']);
  return { npm_config_better_sqlite3_local_prebuilds: dir };
}

test('npm pack gives a CLI tarball that installs globally and runs flow-edn on Node 20', { timeout: 600_000 }, (t) => {
  const work = mkdtempSync(join(tmpdir(), 'flow-edn-cli-package-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));

  // 1. The tarball: only what the CLI runs.
  const packed = JSON.parse(execFileSync(npm, ['pack', '--json', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) as {
    filename: string;
    files: { path: string }[];
  }[];
  const files = packed[0]!.files.map((f) => f.path).sort();
  const stray = files.filter((f) => !/^(package\.json|README\.md|LICENSE|CHANGELOG\.md|out\/cli[\w-]*\.js|out\/runWorker\.js)$/.test(f));
  assert.deepEqual(stray, [], `files the CLI does not run: ${stray.join(', ')}`);
  for (const needed of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'out/cli.js', 'out/runWorker.js']) assert.ok(files.includes(needed), `${needed} is not in the tarball`);
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; dependencies: Record<string, string> };
  assert.deepEqual(manifest.bin, { 'flow-edn': 'out/cli.js' });
  assert.deepEqual(Object.keys(manifest.dependencies), ['better-sqlite3'], 'the CLI bundle carries everything but the native driver');

  // 2. A global install into a temporary prefix, from the registry or its cache.
  const prefix = join(work, 'prefix');
  const env = { ...process.env, ...localPrebuild(join(work, 'prebuilds')) };
  delete env.NODE_OPTIONS;
  const started = Date.now();
  const install = spawnSync(npm, ['install', '-g', '--prefix', prefix, join(work, packed[0]!.filename), '--prefer-offline', '--no-audit', '--no-fund'], {
    cwd: work,
    env,
    encoding: 'utf8',
  });
  assert.equal(install.status, 0, `npm install -g failed:\n${install.stdout}\n${install.stderr}`);
  t.diagnostic(`installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const installed = join(prefix, 'lib/node_modules/flow-edn/node_modules');
  const deps = readdirSync(installed);
  for (const dev of ['typescript', 'esbuild', 'vscode-languageclient', 'handlebars', '@vscode']) assert.ok(!deps.includes(dev), `${dev} was installed with the CLI`);
  // The postinstall compiled the command bundles into the cache beside them (engine/cli/warm-cache.ts).
  const beside = join(prefix, 'lib/node_modules/flow-edn/out/.v8-cache');
  const cacheEntries = () => readdirSync(beside).sort().map((f) => `${f}:${statSync(join(beside, f)).ino}:${statSync(join(beside, f)).ctimeMs}`);
  const warmed = cacheEntries();
  assert.deepEqual(warmed.map((e) => e.replace(/-.*/, '')), ['cliCheck', 'cliRuns'], `the install's cache: ${warmed.join(', ')}`);

  // 3. The installed command, outside the project, on this Node (20).
  const bin = join(prefix, 'bin/flow-edn');
  const project = join(work, 'project');
  mkdirSync(project);
  const flowEdn = (...args: string[]) => spawnSync(bin, args, { cwd: project, env, encoding: 'utf8' });
  const created = flowEdn('new', 'greeting');
  assert.equal(created.status, 0, created.stderr);
  cpSync(join(ROOT, 'examples/advanced-order-orchestration-fixed.flow.edn'), join(project, 'order.flow.edn'));
  const check = flowEdn('check', 'greeting.flow.edn', 'order.flow.edn');
  assert.equal(check.status, 0, `${check.stdout}\n${check.stderr}`);
  assert.match(check.stdout, /3 files checked: 0 errors/, "the new flow, its scenario and the example check without errors");
  const broken = flowEdn('check', join(ROOT, 'test/vscode/workspace/broken.flow.edn'));
  assert.equal(broken.status, 1, 'errors found give exit status 1');
  const run = flowEdn('run', 'greeting.flow.edn', '--db', join(work, 'runs.db'));
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  assert.match(run.stdout, /COMPLETED/);
  assert.match(run.stdout, /Hello, /);
  const shown = flowEdn('runs', '--db', join(work, 'runs.db'));
  assert.equal(shown.status, 0, shown.stderr);
  assert.match(shown.stdout, /greeting/, 'the run is in the store the installed CLI wrote');
  assert.deepEqual(cacheEntries(), warmed, "the first commands found their code compiled by the install: the cache was read, not written");
});
