// The renderer and the checker read a template the same way (engine/language/template-reads.ts):
// for each template, the variables the renderer reports missing from `:data` are exactly the
// ones the checker names, and both match what the template really reads.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StringNode } from '../../engine/edn/nodes';
import { printString } from '../../engine/edn/printer';
import { readEdn } from '../../engine/edn/reader';
import { scanTemplateString, templateHelpers } from '../../engine/language/check/templates';
import { renderString } from '../../engine/run/render';

const cases: [template: string, reads: string[]][] = [
  ['Hello {{name}}', ['name']],
  ['{{user.email}} and {{user.name}}', ['user']],
  ['{{truncate note length=10}}', ['note']],
  ['{{default nickname "friend"}}', []],
  ['{{default nickname fallback}}', ['fallback']],
  ['{{join (default tags list) separator=sep}}', ['list', 'sep']],
  ['{{json payload pretty=true}}', ['payload']],
  ['{{#each items}}{{qty}} of {{../sku}}{{else}}{{empty}}{{/each}}', ['items', 'empty']],
  ['{{#with order}}{{id}}{{/with}}', ['order']],
  ['{{#if flag}}{{yes}}{{else}}{{no}}{{/if}}', ['flag', 'yes', 'no']],
  ['{{first}} {{length}} {{lookup}}', []],
  ['{{@root.x}} {{this}}', []],
  ['{{lookup map key}}', ['map', 'key']],
];

function stringNode(value: string): { text: string; node: StringNode } {
  const text = printString(value);
  return { text, node: readEdn(text).forms[0] as StringNode };
}

for (const [template, reads] of cases) {
  test(`renderer and checker agree: ${template}`, () => {
    const { text, node } = stringNode(template);
    const scan = scanTemplateString(text, node);
    assert.equal(scan.error, null);
    const checked = [...new Set(scan.variables.map((v) => v.name))].sort();
    const missing = new Set<string>();
    try {
      renderString(template, {}, (v) => missing.add(v));
    } catch {
      // rendering with no data may fail inside helpers; the missing variables are reported first
    }
    assert.deepEqual([...missing].sort(), checked);
    assert.deepEqual(checked, [...reads].sort());
    // Each variable's offsets point at its path in the source.
    for (const v of scan.variables) assert.ok(text.slice(v.start, v.end).startsWith(v.name), `${v.name} at ${text.slice(v.start, v.end)}`);
  });
}

test('one helper list: the platform helpers are never reported as variables', () => {
  for (const h of templateHelpers) {
    const { text, node } = stringNode(`{{${h}}}`);
    assert.deepEqual(scanTemplateString(text, node).variables, [], h);
  }
});
