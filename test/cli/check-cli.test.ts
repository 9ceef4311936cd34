// `flow-edn check` as a user runs it: the built bin in a child process, its JSON shape,
// its compiler-style text, and its exit codes on good, bad and unreadable input.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(__dirname, '..', '..', '..');
const cli = join(root, 'out', 'cli.js');
const examples = join(root, 'test', 'fixtures', 'examples');

function run(args: string[], cwd = root): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'flow-edn-cli-'));
const good = join(dir, 'good.flow.edn');
copyFileSync(join(examples, 'hello-world.flow.edn'), good);
const bad = join(dir, 'bad.flow.edn');
writeFileSync(bad, `{:slug :bad
 :name "Bad"
 :concurrency {:type :singleton :on-new-version :supersede}
 :templates [{:id :fetch-risk :type :http-request :request {:path "/r" :method :get}}]
 :schedules []
 :flow '(let [r (flow/step :http :x {:url "http://x" :template :fetch-riks})] r)}
`);
const empty = join(dir, 'empty.flow.edn');
writeFileSync(empty, '');
const binary = join(dir, 'blob.flow.edn');
writeFileSync(binary, Buffer.from([0x7b, 0x00, 0x01, 0xff, 0xfe]));

test('a clean file: exit 0 and the design §7 JSON shape', () => {
  const r = run(['check', '--format', 'json', good]);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(out).sort(), ['files', 'summary']);
  assert.equal(out.files.length, 1);
  assert.equal(out.summary.errors, 0);
  for (const d of out.files[0].diagnostics) {
    assert.deepEqual(Object.keys(d).sort(), ['code', 'message', 'range', 'severity']);
    assert.equal(typeof d.range.start.line, 'number');
    assert.equal(typeof d.range.end.character, 'number');
  }
});

test('a file with an error: exit 1, the code, 0-based range and did-you-mean in JSON', () => {
  const r = run(['check', '--format', 'json', bad]);
  assert.equal(r.code, 1);
  const out = JSON.parse(r.stdout);
  const d = out.files[0].diagnostics.find((x: { code: string }) => x.code === 'unknown-template');
  assert.ok(d, r.stdout);
  assert.equal(d.severity, 'error');
  assert.deepEqual(d.range, { start: { line: 5, character: 63 }, end: { line: 5, character: 74 } });
  assert.match(d.message, /did you mean :fetch-risk\?/);
  assert.equal(out.summary.errors, 1);
});

test('text output looks like a compiler: path:line:col, the line and a caret', () => {
  const r = run(['check', bad]);
  assert.equal(r.code, 1);
  const lines = r.stdout.split('\n');
  const i = lines.findIndex((l) => l.includes('unknown-template'));
  assert.ok(i >= 0, r.stdout);
  assert.match(lines[i]!, /bad\.flow\.edn:6:64: error unknown-template: Unknown template `:fetch-riks`/);
  assert.match(lines[i + 1]!, /^\s+6 \|  :flow '\(let/);
  const caretLine = lines[i + 2]!;
  const sourceLine = lines[i + 1]!;
  assert.equal(caretLine.indexOf('^'), sourceLine.indexOf(':fetch-riks'));
  assert.match(caretLine, /\^~{10}$/);
  assert.match(r.stdout, /1 file checked: 1 error, 0 warnings\./);
});

test('an empty file is read and reported as not a flow: exit 1', () => {
  const r = run(['check', '--format', 'json', empty]);
  assert.equal(r.code, 1);
  const out = JSON.parse(r.stdout);
  assert.equal(out.files[0].diagnostics[0].code, 'invalid-type');
  assert.match(out.files[0].diagnostics[0].message, /empty/);
});

test('a missing file: exit 2 and a message naming it', () => {
  const r = run(['check', join(dir, 'nope.flow.edn')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /cannot read '.*nope\.flow\.edn': no such file/);
});

test('a binary file: exit 2, refused as binary, the other files still checked', () => {
  const r = run(['check', '--format', 'json', binary, good]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /blob\.flow\.edn': binary file/);
  const out = JSON.parse(r.stdout);
  assert.equal(out.files.length, 2);
  assert.equal(out.files[0].error.startsWith('binary'), true);
  assert.equal(out.files[1].path.endsWith('good.flow.edn'), true);
});

test('text that is not UTF-8 (a Latin-1 é, a lone continuation byte): exit 2, refused by name; a BOM is dropped, not reported', () => {
  const latin1 = join(dir, 'latin1.flow.edn');
  writeFileSync(latin1, Buffer.concat([Buffer.from('{:slug :caf'), Buffer.from([0xe9]), Buffer.from(' :flow \'(flow/input)}\n')]));
  const stray = join(dir, 'stray.flow.edn');
  writeFileSync(stray, Buffer.concat([Buffer.from('{:slug :x :name "'), Buffer.from([0x80]), Buffer.from('"}\n')]));
  for (const path of [latin1, stray]) {
    const r = run(['check', '--format', 'json', path, good]);
    assert.equal(r.code, 2, path);
    assert.match(r.stderr, /: not valid UTF-8 text/);
    const out = JSON.parse(r.stdout);
    assert.equal(out.files[0].error, 'not valid UTF-8 text');
  }
  const bom = join(dir, 'bom.flow.edn');
  writeFileSync(bom, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(good)]));
  const r = run(['check', '--format', 'json', bom]);
  assert.equal(r.code, run(['check', '--format', 'json', good]).code);
  assert.deepEqual(JSON.parse(r.stdout).files[0].findings, JSON.parse(run(['check', '--format', 'json', good]).stdout).files[0].findings, 'the BOM changes no finding or position');
});

test('a folder: every flow file in it and the simulation files beside them; node_modules skipped', () => {
  const folder = join(dir, 'proj');
  mkdirSync(join(folder, 'flows'), { recursive: true });
  mkdirSync(join(folder, 'node_modules', 'x'), { recursive: true });
  copyFileSync(good, join(folder, 'a.flow.edn'));
  copyFileSync(good, join(folder, 'flows', 'b.clj'));
  writeFileSync(join(folder, 'a.sim.edn'), '{:input {}}');
  copyFileSync(bad, join(folder, 'node_modules', 'x', 'c.flow.edn'));
  const r = run(['check', '--format', 'json', folder]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const paths = JSON.parse(r.stdout).files.map((f: { path: string }) => f.path.replace(/\\/g, '/'));
  assert.equal(paths.length, 3);
  assert.ok(paths.some((p: string) => p.endsWith('proj/a.flow.edn')));
  assert.ok(paths.some((p: string) => p.endsWith('proj/a.sim.edn')));
  assert.ok(paths.some((p: string) => p.endsWith('proj/flows/b.clj')));
});

test('all examples check with exit 0', () => {
  const r = run(['check', examples]);
  assert.equal(r.code, 0, r.stdout);
  assert.match(r.stdout, / files checked: 0 errors/);
});

test('bad usage exits 2 with help', () => {
  assert.equal(run(['check']).code, 2);
  const r = run(['check', '--format', 'xml', good]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--format must be text or json/);
  assert.equal(run(['frobnicate']).code, 2);
  assert.equal(run(['check', '--bogus', good]).code, 2);
});
