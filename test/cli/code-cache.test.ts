// The CLI's code cache (engine/cli/code-cache.ts) cannot change what a command does: `check`
// prints the same bytes with and without it, on a first and a later run; a damaged cache file
// (V8's data or the copy of the bundle) is refused and rewritten, a valid one kept; a folder it
// cannot write or that others can write costs nothing but the cache; a changed bundle (even of
// the same length) never runs from the old entry; a process without V8's checksum flag uses no
// cache. Checked on the built bin in child processes started with the bin's own shebang flags.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cacheDir, CHECKSUM_FLAG } from '../../engine/cli/code-cache';
import { binFlags } from '../../engine/cli/bin-flags';

const root = join(__dirname, '..', '..', '..');
const work = mkdtempSync(join(tmpdir(), 'flow-edn-code-cache-'));
const founding = join(root, 'examples', 'advanced-order-orchestration.flow.edn');
const bad = join(work, 'bad.flow.edn');
writeFileSync(bad, `{:slug :bad\n :name "Bad"\n :flow '(let [r (flow/step :http :x {:url "http://x" :template :nope})] r)}\n`);

/** A copy of the CLI's bin and check bundle, so a test may edit the bundle. */
function copyOfBin(name: string): string {
  const dir = join(work, name);
  mkdirSync(dir);
  for (const f of ['cli.js', 'cliCheck.js']) copyFileSync(join(root, 'out', f), join(dir, f));
  return join(dir, 'cli.js');
}
const cli = copyOfBin('bin');

/** The flags a shell gives the bin (its shebang): the cache is used only under them. */
const flags = binFlags(join(root, 'out', 'cli.js'));

function run(bin: string, args: string[], env: Record<string, string>, nodeFlags: string[] = flags): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [...nodeFlags, bin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FLOW_EDN_NO_CACHE: '', ...env } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const cases: string[][] = [
  ['check', founding],
  ['check', '--format', 'json', founding],
  ['check', bad],
  ['check', '--format', 'json', '--severity', 'error', bad, founding],
];
const uncached = cases.map((args) => run(cli, args, { FLOW_EDN_NO_CACHE: '1' }));

function freshDir(name: string): string {
  const dir = join(work, name);
  mkdirSync(dir, { mode: 0o700 });
  return dir;
}

test('check prints the same bytes and exits the same on a first run, a cached run and without the cache', () => {
  assert.equal(uncached[2]!.code, 1, 'the bad flow has errors');
  assert.match(uncached[2]!.stdout, /bad\.flow\.edn:3:\d+: error/);
  const dir = freshDir('same');
  cases.forEach((args, k) => {
    for (const when of ['first', 'later']) {
      const r = run(cli, args, { FLOW_EDN_CACHE_DIR: dir });
      assert.equal(r.stdout, uncached[k]!.stdout, `${when} run of ${args.join(' ')}`);
      assert.equal(r.stderr, uncached[k]!.stderr);
      assert.equal(r.code, uncached[k]!.code);
    }
  });
  assert.equal(readdirSync(dir).filter((f) => f.startsWith('cliCheck-')).length, 1, 'one entry for the one bundle');
});

test('a valid cache file is kept; a damaged one is refused, the run unchanged, and the file rewritten whole', () => {
  const dir = freshDir('damaged');
  run(cli, ['check', founding], { FLOW_EDN_CACHE_DIR: dir });
  const [name] = readdirSync(dir);
  const file = join(dir, name!);
  const good = readFileSync(file);
  const before = statSync(file);
  assert.equal(run(cli, ['check', founding], { FLOW_EDN_CACHE_DIR: dir }).stdout, uncached[0]!.stdout);
  assert.equal(statSync(file).ino, before.ino, 'a cache that loaded is not written again');

  const bundleLength = good.readUInt32LE(8);
  const flipped = Buffer.from(good);
  flipped[12 + bundleLength + Math.floor((good.length - 12 - bundleLength) / 2)]! ^= 0x20; // V8's checksum refuses it (the bin's CHECKSUM_FLAG)
  const flippedCopy = Buffer.from(good);
  flippedCopy[12 + Math.floor(bundleLength / 2)]! ^= 0x20;
  const damages: [string, Buffer][] = [
    ['one byte flipped in the V8 data', flipped],
    ['one byte flipped in the copy of the bundle', flippedCopy],
    ['truncated', good.subarray(0, Math.floor(good.length / 3))],
    ['garbage', Buffer.from('not a cache at all')],
    ['empty', Buffer.alloc(0)],
  ];
  for (const [what, bytes] of damages) {
    writeFileSync(file, bytes);
    const r = run(cli, ['check', founding], { FLOW_EDN_CACHE_DIR: dir });
    assert.equal(r.stdout, uncached[0]!.stdout, what);
    assert.equal(r.code, uncached[0]!.code, what);
    assert.equal(r.stderr, '', what);
    const rewritten = readFileSync(file);
    assert.ok(!rewritten.equals(bytes), `${what}: the damaged file was replaced`);
    assert.equal(rewritten.length > good.length / 2, true, `${what}: by a whole cache`);
  }
});

test('a cache folder that cannot be written, or that others can write, costs only the cache', () => {
  // Not writable: a folder below a file (mkdir fails); a folder whose entry is taken by a folder (rename fails).
  const file = join(work, 'a-file');
  writeFileSync(file, 'x');
  const blocked = freshDir('blocked');
  const probe = freshDir('probe');
  run(cli, ['check', founding], { FLOW_EDN_CACHE_DIR: probe });
  mkdirSync(join(blocked, readdirSync(probe)[0]!));
  const readOnly = freshDir('read-only');
  chmodSync(readOnly, 0o500);
  // Read-only: chmod 0500 (root writes through that, so as root on Linux: /proc/self, root's and read-only).
  const root0 = process.getuid?.() === 0;
  const unwritable = [join(file, 'cache'), blocked, root0 ? (process.platform === 'linux' ? '/proc/self' : null) : readOnly].filter((d) => d !== null);
  if (root0 && process.platform !== 'linux') console.log('# running as root off Linux: no read-only folder to try, that case is left out');
  for (const dir of unwritable) {
    for (let i = 0; i < 2; i++) {
      const r = run(cli, ['check', founding], { FLOW_EDN_CACHE_DIR: dir });
      assert.equal(r.stdout, uncached[0]!.stdout, dir);
      assert.equal(r.stderr, '', dir);
      assert.equal(r.code, uncached[0]!.code, dir);
    }
  }
  // Writable by the group: refused, never read or written.
  const shared = freshDir('shared');
  chmodSync(shared, 0o777);
  assert.equal(cacheDir({ FLOW_EDN_CACHE_DIR: shared }), null);
  assert.equal(run(cli, ['check', founding], { FLOW_EDN_CACHE_DIR: shared }).stdout, uncached[0]!.stdout);
  assert.deepEqual(readdirSync(shared), []);
  assert.equal(cacheDir({ FLOW_EDN_CACHE_DIR: probe }), probe);
  if (root0 && process.platform === 'linux') assert.equal(cacheDir({ FLOW_EDN_CACHE_DIR: '/proc/self' }), '/proc/self', 'the read-only case reached the write');
  assert.equal(cacheDir({ FLOW_EDN_CACHE_DIR: probe, FLOW_EDN_NO_CACHE: '1' }), null);
});

test('a changed bundle, even of the same length, is not run from the old cache', () => {
  const bin = copyOfBin('changed');
  const dir = freshDir('changed-cache');
  assert.equal(run(bin, ['check', founding], { FLOW_EDN_CACHE_DIR: dir }).stdout, uncached[0]!.stdout);
  const bundle = join(bin, '..', 'cliCheck.js');
  const text = readFileSync(bundle, 'utf8');
  assert.ok(text.includes('checked: '));
  writeFileSync(bundle, text.replace('checked: ', 'CHECKED: '));
  assert.equal(statSync(bundle).size, Buffer.byteLength(text));
  for (let i = 0; i < 2; i++) {
    const r = run(bin, ['check', founding], { FLOW_EDN_CACHE_DIR: dir });
    assert.match(r.stdout, /files CHECKED: 0 errors/, 'the edited bundle ran');
    assert.equal(r.stdout, uncached[0]!.stdout.replace('checked: ', 'CHECKED: '));
  }
  const entries = readdirSync(dir);
  assert.equal(entries.length, 1, 'the rebuilt bundle replaced its entry');
  assert.ok(readFileSync(join(dir, entries[0]!)).includes('CHECKED: '), 'the entry holds the edited bundle');
});

test(`a process without ${CHECKSUM_FLAG} (node out/cli.js, no shebang) neither reads nor writes the cache`, () => {
  assert.ok(flags.includes(CHECKSUM_FLAG), `the bin's shebang gives ${CHECKSUM_FLAG}: ${flags.join(' ')}`);
  const dir = freshDir('no-checksum');
  const without = flags.filter((f) => f !== CHECKSUM_FLAG);
  for (let i = 0; i < 2; i++) assert.equal(run(cli, ['check', founding], { FLOW_EDN_CACHE_DIR: dir }, without).stdout, uncached[0]!.stdout);
  assert.deepEqual(readdirSync(dir), []);
  run(cli, ['check', founding], { FLOW_EDN_CACHE_DIR: dir });
  assert.equal(readdirSync(dir).length, 1, 'with the flag, the entry is written');
});
