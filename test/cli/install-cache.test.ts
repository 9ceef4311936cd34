// The code cache beside the bundles (out/.v8-cache, engine/cli/code-cache.ts) and the package's
// postinstall that fills it (`flow-edn --warm-cache`, engine/cli/warm-cache.ts): a first use
// makes it where the bundles' folder is ours and later runs read it without writing; the
// postinstall line of package.json, run as npm runs it, leaves the first `check` and `run` with
// nothing to compile and nothing behind in the temporary folder, and does nothing (exit 0) in a
// checkout not yet built; a folder others can write or another user owns is not used; and, as
// another user, root's install cache is read and never written; an entry the folder cannot take
// goes to the user's own folder. Each on a copy of the built bundles in a temporary package
// folder, run as a shell runs the bin (its shebang's flags).

import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { binFlags } from '../../engine/cli/bin-flags';
import { engineFlags } from '../../engine/cli/code-cache';
import { main, usage } from '../../engine/cli/main';

const root = join(__dirname, '..', '..', '..');
const work = mkdtempSync(join(tmpdir(), 'flow-edn-install-cache-'));
chmodSync(work, 0o755); // another user's process reads the copies below
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
const flags = binFlags(join(root, 'out', 'cli.js'));
/** The package's postinstall line, run below as npm runs it (a shell, in the package folder). */
const postinstall = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.postinstall!;
const founding = join(work, 'founding.flow.edn');
copyFileSync(join(root, 'examples', 'advanced-order-orchestration.flow.edn'), founding);
chmodSync(founding, 0o644);

/** A package folder holding a copy of the CLI's bundles, its dependencies linked (better-sqlite3 for `run`). */
function copyOfPackage(name: string): { pkg: string; bin: string; beside: string } {
  const pkg = join(work, name);
  mkdirSync(join(pkg, 'out'), { recursive: true, mode: 0o755 });
  for (const f of ['cli.js', 'cliCheck.js', 'cliRepair.js', 'cliRuns.js', 'runWorker.js']) copyFileSync(join(root, 'out', f), join(pkg, 'out', f));
  symlinkSync(join(root, 'node_modules'), join(pkg, 'node_modules'), 'dir');
  writeFileSync(join(pkg, 'package.json'), readFileSync(join(root, 'package.json')));
  return { pkg, bin: join(pkg, 'out', 'cli.js'), beside: join(pkg, 'out', '.v8-cache') };
}

function freshDir(name: string, mode = 0o700): string {
  const dir = join(work, name);
  mkdirSync(dir, { mode });
  chmodSync(dir, mode);
  return dir;
}

/** The bin run as a shell runs it, with TMPDIR set (where the per-user cache folder would go). */
function run(bin: string, args: string[], tmp: string, more: SpawnSyncOptions & { env?: NodeJS.ProcessEnv } = {}): { code: number; stdout: string; stderr: string } {
  const env = { ...process.env, NO_COLOR: '1', FLOW_EDN_NO_CACHE: '', FLOW_EDN_CACHE_DIR: '', TMPDIR: tmp, ...more.env };
  const r = spawnSync(process.execPath, [...flags, bin, ...args], { cwd: work, encoding: 'utf8', ...more, env });
  return { code: r.status ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** Each entry of a cache folder with what tells a rewrite (inode, change time). */
function entries(dir: string): Record<string, string> {
  const seen: Record<string, string> = {};
  for (const f of readdirSync(dir).sort()) {
    const st = statSync(join(dir, f));
    seen[f] = `${st.ino}:${st.ctimeMs}`;
  }
  return seen;
}

const uncached = run(join(root, 'out', 'cli.js'), ['check', founding], work, { env: { FLOW_EDN_NO_CACHE: '1' } });

test('the cache beside the bundles is made on first use, read later without a write, and the temporary folder is left alone', () => {
  assert.equal(uncached.code, 0, uncached.stderr);
  const { bin, beside } = copyOfPackage('first-use');
  const tmp = freshDir('first-use-tmp');
  assert.equal(run(bin, ['check', founding], tmp).stdout, uncached.stdout);
  const made = entries(beside);
  assert.deepEqual(Object.keys(made).map((f) => f.replace(/-.*/, '')), ['cliCheck'], 'one entry, for the check bundle');
  assert.equal(statSync(beside).mode & 0o022, 0, 'only its owner can write the folder');
  assert.equal(statSync(join(beside, Object.keys(made)[0]!)).mode & 0o022, 0, 'only its owner can write the entry');
  for (let i = 0; i < 2; i++) assert.equal(run(bin, ['check', founding], tmp).stdout, uncached.stdout);
  assert.deepEqual(entries(beside), made, 'a cache that loaded is not written again');
  assert.deepEqual(readdirSync(tmp), [], 'no per-user folder in the temporary folder');
});

test("the postinstall line fills the cache beside the bundles: the first check and run compile nothing, and nothing is left in the temporary folder", () => {
  const { pkg, bin, beside } = copyOfPackage('installed');
  const tmp = freshDir('installed-tmp');
  const env = { ...process.env, TMPDIR: tmp, FLOW_EDN_CACHE_DIR: '', FLOW_EDN_NO_CACHE: '' };
  const started = Date.now();
  const installed = spawnSync(postinstall, { cwd: pkg, shell: true, env, encoding: 'utf8' });
  assert.equal(installed.status, 0, installed.stderr);
  assert.match(installed.stdout, /compiled the command bundles for the code cache \(new ok, check ok, run ok\)/);
  console.log(`# postinstall took ${Date.now() - started} ms`);
  const warmed = entries(beside);
  assert.deepEqual(Object.keys(warmed).map((f) => f.replace(/-.*/, '')), ['cliCheck', 'cliRuns'], 'an entry for the check bundle and one for the run bundle');
  assert.deepEqual(readdirSync(tmp), [], "the warm-up's folder is removed and no per-user cache folder was made");

  assert.equal(run(bin, ['check', founding], tmp).stdout, uncached.stdout);
  const project = freshDir('installed-project', 0o755);
  const created = run(bin, ['new', 'greeting'], tmp, { cwd: project });
  assert.equal(created.code, 0, created.stderr);
  const ran = run(bin, ['run', 'greeting.flow.edn', '--db', join(project, 'runs.db')], tmp, { cwd: project });
  assert.equal(ran.code, 0, ran.stderr);
  assert.match(ran.stdout, /COMPLETED/);
  assert.deepEqual(entries(beside), warmed, 'the first check and run found their code compiled: no entry written');
  assert.deepEqual(readdirSync(tmp), []);

  // A checkout not yet built (npm ci before the build): the same line does nothing, and succeeds.
  const bare = freshDir('not-built', 0o755);
  const none = spawnSync(postinstall, { cwd: bare, shell: true, env, encoding: 'utf8' });
  assert.equal(none.status, 0, none.stderr);
  assert.equal(none.stdout + none.stderr, '');
});

test('a folder beside the bundles that others can write, or that another user owns, is not used: the per-user folder is', () => {
  const { bin, beside } = copyOfPackage('not-ours');
  mkdirSync(beside);
  chmodSync(beside, 0o777);
  const tmp = freshDir('not-ours-tmp');
  for (let i = 0; i < 2; i++) assert.equal(run(bin, ['check', founding], tmp).stdout, uncached.stdout);
  assert.deepEqual(readdirSync(beside), [], 'nothing read or written in a folder others can write');
  const own = readdirSync(tmp);
  assert.equal(own.length, 1, 'the per-user folder was made');
  assert.equal(readdirSync(join(tmp, own[0]!)).length, 1, 'and holds the entry');
  if (process.getuid?.() !== 0) {
    console.log('# not root: the case of a folder another user owns (made with chown) is left out');
    return;
  }
  chmodSync(beside, 0o755);
  chownSync(beside, 65534, 65534);
  rmSync(join(tmp, own[0]!), { recursive: true });
  assert.equal(run(bin, ['check', founding], tmp).stdout, uncached.stdout);
  assert.deepEqual(readdirSync(beside), [], "nothing read or written in another user's folder");
  assert.equal(readdirSync(tmp).length, 1, 'the per-user folder was used');
});

test("an entry the folder beside the bundles cannot take (a read-only file system) goes to the user's own folder, and is read from there", () => {
  const { bin, beside } = copyOfPackage('unwritable');
  const tmp = freshDir('unwritable-tmp');
  assert.equal(run(bin, ['check', founding], tmp).stdout, uncached.stdout);
  const [entry] = readdirSync(beside);
  // The entry's name taken by a folder: reading it fails, and so does the rename that would write it.
  rmSync(join(beside, entry!));
  mkdirSync(join(beside, entry!, 'blocked'), { recursive: true });
  assert.equal(run(bin, ['check', founding], tmp).stdout, uncached.stdout);
  const own = readdirSync(tmp);
  assert.equal(own.length, 1, "the user's own folder was made");
  const ownEntry = join(tmp, own[0]!, entry!);
  const written = statSync(ownEntry);
  for (let i = 0; i < 2; i++) assert.equal(run(bin, ['check', founding], tmp).stdout, uncached.stdout);
  assert.equal(statSync(ownEntry).ctimeMs, written.ctimeMs, "later runs read the user's entry: not written again");
  assert.deepEqual(readdirSync(beside), [entry], 'no temporary file left beside the bundles');
});

test("as another user, root's install cache is read and never written; a stale entry sends that user's write to their own folder", () => {
  if (process.getuid?.() !== 0 || process.platform !== 'linux') {
    console.log('# not root on Linux: no second user to run as, this case is left out');
    return;
  }
  const { pkg, bin, beside } = copyOfPackage('roots');
  const rootTmp = freshDir('roots-tmp');
  assert.equal(spawnSync(postinstall, { cwd: pkg, shell: true, env: { ...process.env, TMPDIR: rootTmp, FLOW_EDN_CACHE_DIR: '' } }).status, 0);
  const warmed = entries(beside);
  assert.equal(Object.keys(warmed).length, 2);
  const tmp = freshDir('nobody-tmp', 0o755);
  chownSync(tmp, 65534, 65534);
  const asNobody = { uid: 65534, gid: 65534 };
  for (let i = 0; i < 2; i++) {
    const r = run(bin, ['check', founding], tmp, asNobody);
    assert.equal(r.stdout, uncached.stdout, r.stderr);
  }
  assert.deepEqual(entries(beside), warmed, "root's entries are not written by another user");
  assert.deepEqual(readdirSync(tmp), [], "a hit in root's folder needs no folder of the user's own");

  const check = Object.keys(warmed).find((f) => f.startsWith('cliCheck-'))!;
  writeFileSync(join(beside, check), 'stale');
  const r = run(bin, ['check', founding], tmp, asNobody);
  assert.equal(r.stdout, uncached.stdout, r.stderr);
  assert.equal(readFileSync(join(beside, check), 'utf8'), 'stale', "root's entry is left as it is");
  const own = readdirSync(tmp);
  assert.equal(own.length, 1, "the user's own folder was made");
  assert.equal(statSync(join(tmp, own[0]!)).uid, 65534);
  assert.equal(readdirSync(join(tmp, own[0]!)).length, 1, 'and holds the entry');
});

test('modules preloaded with -r do not change the entry a process uses (V8 checks its own flags)', () => {
  assert.deepEqual(engineFlags(['-r', '/x/hook.js', '--no-turbofan', '--require=/y.js', '--require', 'z', '--max-semi-space-size=1']), ['--no-turbofan', '--max-semi-space-size=1']);
  const { bin, beside } = copyOfPackage('preloaded');
  const tmp = freshDir('preloaded-tmp');
  const hook = join(work, 'hook.js');
  writeFileSync(hook, '');
  assert.equal(run(bin, ['check', founding], tmp).stdout, uncached.stdout);
  const made = entries(beside);
  const r = spawnSync(process.execPath, ['-r', hook, ...flags, bin, 'check', founding], { cwd: work, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FLOW_EDN_CACHE_DIR: '', TMPDIR: tmp } });
  assert.equal(r.stdout, uncached.stdout);
  assert.deepEqual(entries(beside), made, 'the entry made without the hook was read with it');
});

test('--warm-cache outside the built bin (no shebang to start it with) compiles nothing, says so and succeeds; the usage names it', async () => {
  let out = '';
  let err = '';
  const code = await main(['--warm-cache'], { out: (t) => (out += t), err: (t) => (err += t), colour: false });
  assert.equal(code, 0, 'an install never fails on it');
  assert.equal(out, 'flow-edn: nothing compiled (not the built bin, or no temporary folder)');
  assert.equal(err, '');
  assert.match(usage(), /'flow-edn --warm-cache' compiles the commands' code into its cache, as the npm install does/);
});
