// Inlay hints through the protocol: cron expressions in words after the string (with the
// schedule's time zone), and branch labels next to each labelled `if` and its two arms.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { InlayHint } from 'vscode-languageserver-protocol';
import { docUri, LspClient, markers } from './support/client';
import { flow } from './fixtures';

describe('inlay hints', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start();
  });
  after(async () => {
    await client.stop();
  });

  test('cron in words and branch labels, at their places', async () => {
    const { text, at } = markers(
      flow(
        '(let [input (flow/input)\n      d ^{:label "Big order?" :yes "Ask" :no "Skip"}\n        (if| (> (:total input) 100)\n          |(flow/step :wait :ask {:key "k"})\n          |{:action :approve})]\n  d)',
        ':schedules [{:id :nightly :invocation :default :cron "0 2 * * *"| :timezone "Europe/Oslo"}\n             {:id :q :invocation :default :cron "*/15 * * * *"|}]',
      ),
    );
    const uri = docUri('hints');
    await client.open(uri, text);
    const hints = await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } } });
    const got = hints.map((h) => ({ at: client.offset(uri, h.position), label: h.label }));
    const [cron1, cron2, ifAt, yesAt, noAt] = at as [number, number, number, number, number];
    assert.deepEqual(got, [
      { at: cron1, label: 'every day at 02:00 (Europe/Oslo)' },
      { at: cron2, label: 'every 15 minutes' },
      { at: ifAt, label: 'Big order?' },
      { at: yesAt, label: 'yes: Ask' },
      { at: noAt, label: 'no: Skip' },
    ].sort((a, b) => a.at - b.at));
    const cronHint = hints.find((h) => h.label === 'every 15 minutes')!;
    assert.match(String((cronHint.tooltip as { value: string }).value), /Next runs \(UTC\)/);
    // Only hints inside the requested range.
    const some = await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: client.position(uri, yesAt - 1), end: client.position(uri, noAt + 1) } });
    assert.deepEqual(some.map((h) => h.label), ['yes: Ask', 'no: Skip']);
    await client.close(uri);
  });
});
