// The TextMate grammar against the catalog (its keyword lists must not drift: regenerate with
// `node scripts/generate-grammar.mjs`), and what it highlights, tokenized line by line.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { catalog } from '../../engine/language/catalog/index';
import { buildGrammar, listsFromGrammar, type TextMateGrammar } from '../../client/grammar/build';
import { grammarLists, type GrammarLists } from '../../client/grammar/lists';
import { scopeOf, tokenize } from './textmate';

const ROOT = resolve(__dirname, '../../..');
const committed = JSON.parse(readFileSync(join(ROOT, 'syntaxes/flow-edn.tmLanguage.json'), 'utf8')) as TextMateGrammar;
const REGENERATE = 'run `node scripts/generate-grammar.mjs` to regenerate syntaxes/flow-edn.tmLanguage.json';

test('the grammar keyword lists match the catalog, list by list', () => {
  const expected = grammarLists(catalog);
  const actual = listsFromGrammar(committed);
  for (const list of Object.keys(expected) as (keyof GrammarLists)[]) {
    const have = new Set(actual[list] ?? []);
    const want = new Set(expected[list]);
    const missing = [...want].filter((n) => !have.has(n));
    const extra = [...have].filter((n) => !want.has(n));
    assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, `grammar list ${list} drifted from the catalog; ${REGENERATE}`);
  }
});

test('the committed grammar is exactly what the generator writes', () => {
  assert.deepEqual(committed, buildGrammar(grammarLists(catalog)), REGENERATE);
});

test('the lists hold the vocabulary people type', () => {
  const lists = grammarLists(catalog);
  for (const type of ['http', 'wait', 'function', 'kv', 'llm', 'code']) assert.ok(lists.stepTypes.includes(type), type);
  for (const key of ['slug', 'concurrency', 'flow', 'on-timeout', 'max-attempts', 'connection', 'key-field']) assert.ok(lists.keys.includes(key), key);
  assert.ok(lists.flowForms.includes('flow/step'));
  for (const form of ['let', 'if', 'fn', '->', 'for']) assert.ok(lists.specialForms.includes(form), form);
  for (const fn of ['get-in', 'assoc', 'clojure.string/join', 'str']) assert.ok(lists.coreFunctions.includes(fn), fn);
  assert.ok(lists.sandboxFunctions.includes('breyta.sandbox/sha256-hex'));
});

test('every rule compiles as a regular expression', () => {
  for (const [name, rule] of Object.entries(committed.repository)) {
    for (const r of [rule, ...(rule.patterns ?? [])]) {
      for (const source of [r.match, r.begin, r.end]) if (source !== undefined) assert.doesNotThrow(() => new RegExp(source), `${name}: ${source}`);
    }
  }
});

const cases: { source: string; expect: [text: string, scope: string][] }[] = [
  {
    source: '(flow/step :http :fetch-order {:connection :orders-api :url "https://x/{{order-id}}"})',
    expect: [
      ['flow/step', 'support.function.flow-form.flow-edn'],
      ['http', 'entity.name.type.step-type.flow-edn'],
      [':fetch-order', 'entity.name.function.step-id.flow-edn'],
      [':connection', 'support.type.property-name.flow-edn'],
      [':orders-api', 'constant.other.keyword.flow-edn'],
      ['order-id', 'variable.other.template.flow-edn'],
      ['(', 'punctuation.section.list.begin.flow-edn'],
      ['{', 'punctuation.section.map.begin.flow-edn'],
    ],
  },
  {
    source: '(flow/step :htpp :x {})',
    expect: [
      [':htpp', 'constant.other.keyword.flow-edn'],
      ['flow/step', 'support.function.flow-form.flow-edn'],
    ],
  },
  {
    source: "'(let [x (get-in m [:a :b])] (clojure.string/join \",\" (my-get x)))",
    expect: [
      ["'", 'keyword.operator.macro.flow-edn'],
      ['let', 'keyword.control.special-form.flow-edn'],
      ['get-in', 'support.function.core.flow-edn'],
      ['clojure.string/join', 'support.function.core.flow-edn'],
      ['my-get', 'meta.symbol.flow-edn'],
      ['x', 'meta.symbol.flow-edn'],
    ],
  },
  {
    source: '{:on-timeout :continue :on-timeout-x 1 ::auto :flow/ctx}',
    expect: [
      [':on-timeout', 'support.type.property-name.flow-edn'],
      [':on-timeout-x', 'constant.other.keyword.flow-edn'],
      ['::auto', 'constant.other.keyword.flow-edn'],
      [':flow/ctx', 'constant.other.keyword.flow-edn'],
    ],
  },
  {
    source: '[nil true -1.5 1/2 0x1F 42N \\newline \\a #inst "2026-01-01" #"^a+$" %1 #_ x] ; done',
    expect: [
      ['nil', 'constant.language.flow-edn'],
      ['true', 'constant.language.flow-edn'],
      ['-1.5', 'constant.numeric.flow-edn'],
      ['1/2', 'constant.numeric.flow-edn'],
      ['0x1F', 'constant.numeric.flow-edn'],
      ['42N', 'constant.numeric.flow-edn'],
      ['\\newline', 'constant.character.flow-edn'],
      ['\\a', 'constant.character.flow-edn'],
      ['#inst', 'storage.type.tag.flow-edn'],
      ['^a+$', 'string.regexp.flow-edn'],
      ['%1', 'variable.parameter.anonymous.flow-edn'],
      ['#_', 'comment.block.discard.flow-edn'],
      [';', 'punctuation.definition.comment.flow-edn'],
      [' done', 'comment.line.semicolon.flow-edn'],
    ],
  },
  {
    source: '^{:label "Large?" :yes "a" :no "b"} (if (> n 1) #{:a} #(inc %)) (breyta.sandbox/sha256-hex s)',
    expect: [
      ['^', 'punctuation.definition.metadata.flow-edn'],
      [':label', 'support.type.property-name.flow-edn'],
      ['if', 'keyword.control.special-form.flow-edn'],
      ['>', 'support.function.core.flow-edn'],
      ['#{', 'punctuation.section.set.begin.flow-edn'],
      ['#(', 'punctuation.section.list.begin.flow-edn'],
      ['%', 'variable.parameter.anonymous.flow-edn'],
      ['breyta.sandbox/sha256-hex', 'support.function.sandbox.flow-edn'],
    ],
  },
];

for (const { source, expect } of cases) {
  test(`tokens: ${source}`, () => {
    const lines = tokenize(committed, source);
    for (const [text, scope] of expect) assert.equal(scopeOf(lines, text), scope, `scope of ${JSON.stringify(text)} in ${source}`);
  });
}

test('a string left open continues on the next line and closes there', () => {
  const lines = tokenize(committed, ':code "(fn [x]\n  (inc x))" :id');
  assert.equal(scopeOf(lines, '  (inc x))'), 'string.quoted.double.flow-edn');
  assert.equal(scopeOf(lines, ':id'), 'support.type.property-name.flow-edn');
});

test('the examples tokenize with no unscoped text but whitespace', () => {
  for (const name of ['advanced-order-orchestration.flow.edn', 'wait-for-approval.flow.edn', 'imported-current-dialect.flow.edn']) {
    const lines = tokenize(committed, readFileSync(join(ROOT, 'examples', name), 'utf8'));
    const bare = lines.flat().filter((t) => t.scopes.length === 1 && t.text.trim().replace(/,/g, '') !== '');
    assert.deepEqual(bare.map((t) => t.text), [], `${name}: text no rule matched`);
  }
});
