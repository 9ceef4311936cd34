// Diagnostics of a flow with `#flow/include`s over the protocol: the flow is checked expanded,
// as the platform does; a problem inside an included file is published for that file's uri,
// at its own line, and the root document keeps its own findings.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { LspClient } from './support/client';

let client: LspClient;
before(async () => {
  client = await LspClient.start({ settings: { diagnostics: { debounceMs: 20 } } });
});
after(async () => {
  await client.stop();
});

test('findings inside an included file are published for that file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'flow-edn-lsp-include-'));
  mkdirSync(join(dir, 'parts'));
  const steps = '[{:id :tools/echo\n  :type :function\n  :colour :red\n  :defaults {:code \'(fn [input] input)}}]';
  writeFileSync(join(dir, 'parts', 'steps.edn'), steps);
  const root = `{:slug :t :name "T"
 :concurrency {:type :singleton :on-new-version :supersede}
 :steps #flow/include "parts/steps.edn"
 :invocations {:default {:inputs []}}
 :interfaces {:manual [{:id :run :label "Run" :invocation :default}]}
 :flow '(let [input (flow/input)] (flow/step :tools/echo {:v (nope)}))}`;
  const rootPath = join(dir, 'root.flow.edn');
  writeFileSync(rootPath, root);
  const stepsUri = pathToFileURL(join(dir, 'parts', 'steps.edn')).toString();
  const included = client.waitForDiagnostics(stepsUri, null, (p) => p.diagnostics.length > 0);
  const own = await client.open(pathToFileURL(rootPath).toString(), root);
  assert.deepEqual(own.diagnostics.map((d) => d.code), ['unknown-symbol'], JSON.stringify(own.diagnostics));
  const line = root.split('\n')[own.diagnostics[0]!.range.start.line]!;
  assert.equal(line.slice(own.diagnostics[0]!.range.start.character, own.diagnostics[0]!.range.end.character), 'nope');
  const inc = await included;
  const colour = inc.diagnostics.find((d) => d.code === 'unknown-key')!;
  assert.ok(colour, JSON.stringify(inc.diagnostics));
  assert.equal(colour.range.start.line, 2);
  assert.equal(steps.split('\n')[2]!.slice(colour.range.start.character, colour.range.end.character), ':colour');

  // The include removed: the included file's findings are cleared.
  const cleared = client.waitForDiagnostics(stepsUri, null, (p) => p.diagnostics.length === 0);
  client.replace(pathToFileURL(rootPath).toString(), root.replace(' :steps #flow/include "parts/steps.edn"\n', ''));
  assert.deepEqual((await cleared).diagnostics, []);
});

test('definition and hover follow includes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'flow-edn-lsp-include-'));
  mkdirSync(join(dir, 'functions'));
  const fn = '{:id :normalize\n :language :clojure\n :code "(fn [input] input)"}';
  writeFileSync(join(dir, 'functions', 'normalize.edn'), fn);
  const root = `{:slug :t :name "T"
 :concurrency {:type :singleton :on-new-version :supersede}
 :functions [#flow/include "functions/normalize.edn"]
 :invocations {:default {:inputs []}}
 :interfaces {:manual [{:id :run :label "Run" :invocation :default}]}
 :flow '(let [input (flow/input)] (flow/step :function :n {:ref :normalize :input {}}))}`;
  const rootPath = join(dir, 'root.flow.edn');
  writeFileSync(rootPath, root);
  const uri = pathToFileURL(rootPath).toString();
  await client.open(uri, root);
  const fnUri = pathToFileURL(join(dir, 'functions', 'normalize.edn')).toString();
  // On the directive: the included file.
  const onDirective = await client.at<{ uri: string }[]>('textDocument/definition', uri, root.indexOf('"functions/') + 3);
  assert.deepEqual(onDirective.map((l) => l.uri), [fnUri]);
  // A reference to a function the included file declares: its id there.
  const defs = await client.at<{ uri: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }[]>('textDocument/definition', uri, root.indexOf(':ref :normalize') + 8);
  assert.equal(defs.length, 1, JSON.stringify(defs));
  assert.equal(defs[0]!.uri, fnUri);
  const r = defs[0]!.range;
  assert.equal(fn.split('\n')[r.start.line]!.slice(r.start.character, r.end.character), ':normalize');
  const hover = await client.at<{ contents: { value: string } } | null>('textDocument/hover', uri, root.indexOf(':ref :normalize') + 8);
  assert.ok(hover !== null && /normalize/.test(hover.contents.value), JSON.stringify(hover));
});
