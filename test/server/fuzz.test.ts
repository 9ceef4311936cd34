// Fuzz: thousands of random edits (inserts, deletions, unbalanced brackets, half-typed
// keywords, broken strings) replayed against the server over its protocol, with requests
// of every kind interleaved. Every request must be answered with a well-formed result, no
// handler may fail (the server logs failures it catches), and the process must not die.
// fast-check with a fixed seed, so a failure replays; shrinking finds the smallest case.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { Range } from 'vscode-languageserver-protocol';
import { LineIndex } from '../../engine/edn/positions';
import * as lspExt from '../../server/lsp-ext';
import { docUri, LspClient } from './support/client';
import { withDecls } from './fixtures';

const founding = readFileSync(join(__dirname, '..', '..', '..', 'test', 'fixtures', 'examples', 'advanced-order-orchestration.flow.edn'), 'utf8');
const small = withDecls(
  '(let [input (flow/input)\n      r (flow/step :http :x {:connection :api :template :fetch-risk :data {:order-id (:id input)}})\n      s (flow/step :function :f {:ref :summarize :input r})\n      t ^{:label "L" :yes "Y" :no "N"} (if (:ok s) (flow/step :wait :w {:key "k" :timeout "2h"}) :no)]\n  (map :id [r s t]))',
  ':schedules [{:id :n :invocation :default :cron "*/5 * * * *"}]',
);

/** What people type, including the broken halves of it. */
const fragments = [
  '(', ')', '[', ']', '{', '}', '"', '\\', "'", '#', '#_', '^', '@', '~', '`', ';', ',', ' ', '\n', '  ',
  ':', ':on-ti', ':template :', ':connection', ':ref :', ':secret-ref', ':invocation :', ':type :', ':cron "',
  'flow/', 'flow/step', '(flow/step :', '(flow/step :http :id {', '(let [x ', '(fn [input] ', '(map inc ', '#(', '%',
  '^{:label "Q?" :yes "a" :no "b"}', '(if ', '{{', '}}', '"{{order-id}}"', '#"re', '\\n', '#inst "', '#flow/include "x"',
  '0', '1.5', '1/2', '99999999999999999999', 'nil', 'true', 'é', '😀', '\t',
];

type Op =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'request'; method: string; at: number; newName: string };

const methods = [
  'textDocument/completion', 'textDocument/hover', 'textDocument/documentSymbol', 'textDocument/codeAction', 'textDocument/inlayHint',
  'textDocument/definition', 'textDocument/references', 'textDocument/prepareRename', 'textDocument/rename', 'textDocument/documentHighlight',
];

/** A relative position in the text, spread evenly (doubles crowd near zero). */
const position = fc.integer({ min: 0, max: 100_000 }).map((i) => i / 100_000);

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: position, text: fc.oneof(fc.constantFrom(...fragments), fc.string({ maxLength: 6 })) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 40 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('request' as const), method: fc.constantFrom(...methods), at: position, newName: fc.constantFrom('x', 'input', 'renamed', ':b', 'not valid', '') }) },
);

function validRange(text: string, r: Range, what: string): void {
  const lines = new LineIndex(text);
  for (const p of [r.start, r.end]) {
    assert.ok(p.line >= 0 && p.line < lines.lineCount, `${what}: line ${p.line} outside the document`);
    assert.ok(p.character >= 0 && p.character <= lines.lineText(p.line).length + 1, `${what}: character ${p.character} outside line ${p.line}`);
  }
  assert.ok(r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character), `${what}: range ends before it starts`);
}

/** Checks the ranges a result carries lie inside the document. */
function checkResult(method: string, text: string, result: unknown): void {
  if (result === null || result === undefined) return;
  const ranges: Range[] = [];
  switch (method) {
    case 'textDocument/completion':
      for (const i of (result as { items: { textEdit?: { range: Range } }[] }).items) if (i.textEdit) ranges.push(i.textEdit.range);
      break;
    case 'textDocument/hover':
      if ((result as { range?: Range }).range) ranges.push((result as { range: Range }).range);
      break;
    case 'textDocument/definition':
    case 'textDocument/references':
    case 'textDocument/documentHighlight':
      for (const l of result as { range: Range }[]) ranges.push(l.range);
      break;
    case 'textDocument/documentSymbol': {
      const walk = (s: { range: Range; selectionRange: Range; children?: unknown[] }) => {
        ranges.push(s.range, s.selectionRange);
        for (const c of s.children ?? []) walk(c as typeof s);
      };
      for (const s of result as { range: Range; selectionRange: Range }[]) walk(s);
      break;
    }
    case 'textDocument/codeAction':
      for (const a of result as { edit?: { changes?: Record<string, { range: Range }[]> } }[]) for (const edits of Object.values(a.edit?.changes ?? {})) for (const e of edits) ranges.push(e.range);
      break;
    case 'textDocument/prepareRename':
      ranges.push((result as { range: Range }).range);
      break;
  }
  for (const r of ranges) validRange(text, r, method);
}

describe('fuzz: random edits and requests', () => {
  let client: LspClient;
  let requests = 0;
  let edits = 0;
  before(async () => {
    client = await LspClient.start({ settings: { diagnostics: { debounceMs: 5 } } });
  });
  after(async () => {
    await client.stop();
  });

  for (const [name, base, runs] of [['the founding flow', founding, 100], ['a small flow with every reference kind', small, 100]] as const) {
    test(`${name}: every request answered, nothing fails`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(opArb, { minLength: 30, maxLength: 60 }), async (ops) => {
          const uri = docUri('fuzz');
          const logged = client.stderr.length;
          await client.open(uri, base);
          let version = 1;
          for (const op of ops) {
            const text = client.text(uri);
            const at = Math.min(text.length, Math.floor(op.at * (text.length + 1)));
            if (op.kind === 'insert') {
              version = client.edit(uri, at, at, op.text);
              edits++;
            } else if (op.kind === 'delete') {
              version = client.edit(uri, at, Math.min(text.length, at + op.length), '');
              edits++;
            } else {
              const lines = new LineIndex(text);
              const position = lines.position(at);
              const params: Record<string, unknown> = { textDocument: { uri }, position };
              if (op.method === 'textDocument/references') params['context'] = { includeDeclaration: true };
              if (op.method === 'textDocument/rename') params['newName'] = op.newName;
              if (op.method === 'textDocument/documentSymbol') delete params['position'];
              if (op.method === 'textDocument/codeAction' || op.method === 'textDocument/inlayHint') {
                delete params['position'];
                params['range'] = lines.range(Math.max(0, at - 200), Math.min(text.length, at + 200));
                if (op.method === 'textDocument/codeAction') params['context'] = { diagnostics: [] };
              }
              requests++;
              try {
                checkResult(op.method, text, await client.request(op.method, params));
              } catch (e) {
                // A refused rename is an answer; anything else is a failure.
                if (!(op.method === 'textDocument/rename' && e instanceof Error && /Cannot rename|Nothing to rename/.test(e.message))) throw e;
              }
            }
          }
          // The last version gets checked and published.
          await client.waitForDiagnostics(uri, version);
          await client.close(uri);
          const failures = client.stderr.slice(logged).filter((l) => /failed:/.test(l));
          assert.deepEqual(failures, [], 'a handler failed');
          assert.equal(client.exited, false, 'the server died');
        }),
        { seed: 20261129, numRuns: runs },
      );
    });
  }

  // Huge and broken documents (issue 10 #12): 20,000 and 40,000 top-level forms, and 200 KB
  // of unclosed `"a` strings. Fewer operations (each re-read is a full document), the same
  // promises: every request answered well-formed, no handler fails, the server lives.
  const huge: [string, string][] = [
    ['20,000 top-level forms', '{:a 1}\n'.repeat(20_000)],
    ['40,000 top-level forms', '(x)\n'.repeat(40_000)],
    ['200 KB of unclosed "a strings', '"a'.repeat(100_001)],
  ];
  for (const [name, base] of huge) {
    test(`${name}: every request answered, nothing fails`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(opArb, { minLength: 8, maxLength: 16 }), async (ops) => {
          const uri = docUri('huge');
          const logged = client.stderr.length;
          await client.open(uri, base);
          let version = 1;
          for (const op of ops) {
            const text = client.text(uri);
            const at = Math.min(text.length, Math.floor(op.at * (text.length + 1)));
            if (op.kind === 'insert') version = client.edit(uri, at, at, op.text);
            else if (op.kind === 'delete') version = client.edit(uri, at, Math.min(text.length, at + op.length), '');
            else {
              const lines = new LineIndex(text);
              const params: Record<string, unknown> = { textDocument: { uri }, position: lines.position(at) };
              if (op.method === 'textDocument/references') params['context'] = { includeDeclaration: true };
              if (op.method === 'textDocument/rename') params['newName'] = op.newName;
              if (op.method === 'textDocument/documentSymbol') delete params['position'];
              if (op.method === 'textDocument/codeAction' || op.method === 'textDocument/inlayHint') {
                delete params['position'];
                params['range'] = lines.range(Math.max(0, at - 200), Math.min(text.length, at + 200));
                if (op.method === 'textDocument/codeAction') params['context'] = { diagnostics: [] };
              }
              requests++;
              try {
                checkResult(op.method, text, await client.request(op.method, params));
              } catch (e) {
                if (!(op.method === 'textDocument/rename' && e instanceof Error && /Cannot rename|Nothing to rename/.test(e.message))) throw e;
              }
            }
          }
          await client.waitForDiagnostics(uri, version);
          await client.close(uri);
          const failures = client.stderr.slice(logged).filter((l) => /failed:/.test(l));
          assert.deepEqual(failures, [], 'a handler failed');
          assert.equal(client.exited, false, 'the server died');
        }),
        { seed: 20261206, numRuns: 4 },
      );
    });
  }

  test('thousands of edits and requests went through, and the server still answers', async (t) => {
    t.diagnostic(`${edits} edits, ${requests} requests`);
    assert.ok(edits >= 2000, `only ${edits} edits`);
    assert.ok(requests >= 1000, `only ${requests} requests`);
    assert.deepEqual(await client.connection.sendRequest(lspExt.ping, { token: 1 }), { token: 1 });
  });
});
