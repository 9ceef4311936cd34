// A run of a flow spread over `#flow/include` files speaks of the file a person edits: the
// built CLI's `run` timeline, its JSON report, `show` from the store and a run's error name the
// included file and its own line, not the line of the expanded text the run runs.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(__dirname, '..', '..', '..');
const cli = join(root, 'out', 'cli.js');
const dir = mkdtempSync(join(tmpdir(), 'flow-edn-include-lines-'));
cpSync(join(root, 'test', 'fixtures', 'debug', 'include'), dir, { recursive: true });
const db = join(dir, 'runs.db');

function run(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args, '--db', db], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The 1-based line of `file` (in the fixture) holding `text`. */
function lineOf(file: string, text: string): number {
  const i = readFileSync(join(dir, file), 'utf8').split('\n').findIndex((l) => l.includes(text));
  assert.ok(i >= 0, `${text} in ${file}`);
  return i + 1;
}

test('run: the timeline names the included file and its line for steps and branches', () => {
  const r = run(['run', 'orders.flow.edn']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(lineOf('body.clj', 'flow/step :function :score'), 2);
  assert.match(r.stdout, /▶ :score \(:function\) body\.clj line 2\n/);
  assert.match(r.stdout, new RegExp(`▶ :label \\(:function\\) body\\.clj line ${lineOf('body.clj', 'flow/step :function :label')}\\n`));
  assert.match(r.stdout, new RegExp(`▶ :audit \\(:function\\) body\\.clj line ${lineOf('body.clj', 'flow/step :function :audit')}\\n`));
  assert.match(r.stdout, new RegExp(`⑂ Big order\\? \\(body\\.clj line ${lineOf('body.clj', '^{:label "Big order?"')}\\): yes`));
  assert.doesNotMatch(r.stdout, /\) line \d/, 'no step or branch without its file');

  // The same from the store, in another process.
  const shown = run(['show', 'last']);
  assert.equal(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, /▶ :score \(:function\) body\.clj line 2\n/);
});

test('run --format json: branches carry the included file and its line', () => {
  const r = run(['run', 'orders.flow.edn', '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.deepEqual(report.branches, [{ label: 'Big order?', taken: 'yes', branch: 'Shout', line: lineOf('body.clj', '^{:label "Big order?"'), file: 'body.clj' }]);
});

test("run: a run's error names the included file and line it failed at; the flow file's own lines stay bare", () => {
  writeFileSync(
    join(dir, 'fail.flow.edn'),
    `{:slug :fail :name "Fail"
 :concurrency {:type :singleton :on-new-version :supersede}
 :invocations {:default {:inputs []}}
 :interfaces {:manual [{:id :run :invocation :default}]}
 :flow #flow/include "code/fail.clj"}
`,
  );
  writeFileSync(join(dir, 'code', 'fail.clj'), `'(let [a (flow/step :function :one {:code '(fn [i] 1) :input {}})]\n   (throw (ex-info "stop here" {:a a})))\n`);
  const text = run(['run', 'fail.flow.edn', '--no-sim']);
  assert.equal(text.code, 1, text.stderr);
  assert.match(text.stdout, /▶ :one \(:function\) code\/fail\.clj line 1\n/);
  assert.match(text.stdout, /failed: the flow threw .*"stop here".* at code\/fail\.clj line 2\n/);
  const json = JSON.parse(run(['run', 'fail.flow.edn', '--no-sim', '--format', 'json']).stdout);
  assert.equal(json.error.code, 'thrown');
  assert.equal(json.error.file, 'code/fail.clj');
  assert.equal(json.error.line, 2);

  // Without includes: the flow file's line, no file.
  writeFileSync(join(dir, 'plain.flow.edn'), readFileSync(join(dir, 'fail.flow.edn'), 'utf8').replace('#flow/include "code/fail.clj"', readFileSync(join(dir, 'code', 'fail.clj'), 'utf8').trimEnd()));
  const plain = JSON.parse(run(['run', 'plain.flow.edn', '--no-sim', '--format', 'json']).stdout);
  assert.equal(plain.error.line, 6);
  assert.equal(plain.error.file, undefined);
  assert.match(plain.error.message, / at line 6$/);
});
