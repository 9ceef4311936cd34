// The CLI loads only what a command needs: out/cli.js holds names and summaries, and each
// command's code comes from its group's bundle (engine/cli/groups). Checked on the built bin
// (which files a process required) and on the sources (every command has a group and help).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { commandNames, loadCommand, main } from '../../engine/cli/main';

const root = join(__dirname, '..', '..', '..');
const cli = join(root, 'out', 'cli.js');
const dir = mkdtempSync(join(tmpdir(), 'flow-edn-groups-'));
const hook = join(dir, 'modules-hook.js');
writeFileSync(hook, `process.on('exit', () => process.stderr.write('\\nmodules ' + JSON.stringify(Object.keys(require.cache)) + '\\n'));`);

/** The bundles of out/ a run of the bin required. */
function bundlesRequired(args: string[]): { code: number; bundles: string[] } {
  const r = spawnSync(process.execPath, ['-r', hook, cli, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const line = /modules (.*)\s*$/.exec(r.stderr);
  assert.ok(line, r.stderr);
  const files = JSON.parse(line[1]!) as string[];
  return { code: r.status ?? -1, bundles: files.filter((f) => f.startsWith(join(root, 'out'))).map((f) => basename(f)).sort() };
}

test('check reads the check bundle only, never the run engine', () => {
  const r = bundlesRequired(['check', join(root, 'examples', 'hello-world.flow.edn')]);
  assert.equal(r.code, 0);
  assert.deepEqual(r.bundles, ['cli.js', 'cliCheck.js']);
});

test('run-side commands read their own bundle; --version and usage read none', () => {
  assert.deepEqual(bundlesRequired(['runs', '--db', join(dir, 'none.db')]).bundles, ['cli.js', 'cliRuns.js']);
  assert.deepEqual(bundlesRequired(['repair', '--help']).bundles, ['cli.js', 'cliRepair.js']);
  assert.deepEqual(bundlesRequired(['--version']).bundles, ['cli.js']);
  assert.deepEqual(bundlesRequired(['--help']).bundles, ['cli.js']);
});

test('every command has a group with its function and help', async () => {
  assert.ok(commandNames.length >= 17);
  for (const name of commandNames) {
    const command = loadCommand(name);
    assert.equal(typeof command.run, 'function', name);
    assert.ok(command.help.includes(name === 'reject' ? 'approve' : name), `${name}: ${command.help.slice(0, 60)}`);
  }
  const out: string[] = [];
  const io = { out: (t: string) => void out.push(t), err: (t: string) => void out.push(t), colour: false };
  assert.equal(await main(['check', '--bogus-flag'], io), 2, 'a usage error from the group bundle still exits 2');
  assert.match(out.join('\n'), /Usage: flow-edn check/);
});
