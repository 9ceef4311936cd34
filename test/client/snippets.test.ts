// The snippets (snippets/flow-edn.json, from client/snippets/build.ts): current with the
// catalog, one inline and one packaged snippet per step type, contributed in package.json,
// and each expanded with its defaults is a form the checker accepts (no errors) in a flow
// that declares what the snippet refers to (the table below).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { catalog } from '../../engine/language/catalog/index';
import { checkText } from '../../engine/language/check/index';
import { buildSnippets, type Snippet } from '../../client/snippets/build';
import { expandSnippet } from './snippet-expand';

const ROOT = resolve(__dirname, '../../..');
const committed = JSON.parse(readFileSync(join(ROOT, 'snippets/flow-edn.json'), 'utf8')) as Record<string, Snippet>;

const HEAD = `{:slug :snippet
 :concurrency {:type :singleton :on-new-version :supersede}
 :invocations {:default {:inputs []}}
 :interfaces {:manual [{:id :run :label "Run" :invocation :default}]}`;

/** What an inline snippet of a step type refers to besides itself: declarations and bound names. */
const CONTEXT: Record<string, { declarations?: string; bindings?: string }> = {
  wait: { bindings: 'id (:order-id input)' },
  function: { declarations: ':functions [{:id :fn-id :language :clojure :code "(fn [input] input)"}]' },
  code: { declarations: ':functions [{:id :fn-id :language :clojure :code "(fn [input] input)"}]' },
  table: { bindings: 'uri "res://tables/orders"' },
};

function errorsOf(text: string): string[] {
  return checkText(text)
    .findings.filter((f) => f.severity === 'error')
    .map((f) => `${f.code}: ${f.message}`);
}

test('snippets/flow-edn.json is what scripts/generate-snippets.mjs writes from the catalog', () => {
  assert.deepEqual(committed, JSON.parse(JSON.stringify(buildSnippets(catalog))), 'run node scripts/generate-snippets.mjs');
  execFileSync(process.execPath, ['scripts/generate-snippets.mjs', '--check'], { cwd: ROOT, stdio: 'pipe' });
});

test('package.json contributes the snippets for the flow-edn language', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes: { snippets?: { language: string; path: string }[] } };
  assert.deepEqual(manifest.contributes.snippets, [{ language: 'flow-edn', path: './snippets/flow-edn.json' }]);
});

test('every step type of the catalog has an inline and a packaged snippet', () => {
  assert.ok(catalog.steps.length >= 15, `the catalog has ${catalog.steps.length} step types`);
  for (const step of catalog.steps) {
    const inline = committed[`Step :${step.type}`];
    assert.ok(inline, `no snippet for (flow/step :${step.type} ...)`);
    assert.ok(inline.prefix.includes(`step-${step.type}`));
    assert.match(inline.body[0]!, new RegExp(`^\\(flow/step :${step.aliasOf ?? step.type} `), "an alias inserts the step type it stands for");
    const packaged = committed[`Packaged step :${step.type}`];
    assert.ok(packaged, `no packaged-step snippet for :${step.type}`);
    assert.ok(packaged.prefix.includes(`packaged-step-${step.type}`));
  }
});

for (const step of catalog.steps) {
  test(`the :${step.type} snippets expand to forms the checker accepts`, () => {
    const context = CONTEXT[step.type] ?? {};
    const call = expandSnippet(committed[`Step :${step.type}`]!.body);
    const inlineFlow = `${HEAD}\n ${context.declarations ?? ''}\n :flow\n '(let [input (flow/input)\n        ${context.bindings ?? ''}\n        result ${call}]\n    result)}\n`;
    assert.deepEqual(errorsOf(inlineFlow), [], `inline :${step.type}:\n${inlineFlow}`);
    const literal = expandSnippet(committed[`Packaged step :${step.type}`]!.body);
    const packagedFlow = `${HEAD}\n :steps [${literal}]\n :flow\n '(let [input (flow/input)] input)}\n`;
    assert.deepEqual(errorsOf(packagedFlow), [], `packaged :${step.type}:\n${packagedFlow}`);
  });
}

test('a snippet that leaves a required value empty is caught (the check above can fail)', () => {
  const emptyQuery = `${HEAD}\n :flow\n '(let [input (flow/input)\n        r (flow/step :search :s {:query "" :limit 5})]\n    r)}\n`;
  assert.notDeepEqual(errorsOf(emptyQuery), []);
});
