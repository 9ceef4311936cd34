// `npm run package` (scripts/package-vsix.mjs) writes one .vsix at the project root holding
// only what runs: the bundles (no CLI, no source maps), webview assets, grammar, snippets,
// icon, README, LICENSE, CHANGELOG; no node_modules. Every module a bundle requires is a Node
// built-in, `vscode`, a file of the package, or required lazily behind a fallback.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { readZip, type ZipEntry } from './zip';
import { bundleRequires } from './bundle-requires';

const ROOT = join(__dirname, '../../..');

/** Packages required at run time that are not in the vsix, each with why that is safe. */
const GUARDED: Record<string, { why: string; enclosing: RegExp }> = {
  'better-sqlite3': {
    why: 'engine/store/driver.ts requires it lazily inside a try (loadDriver); the extension host falls back to node:sqlite',
    enclosing: /function betterSqlite3\(\)\s*\{\s*const Database = require\("better-sqlite3"\)/,
  },
};

/** The bundles that run in the extension host or its child processes. */
const HOST_BUNDLES = ['extension.js', 'languageClient.js', 'server.js', 'serverCore.js', 'serverSession.js', 'runs.js', 'runWorker.js', 'debugAdapter.js', 'debugWorker.js'];

let packaged: { file: string; bytes: number; entries: ZipEntry[]; log: string } | undefined;
function vsix() {
  if (packaged === undefined) {
    const log = execFileSync(process.execPath, ['scripts/package-vsix.mjs', '--no-build'], { cwd: ROOT, encoding: 'utf8' });
    const files = readdirSync(ROOT).filter((n) => n.endsWith('.vsix'));
    assert.equal(files.length, 1, `one .vsix at the project root, found ${files.join(', ')}`);
    const file = join(ROOT, files[0]!);
    packaged = { file, bytes: statSync(file).size, entries: readZip(readFileSync(file)), log };
  }
  return packaged;
}

test('npm run package writes one .vsix named after the version and prints its size', () => {
  const { file, bytes, log } = vsix();
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
  assert.equal(posix.basename(file), `${manifest.name}-${manifest.version}.vsix`);
  assert.match(log, new RegExp(`${manifest.name}-${manifest.version}\\.vsix: [0-9.]+ MB \\(${bytes} bytes\\)`));
  console.log(`# ${posix.basename(file)}: ${(bytes / 1024 / 1024).toFixed(2)} MB`);
});

test('the .vsix holds only what runs', () => {
  const names = vsix().entries.map((e) => e.name);
  const allowed = [
    /^extension\.vsixmanifest$/,
    /^\[Content_Types\]\.xml$/,
    /^extension\/package\.json$/,
    /^extension\/(readme|changelog)\.md$/,
    /^extension\/LICENSE\.txt$/,
    /^extension\/images\/icon\.png$/,
    /^extension\/media\/[a-z-]+\.svg$/,
    /^extension\/out\/[A-Za-z]+\.js$/,
    /^extension\/out\/webview\/[a-z]+\.(js|css|ttf)$/,
    /^extension\/syntaxes\/[a-zA-Z.-]+\.json$/,
    /^extension\/snippets\/[a-zA-Z.-]+\.json$/,
    /^extension\/walkthrough\/[a-z-]+\.(md|flow\.edn|sim\.edn)$/,
  ];
  const stray = names.filter((n) => !allowed.some((p) => p.test(n)));
  assert.deepEqual(stray, [], `files that do not run in VS Code: ${stray.join(', ')}`);
  for (const needed of [
    'extension/package.json',
    'extension/readme.md',
    'extension/changelog.md',
    'extension/LICENSE.txt',
    'extension/images/icon.png',
    'extension/syntaxes/flow-edn.tmLanguage.json',
    'extension/syntaxes/language-configuration.json',
    'extension/out/webview/graph.js',
    'extension/out/webview/approvals.js',
    'extension/media/flow-edn-activity.svg',
    'extension/snippets/flow-edn.json',
    'extension/walkthrough/order-approval.flow.edn',
    'extension/walkthrough/order-approval.sim.edn',
    ...HOST_BUNDLES.map((b) => `extension/out/${b}`),
  ]) {
    assert.ok(names.includes(needed), `${needed} is missing from the vsix`);
  }
  assert.ok(!names.some((n) => n.includes('node_modules/')), 'no node_modules');
  assert.ok(!names.some((n) => n.endsWith('.map')), 'no source maps');
  // The extension starts the local runtime as `out/cli.js serve` (Simulate Webhook): the CLI's bundles ship too.
  for (const cli of ['cli.js', 'cliRuns.js']) assert.ok(names.includes(`extension/out/${cli}`), `out/${cli} is missing from the vsix (the local runtime runs it)`);
  // A whole node_modules or the source maps would add tens of MB; the bundles are ~1.6 MB zipped.
  assert.ok(vsix().bytes < 6 * 1024 * 1024, `the vsix is ${vsix().bytes} bytes`);
});

test('every module a bundle requires is in the vsix, built in, vscode, or guarded', () => {
  const { entries } = vsix();
  const byName = new Map(entries.map((e) => [e.name, e]));
  // Every bundle in the vsix (the debug adapter and any later one too), webview pages aside (browser code).
  const bundles = entries.map((e) => e.name).filter((n) => /^extension\/out\/[^/]+\.js$/.test(n)).map((n) => n.slice('extension/out/'.length));
  for (const bundle of HOST_BUNDLES) assert.ok(bundles.includes(bundle), `${bundle} is not in the vsix`);
  for (const bundle of bundles) {
    const code = byName.get(`extension/out/${bundle}`)!.read().toString('utf8');
    const requires = bundleRequires(code);
    for (const rel of requires.relative) {
      // Relative requires resolve against out/ at run time.
      const target = posix.normalize(posix.join('extension/out', rel.endsWith('.js') ? rel : `${rel}.js`));
      assert.ok(byName.has(target), `${bundle} requires ${rel}, which is not in the vsix`);
    }
    for (const name of requires.external) {
      const guard = GUARDED[name];
      assert.ok(guard, `${bundle} requires ${name}, which is not in the vsix (bundle it, or require it lazily with a fallback and list it in GUARDED)`);
      assert.match(code, guard.enclosing, `${bundle}: ${name} must stay required lazily (${guard.why})`);
    }
  }
});

test('the packaged manifest is marketplace-ready', () => {
  const manifest = JSON.parse(vsix().entries.find((e) => e.name === 'extension/package.json')!.read().toString('utf8')) as Record<string, unknown>;
  for (const key of ['icon', 'repository', 'homepage', 'bugs', 'qna', 'keywords', 'galleryBanner', 'categories', 'license', 'displayName', 'description']) {
    assert.ok(manifest[key] !== undefined, `package.json has no ${key}`);
  }
  assert.equal(manifest.license, 'MIT');
  assert.match(readFileSync(join(ROOT, 'LICENSE'), 'utf8'), /^MIT License/);
  assert.deepEqual(manifest.dependencies, { 'better-sqlite3': (manifest.dependencies as Record<string, string>)['better-sqlite3'] }, 'bundled libraries are devDependencies; only the CLI\'s native driver is a dependency');
  const icon = vsix().entries.find((e) => e.name === 'extension/images/icon.png')!.read();
  assert.equal(icon.subarray(1, 4).toString('ascii'), 'PNG');
  assert.deepEqual([icon.readUInt32BE(16), icon.readUInt32BE(20)], [128, 128], 'the marketplace wants an icon of at least 128x128');
});
