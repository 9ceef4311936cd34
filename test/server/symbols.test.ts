// Document symbols through the protocol: the outline of the founding flow (requires,
// templates, functions, triggers, and the steps in order nested under labelled branches),
// plus unlabelled branches holding steps, loops, and the current dialect's entry points.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { DocumentSymbol } from 'vscode-languageserver-protocol';
import { docUri, LspClient } from './support/client';
import { flow } from './fixtures';

const founding = readFileSync(join(__dirname, '..', '..', '..', 'test', 'fixtures', 'examples', 'advanced-order-orchestration.flow.edn'), 'utf8');

/** A compact picture of a symbol tree: `name (detail)` with children indented. */
function outline(symbols: DocumentSymbol[], depth = 0): string[] {
  return symbols.flatMap((s) => [`${'  '.repeat(depth)}${s.name}${s.detail ? ` (${s.detail})` : ''}`, ...outline(s.children ?? [], depth + 1)]);
}

describe('document symbols', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start();
  });
  after(async () => {
    await client.stop();
  });

  async function symbolsOf(text: string): Promise<DocumentSymbol[]> {
    const uri = docUri('symbols');
    await client.open(uri, text);
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    await client.close(uri);
    return symbols;
  }

  test('the founding flow', async () => {
    const symbols = await symbolsOf(founding);
    assert.deepEqual(outline(symbols), [
      ':requires',
      '  :orders-api (:http-api)',
      '  :sendgrid (:http-api)',
      '  :webhook-signing-secret (:secret)',
      ':templates',
      '  :fetch-risk (:http-request)',
      '  :approval-notice (:notification)',
      ':functions',
      '  :risk-summary',
      ':triggers',
      '  Run (:manual)',
      '  Hourly (:schedule)',
      '  Order Updated (:event)',
      ':flow',
      '  :fetch-order (:http)',
      '  :fetch-risk (:http)',
      '  :risk-summary (:function)',
      '  :persist-risk (:function)',
      '  Manager approval required? (branch)',
      '    yes: Wait for manager action',
      '      :manager-approval (:wait)',
      '    no: Auto-approve',
      '  Fulfillment decision (branch)',
      '    yes: Create fulfillment',
      '      :fulfill-order (:http)',
      '    no: Skip fulfillment',
      '  :write-audit (:kv)',
      '  :send-outcome-email (:notify)',
    ]);
    // Ranges contain their selection; a step selects its id.
    const flowSym = symbols.find((s) => s.name === ':flow')!;
    const fetch = flowSym.children![0]!;
    const lines = founding.split('\n');
    assert.equal(lines[fetch.selectionRange.start.line]!.slice(fetch.selectionRange.start.character, fetch.selectionRange.end.character), ':fetch-order');
  });

  test('unlabelled branches with steps, loops, and current-dialect entry points', async () => {
    const text = flow(
      '(let [input (flow/input)\n      a (if (:x input) (flow/step :sleep :nap {:seconds 1}) :skip)\n      b (vec (for [i (:items input)] (flow/step :http :post {:url "https://x" :json i})))]\n  [a b])',
      ':schedules [{:id :nightly :invocation :default :cron "0 2 * * *"}]',
    );
    assert.deepEqual(outline(await symbolsOf(text)), [
      ':invocations',
      '  :default',
      ':interfaces',
      '  :manual',
      '    :run (:default)',
      ':schedules',
      '  :nightly (0 2 * * *)',
      ':flow',
      '  if (:x input) (branch)',
      '    yes: then',
      '      :nap (:sleep)',
      '  :post (:http (in a loop))',
    ]);
  });

  test('a file that is not a flow map has no symbols', async () => {
    assert.deepEqual(await symbolsOf('[1 2 3'), []);
  });
});
