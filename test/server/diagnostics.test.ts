// Diagnostics through the protocol as a document is edited: they appear and clear with
// edits (full and incremental), bursts of keystrokes are debounced to one check, closing
// clears them, `flowEdn.validation.enable` turns them off, and findings convert faithfully
// (code, severity, range, source, tags, data).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as lspExt from '../../server/lsp-ext';
import { docUri, LspClient } from './support/client';
import { flow } from './fixtures';

const founding = readFileSync(join(__dirname, '..', '..', '..', 'test', 'fixtures', 'examples', 'advanced-order-orchestration.flow.edn'), 'utf8');
const clean = flow('(let [input (flow/input)]\n  (flow/step :sleep :nap {:seconds 1}))');

describe('diagnostics', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start({ settings: { diagnostics: { debounceMs: 60 } } });
  });
  after(async () => {
    await client.stop();
  });

  test('the server declares its capabilities', () => {
    const caps = client.initializeResult!.capabilities;
    assert.equal(client.initializeResult!.serverInfo?.name, 'flow-edn');
    assert.ok(caps.completionProvider?.triggerCharacters?.includes(':'));
    assert.equal(caps.completionProvider?.resolveProvider, true, 'locals get their documentation through completionItem/resolve');
    for (const k of ['hoverProvider', 'definitionProvider', 'referencesProvider', 'documentSymbolProvider', 'inlayHintProvider'] as const) assert.ok(caps[k], k);
    assert.deepEqual(caps.renameProvider, { prepareProvider: true });
    // The one lens so far opens the graph; its command is contributed (test/client/package-json.test.ts).
    assert.deepEqual(caps.codeLensProvider, { resolveProvider: false });
  });

  test('appear on open and clear as the document is fixed, then clear on close', async () => {
    const uri = docUri('diag');
    const broken = clean.replace(':sleep', ':slep');
    const first = await client.open(uri, broken);
    assert.equal(first.version, 1);
    const unknown = first.diagnostics.find((d) => d.code === 'unknown-step-type');
    assert.ok(unknown, 'unknown step type reported');
    assert.equal(unknown.severity, 1);
    assert.equal(unknown.source, 'flow-edn');
    const line = broken.split('\n')[unknown.range.start.line]!;
    assert.equal(line.slice(unknown.range.start.character, unknown.range.end.character), ':slep');
    assert.match(String(unknown.message), /did you mean :sleep/);

    // An incremental edit that fixes it.
    const at = broken.indexOf(':slep');
    const v2 = client.edit(uri, at + 1, at + 5, 'sleep');
    const second = await client.waitForDiagnostics(uri, v2);
    assert.equal(second.version, v2);
    assert.deepEqual(second.diagnostics.filter((d) => d.severity === 1), []);

    // Break it again with an unbalanced bracket.
    const v3 = client.edit(uri, client.text(uri).indexOf('(flow/step'), client.text(uri).indexOf('(flow/step') + 1, '[');
    const third = await client.waitForDiagnostics(uri, v3);
    assert.ok(third.diagnostics.some((d) => d.code === 'unbalanced-delimiter'), third.diagnostics.map((d) => d.code).join());

    const cleared = client.waitForDiagnostics(uri, null, (p) => p.diagnostics.length === 0);
    await client.close(uri);
    assert.deepEqual((await cleared).diagnostics, []);
  });

  test('a burst of keystrokes is checked once, for the last version', async () => {
    const uri = docUri('diag');
    await client.open(uri, clean);
    const before = client.published.length;
    let text = clean;
    let version = 1;
    const at = text.indexOf(':nap') + 4;
    for (const ch of '-and-more') {
      version = client.edit(uri, at + (text.length - clean.length), at + (text.length - clean.length), ch);
      text = client.text(uri);
    }
    const last = await client.waitForDiagnostics(uri, version);
    assert.equal(last.version, version);
    const published = client.published.slice(before).filter((p) => p.uri === uri);
    assert.deepEqual(published.map((p) => p.version), [version], 'intermediate versions were not checked');
    await client.close(uri);
  });

  test('findings convert with tags and data; result-shape warnings point into the function code', async () => {
    const uri = docUri('diag');
    const d = await client.open(uri, founding);
    assert.deepEqual(d.diagnostics.filter((x) => x.severity === 1), [], 'the founding flow has no errors');
    const shapes = d.diagnostics.filter((x) => x.code === 'result-shape');
    assert.equal(shapes.length, 4);
    assert.ok(shapes.every((x) => x.severity === 2));
    const lines = founding.split('\n');
    const texts = shapes.map((x) => lines[x.range.start.line]!.slice(x.range.start.character, x.range.end.character));
    assert.deepEqual(texts.sort(), [':risk-level', ':risk-level', ':score', 'risk']);
    const deprecated = d.diagnostics.find((x) => x.code === 'deprecated')!;
    assert.deepEqual(deprecated.tags, [2]);
    assert.ok(shapes.every((x) => (x.data as { finding: { fixes: unknown[] } }).finding.fixes.length > 0));
    await client.close(uri);

    const unused = await client.open(docUri('diag'), flow('(let [x 1] x)', ':functions [{:id :never :language :clojure :code "(fn [input] input)"}]'));
    const hint = unused.diagnostics.find((x) => x.code === 'unused-declaration')!;
    assert.equal(hint.severity, 4);
    assert.deepEqual(hint.tags, [1]);
  });

  test('flowEdn.validation.enable turns diagnostics off and on again', async () => {
    const uri = docUri('diag');
    const broken = clean.replace(':sleep', ':slep');
    const first = await client.open(uri, broken);
    assert.ok(first.diagnostics.length > 0);
    const off = client.waitForDiagnostics(uri, null, (p) => p.diagnostics.length === 0);
    await client.setSettings({ validation: { enable: false }, diagnostics: { debounceMs: 60 } });
    await off;
    const on = client.waitForDiagnostics(uri, null, (p) => p.diagnostics.length > 0);
    await client.setSettings({ validation: { enable: true }, diagnostics: { debounceMs: 60 } });
    assert.ok((await on).diagnostics.some((x) => x.code === 'unknown-step-type'));
    await client.close(uri);
  });

  test('documentStats reports the checked version', async () => {
    const uri = docUri('diag');
    await client.open(uri, clean);
    const stats = (await client.connection.sendRequest(lspExt.documentStats, { uri }))!;
    assert.equal(stats.version, 1);
    assert.equal(stats.errors, 0);
    assert.ok(stats.checkMs >= 0);
    assert.deepEqual(await client.connection.sendRequest(lspExt.ping, { token: 7 }), { token: 7 });
    await client.close(uri);
  });
});

describe('a client without workspace/configuration', () => {
  test('works with the defaults', async () => {
    const client = await LspClient.start({ configuration: false });
    try {
      const d = await client.open(docUri('diag'), clean.replace(':sleep', ':slep'));
      assert.ok(d.diagnostics.some((x) => x.code === 'unknown-step-type'));
    } finally {
      await client.stop();
    }
  });
});
