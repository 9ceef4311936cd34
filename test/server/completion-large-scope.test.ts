// Completion in a huge scope, through the protocol: the locals list is cut at the server's
// limit and marked incomplete, exact prefix matches come first, and a local's documentation
// arrives through completionItem/resolve (not in the list).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CompletionItem, CompletionList } from 'vscode-languageserver-protocol';
import { localsLimit } from '../../server/services/completion/code';
import { caret, docUri, LspClient } from './support/client';
import { flow } from './fixtures';

/** A `let` binding `count` locals (`v0`..), one `resp` bound to a step, with a caret in its body. */
function hugeLet(count: number, typed: string): string {
  const bindings = Array.from({ length: count }, (_, i) => `v${i} ${i}`).join('\n        ');
  return flow(`(let [resp (flow/step :http :x {:url "https://x"})\n        ${bindings}]\n  (inc ${typed}|))`);
}

describe('completion in a huge scope', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start();
  });
  after(async () => {
    await client.stop();
  });

  const complete = async (source: string): Promise<{ list: CompletionList; uri: string; offset: number }> => {
    const { text, offset } = caret(source);
    const uri = docUri('large-scope');
    await client.open(uri, text);
    const list = await client.at<CompletionList | null>('textDocument/completion', uri, offset);
    assert.ok(list, 'a completion list');
    return { list, uri, offset };
  };
  const locals = (list: CompletionList) => list.items.filter((i) => i.kind === 6 /* Variable */);

  test('with nothing typed, the locals are cut at the limit and the list is marked incomplete', async () => {
    const { list, uri } = await complete(hugeLet(2000, ''));
    await client.close(uri);
    assert.equal(list.isIncomplete, true);
    assert.equal(locals(list).length, localsLimit);
    assert.ok(list.items.some((i) => i.label === 'inc'), 'functions still offered');
  });

  test('a typed prefix narrows server-side: every exact prefix match is there, first', async () => {
    const { list, uri } = await complete(hugeLet(2000, 'v19'));
    await client.close(uri);
    const labels = locals(list).map((i) => i.label);
    // v19, v190..v199, v1900..v1999: 111 exact matches, all below the limit.
    const exact = ['v19', ...Array.from({ length: 10 }, (_, i) => `v19${i}`), ...Array.from({ length: 100 }, (_, i) => `v19${String(i).padStart(2, '0')}`)];
    for (const e of exact) assert.ok(labels.includes(e), `exact match ${e} offered`);
    const firstOther = labels.findIndex((l) => !l.startsWith('v19'));
    const lastExact = labels.reduce((at, l, i) => (l.startsWith('v19') ? i : at), -1);
    assert.ok(firstOther === -1 || firstOther > lastExact, 'exact prefix matches before fuzzy ones');
    assert.ok(labels.length <= localsLimit);
    assert.equal(list.isIncomplete, true, 'fuzzy matches (v1x9..) were cut');
  });

  test('a small scope is complete, unmarked', async () => {
    const { list, uri } = await complete(hugeLet(10, 'v'));
    await client.close(uri);
    assert.equal(list.isIncomplete, false);
    assert.equal(locals(list).filter((i) => /^v\d+$/.test(i.label)).length, 10);
  });

  test('a local carries its detail but its documentation arrives through resolve', async () => {
    const { list, uri } = await complete(hugeLet(300, 're'));
    const resp = list.items.find((i) => i.label === 'resp');
    assert.ok(resp, 'resp offered');
    assert.match(resp.detail ?? '', /:http/);
    assert.equal(resp.documentation, undefined, 'no documentation in the list');
    const resolved = await client.request<CompletionItem>('completionItem/resolve', resp);
    await client.close(uri);
    const docs = resolved.documentation as { kind: string; value: string } | undefined;
    assert.ok(docs, 'resolve filled the documentation');
    assert.match(docs.value, /\*\*resp\*\* — result of :http step :x/);
    assert.match(docs.value, /Shape: `\{/);
  });

  test('resolve on a stale version leaves the item as it was', async () => {
    const { list, uri } = await complete(hugeLet(5, 're'));
    const resp = list.items.find((i) => i.label === 'resp')!;
    client.edit(uri, 0, 0, ' ');
    const resolved = await client.request<CompletionItem>('completionItem/resolve', resp);
    await client.close(uri);
    assert.equal(resolved.documentation, undefined);
  });

  test('the server is still running', () => {
    assert.equal(client.exited, false, client.stderr.join(''));
  });
});
