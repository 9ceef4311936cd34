// Bad input gets one line and the right exit status, never a stack trace (issue 10 #11):
// `--db` naming a folder or a file that is not a store; read-only commands on a store that
// does not exist create nothing; a malformed approval link answers 400, not 500.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { http, serve, tempDir } from '../runtime/support';

const root = join(__dirname, '..', '..', '..');
const cli = join(root, 'out', 'cli.js');
const hello = join(root, 'test', 'fixtures', 'examples', 'hello-world.flow.edn');

function run(args: string[], cwd = root): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FLOW_EDN_DEBUG: '' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function oneLine(r: { stderr: string }, message: RegExp): void {
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0]!, message);
  assert.doesNotMatch(r.stderr, /\n\s+at |internal error/);
}

test('--db naming a folder or a plain file: one line, exit 2, for every command that opens a store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flow-edn-dberr-'));
  const folder = join(dir, 'folder');
  mkdirSync(folder);
  const plain = join(dir, 'plain.txt');
  writeFileSync(plain, 'just some notes, not a database\n');
  for (const args of [['runs'], ['waits'], ['show', 'r-x'], ['run', hello], ['resume', 'r-x'], ['approve', 'r-x']]) {
    const f = run([...args, '--db', folder]);
    assert.equal(f.code, 2, `${args[0]}: ${f.stderr}`);
    oneLine(f, /cannot open the run store .*folder: it is a folder; --db takes a file path/);
    const p = run([...args, '--db', plain]);
    assert.equal(p.code, 2, `${args[0]}: ${p.stderr}`);
    oneLine(p, /is not a flow-edn run store \(not a SQLite database\)/);
  }
});

test('read-only commands on a missing store create no folder and no database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flow-edn-ro-'));
  const db = join(dir, 'missing', 'dir', 'x.db');
  for (const args of [['runs'], ['waits'], ['show', 'r-x'], ['resume', 'r-x'], ['reject', 'r-x']]) {
    const r = run([...args, '--db', db]);
    assert.equal(r.code, 2, r.stderr);
    oneLine(r, /no run store at .*x\.db: nothing has run with this store yet/);
    assert.equal(existsSync(join(dir, 'missing')), false, `${args[0]} created folders`);
  }
  const cwd = mkdtempSync(join(tmpdir(), 'flow-edn-ro-cwd-'));
  assert.equal(run(['runs'], cwd).code, 2);
  assert.equal(existsSync(join(cwd, '.flow-edn')), false, 'runs created .flow-edn');
});

test('a malformed approval link answers 400 with a reason, and serve goes on', async () => {
  const s = await serve(tempDir());
  try {
    const a = await http('GET', `${s.url}/waits/%E0%A4%A/approve?token=x`);
    assert.equal(a.status, 400, a.text);
    assert.equal(a.json.error.reason, 'malformed');
    assert.equal((await http('GET', `${s.url}/api/health`)).status, 200);
  } finally {
    await s.close();
  }
});
