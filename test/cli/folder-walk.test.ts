// Folder walks terminate and find each file once (issue 10 #3): symbolic link loops
// (`ln -s . dir/l1`, `a/up -> ../`) are followed at most once per real path and reported
// once; a link that loops on itself is a "symbolic link loop", not "no such file" (#11).
// Checked on the finder (generated trees of folders and links) and on `check`/`test` as a
// user runs them.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { collectFlowFiles } from '../../engine/run/flow-files';

const root = join(__dirname, '..', '..', '..');
const cli = join(root, 'out', 'cli.js');
const hello = join(root, 'test', 'fixtures', 'examples', 'hello-world.flow.edn');

function run(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 20_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function loopyDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'flow-edn-walk-'));
  copyFileSync(hello, join(dir, 'hello.flow.edn'));
  mkdirSync(join(dir, 'a'));
  copyFileSync(hello, join(dir, 'a', 'inner.flow.edn'));
  symlinkSync('.', join(dir, 'l1'));
  symlinkSync('.', join(dir, 'l2'));
  symlinkSync('../', join(dir, 'a', 'up'));
  symlinkSync('self', join(dir, 'self'));
  return dir;
}

test('the finder ends on link loops, finds each file once and reports each loop once', () => {
  const dir = loopyDir();
  const { files, errors } = collectFlowFiles([dir]);
  assert.deepEqual(files.map((f) => relative(dir, f)).sort(), ['a/inner.flow.edn', 'hello.flow.edn']);
  assert.ok(errors.every((e) => e.warning), JSON.stringify(errors));
  assert.equal(errors.filter((e) => /leads back to/.test(e.message)).length, 1, JSON.stringify(errors));
  assert.equal(errors.filter((e) => /symbolic link loop \(the link points back to itself\)/.test(e.message)).length, 1, JSON.stringify(errors));
});

test('a path naming a looping link says so, not "no such file"', () => {
  const dir = loopyDir();
  const { errors } = collectFlowFiles([join(dir, 'self')]);
  assert.match(errors[0]!.message, /symbolic link loop/);
  const r = run(['check', join(dir, 'self')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /symbolic link loop/);
  assert.doesNotMatch(r.stderr, /no such file/);
});

test('check and test on a folder with link loops end, checking each flow once', () => {
  const dir = loopyDir();
  const c = run(['check', dir]);
  assert.equal(c.code, 0, c.stderr);
  assert.match(c.stdout, /2 files checked/);
  assert.match(c.stderr, /warning: .*symbolic link loop/);
  const t = run(['test', dir]);
  assert.notEqual(t.code, -1, 'test ended');
  assert.doesNotMatch(t.stderr, /cannot read/);
});

test('property: any tree of folders and links is walked to the end, each real file once', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.nat(5), fc.nat(5), fc.boolean()), { maxLength: 8 }),
      (links) => {
        const dir = mkdtempSync(join(tmpdir(), 'flow-edn-walkp-'));
        const folders = [dir, join(dir, 'a'), join(dir, 'a', 'b'), join(dir, 'c'), join(dir, 'c', 'd'), join(dir, 'a', 'b', 'e')];
        for (const f of folders.slice(1)) mkdirSync(f, { recursive: true });
        for (const f of folders) copyFileSync(hello, join(f, 'x.flow.edn'));
        links.forEach(([from, to, abs], i) => {
          const target = abs ? folders[to]! : relative(folders[from]!, folders[to]!) || '.';
          symlinkSync(target, join(folders[from]!, `link${i}`));
        });
        const { files } = collectFlowFiles([dir]);
        assert.equal(files.length, folders.length);
      },
    ),
    { numRuns: 60, seed: 303 },
  );
});
