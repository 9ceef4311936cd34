// `#flow/include` as the platform expands it: recursive and relative to the including file,
// tags in comments, strings and discarded forms left alone, cycles, absolute paths and paths
// leaving the flow's folder refused; findings land in the file their text came from (check,
// CLI), and the run engine runs the expanded flow.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkSource } from '../../engine/language/check/source';
import { expandIncludes, locate } from '../../engine/language/include';
import { loadProgram } from '../../engine/run/program';
import { decodeValue } from '../../engine/run/codec';
import { printValue } from '../../engine/edn/printer';
import { runFlow } from '../run/support';

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'flow-edn-include-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const root = `{:slug :flow-include
 :name "Flow Include"
 :functions [#flow/include "functions/normalize.edn"]
 :steps #flow/include "steps.edn"
 :concurrency {:type :singleton :on-new-version :supersede}
 :invocations {:default {:label "Run" :inputs []}}
 :interfaces {:manual [{:id :run :label "Run" :invocation :default}]}
 ; #flow/include "ignored-comment.edn"
 :flow '(let [input (flow/input)
              example "#flow/include \\"ignored-string.edn\\""
              old #_ #flow/include "missing.edn" 1
              r (flow/step :function :n {:ref :normalize-config :input {:x example}})
              s (flow/step :tools/echo {:v old})]
          [r s])}`;

const files = {
  'code/normalize-code.clj': '"(fn [input] {:ok (:x input)})"',
  'functions/normalize.edn': '{:id :normalize-config\n :language :clojure\n :code #flow/include "../code/normalize-code.clj"}',
  'steps.edn': '[{:id :tools/echo :type :function :defaults {:code \'(fn [input] input)}}]',
};

test('expands recursively, relative to each including file, skipping comments, strings and discards', () => {
  const dir = tree({ ...files, 'flow.clj': root });
  const x = expandIncludes(join(dir, 'flow.clj'), root);
  assert.deepEqual(x.problems, []);
  assert.ok(x.text.includes(':id :normalize-config'));
  assert.ok(x.text.includes('"(fn [input] {:ok (:x input)})"'), 'the nested include resolves into the function code');
  assert.ok(x.text.includes('; #flow/include "ignored-comment.edn"'));
  assert.ok(x.text.includes('"#flow/include \\"ignored-string.edn\\""'));
  assert.ok(x.text.includes('#_ #flow/include "missing.edn"'), 'a discarded include is not read');
  assert.ok(!x.text.includes('#flow/include "functions/normalize.edn"'));
  assert.equal(x.files.size, 4);
  // Every offset maps back to its file.
  const at = x.text.indexOf(':language');
  const loc = locate(x, at, at + ':language'.length);
  assert.equal(loc.file, join(dir, 'functions', 'normalize.edn'));
  assert.equal(files['functions/normalize.edn'].slice(loc.start, loc.end), ':language');
});

test('the expanded flow checks clean: included declarations resolve', () => {
  const dir = tree({ ...files, 'flow.clj': root });
  const checked = checkSource(join(dir, 'flow.clj'), root);
  const problems = checked.files.flatMap((f) => f.findings.filter((x) => x.severity === 'error' || x.severity === 'warning'));
  assert.deepEqual(problems, []);
});

test('a finding inside an included file points into that file', () => {
  const broken = files['functions/normalize.edn'].replace(':language :clojure', ':language :clojure :lang :x');
  const dir = tree({ ...files, 'functions/normalize.edn': broken, 'flow.clj': root });
  const checked = checkSource(join(dir, 'flow.clj'), root);
  const inc = checked.files.find((f) => f.file === join(dir, 'functions', 'normalize.edn'))!;
  const unknown = inc.findings.find((f) => f.code === 'unknown-key')!;
  assert.ok(unknown, JSON.stringify(checked.files.map((f) => [f.file, f.findings.map((x) => x.code)])));
  assert.equal(broken.slice(unknown.start, unknown.end), ':lang');
  assert.deepEqual(checked.files[0]!.findings.filter((f) => f.code === 'unknown-key'), []);
});

test('cycles, absolute paths, paths leaving the folder and missing files are errors at the directive', () => {
  const cyc = '[#flow/include "b.edn"]';
  const dir = tree({ 'a.edn': cyc, 'b.edn': '[#flow/include "a.edn"]', 'sub/x.edn': '[]' });
  const flowText = (inc: string) => `{:slug :t :concurrency {:type :singleton :on-new-version :supersede} :steps ${inc} :flow '(let [x 1] x)}`;
  const cases: [string, RegExp][] = [
    ['#flow/include "a.edn"', /cycle/],
    ['#flow/include "/etc/passwd"', /Absolute/],
    ['#flow/include "../outside.edn"', /leaves the root flow's folder/],
    ['#flow/include "nope.edn"', /Cannot read/],
    ['#flow/include :x', /string path/],
  ];
  for (const [inc, message] of cases) {
    const text = flowText(inc);
    const checked = checkSource(join(dir, 'root.flow.edn'), text);
    const found = checked.files.flatMap((f) => f.findings.map((x) => ({ ...x, file: f.file, text: f.text }))).find((f) => f.code === 'invalid-include');
    assert.ok(found, inc);
    assert.match(found.message, message, inc);
    assert.equal(found.severity, 'error');
    assert.ok(found.text.slice(found.start, found.end).startsWith('#flow/include'), inc);
  }
});

test('flow-edn check reports into the included file, by its path and line', () => {
  const broken = files['steps.edn'].replace(':type :function', ':type :function :colour :red');
  const dir = tree({ ...files, 'steps.edn': broken, 'flow.clj': root });
  const cli = join(__dirname, '..', '..', '..', 'out', 'cli.js');
  const r = spawnSync(process.execPath, [cli, 'check', 'flow.clj'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^steps\.edn:1:\d+: warning unknown-key/m);
  const json = spawnSync(process.execPath, [cli, 'check', '--format', 'json', 'flow.clj'], { cwd: dir, encoding: 'utf8' });
  const out = JSON.parse(json.stdout) as { files: { path: string; diagnostics: { code: string }[] }[] };
  assert.deepEqual(out.files.map((f) => f.path), ['flow.clj', 'steps.edn']);
});

test('the run engine runs the expanded flow', async () => {
  const runRoot = root.replace(':steps #flow/include "steps.edn"\n', '').replace('\n              s (flow/step :tools/echo {:v old})', '').replace('[r s]', 'r');
  const dir = tree({ ...files, 'flow.clj': runRoot });
  const program = loadProgram(runRoot, join(dir, 'flow.clj'));
  assert.ok(!program.source.includes('#flow/include "functions'), 'the program holds the expanded source');
  const prev = process.cwd();
  process.chdir(dir);
  try {
    const { report, run } = await runFlow(runRoot, '{}', {});
    assert.equal(report.status, 'completed', JSON.stringify(report));
    assert.match(printValue(decodeValue(run.output!)), /\{:ok "#flow\/include/);
  } finally {
    process.chdir(prev);
  }
});
