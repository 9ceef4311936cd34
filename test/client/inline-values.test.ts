// Where the inline values of a paused frame go (client/debug/vscode/local-occurrences.ts):
// symbols named like a local, first per line, never keywords, comments or character literals;
// function code inside strings counts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inlineText, localOccurrences } from '../../client/debug/vscode/local-occurrences';

const FLOW = [
  "'(let [input (flow/input)", //                          0
  '      order-id (:order-id input) ; input order-id', //   1
  '      risk (flow/step :http :fetch-risk {:data {:order-id order-id}})', // 2
  '      s "(fn [risk] (:body risk))  \\"risk\\""', //       3
  '      c \\r risk]', //                                   4
  '  (str order-id risk))', //                              5
].join('\n');

const names = new Set(['input', 'order-id', 'risk']);

test('symbols named like locals, first per line, not keywords or comments', () => {
  const found = localOccurrences(FLOW, names, 0, 5).map((o) => `${o.line}:${o.character}:${o.name}`);
  assert.deepEqual(found, ['0:7:input', '1:6:order-id', '1:26:input', '2:6:risk', '2:58:order-id', '3:14:risk', '4:11:risk', '5:7:order-id', '5:16:risk']);
});

test('only the lines asked for; a string open before them is still known', () => {
  const text = '"multi\nline risk" risk\n(risk)';
  assert.deepEqual(localOccurrences(text, new Set(['risk']), 1, 1), [{ name: 'risk', line: 1, character: 5 }]);
  assert.deepEqual(localOccurrences(text, new Set(['risk']), 2, 2), [{ name: 'risk', line: 2, character: 1 }]);
  assert.deepEqual(localOccurrences('; risk "\nrisk', new Set(['risk']), 1, 1), [{ name: 'risk', line: 1, character: 0 }]);
});

test('inline text is one line, cut with an ellipsis', () => {
  assert.equal(inlineText('order', '{:id "A-1"\n :total 1250.0}'), 'order = {:id "A-1" :total 1250.0}');
  assert.equal(inlineText('x', 'a'.repeat(100), 10), `x = ${'a'.repeat(9)}…`);
});
