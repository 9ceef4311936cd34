// Definition, references, highlights and rename through the protocol, for templates,
// functions, slots, secrets, invocations and locals (in the body and in function code),
// including renames refused because the new name would clash.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DocumentHighlight, Location, Range, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { LineIndex } from '../../engine/edn/positions';
import { applyEdit, docUri, LspClient, markers } from './support/client';
import { flow } from './fixtures';

/** A flow where `|` marks every occurrence of one thing; the first marker is the declaration. */
interface Case {
  name: string;
  source: string;
}

// Markers sit at the start of each occurrence (`|:api`, `|order`).
const cases: Case[] = [
  {
    name: 'a template',
    source: flow(
      '(let [a (flow/step :http :x {:connection :api :template |:fetch-risk :data {:order-id 1}})\n b (flow/step :http :y {:connection :api :template |:fetch-risk :data {:order-id 2}})] [a b])',
      ':requires [{:slot :api :type :http-api :label "A" :base-url "https://x" :auth {:type :bearer}}]\n :templates [{:id |:fetch-risk :type :http-request :request {:path "/r/{{order-id}}"}}]',
    ),
  },
  {
    name: 'a function',
    source: flow('(let [a (flow/step :function :x {:ref |:summarize :input {}})] a)', ':functions [{:id |:summarize :language :clojure :code "(fn [input] input)"}]'),
  },
  {
    name: 'a slot, used as a connection and tested with flow/slot-bound?',
    source: flow(
      '(let [a (when (flow/slot-bound? |:api) (flow/step :http :x {:connection |:api :path "/"}))] a)',
      ':requires [{:slot |:api :type :http-api :label "A" :base-url "https://x" :auth {:type :bearer} :optional true}]',
    ),
  },
  {
    name: 'a secret declared by a slot and used by webhook auth',
    source: flow(
      '(let [x 1] x)',
      ':requires [{:slot :hook :type :secret :label "Hook" :secret-ref |:signing-key}]\n :triggers [{:type :event :label "E" :enabled true :config {:source :webhook :auth {:type :hmac-sha256 :header "X" :secret-ref |:signing-key}}}]',
    ),
  },
  {
    name: 'an invocation',
    source: '{:slug :t :name "T" :concurrency {:type :singleton :on-new-version :supersede}\n :invocations {|:default {:inputs []}}\n :interfaces {:manual [{:id :run :invocation |:default}]}\n :schedules [{:id :n :invocation |:default :cron "0 2 * * *"}]\n :flow \'(let [x 1] x)}',
  },
  { name: 'a body local', source: flow('(let [|order (flow/input)\n      id (:id |order)]\n  {:id id :order |order})') },
  { name: 'a function parameter in a code string', source: flow('(let [x 1] x)', ':functions [{:id :f :language :clojure :code "(fn [|input] {:a (:a |input) :b (get |input :b)})"}]') },
];

function rangeText(text: string, r: Range): string {
  const lines = new LineIndex(text);
  return text.slice(lines.offset(r.start), lines.offset(r.end));
}

function sorted(ranges: Range[], text: string): number[] {
  const lines = new LineIndex(text);
  return ranges.map((r) => lines.offset(r.start)).sort((a, b) => a - b);
}

describe('definition, references and rename', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start();
  });
  after(async () => {
    await client.stop();
  });

  for (const c of cases) {
    test(`${c.name}: definition from every occurrence`, async () => {
      const { text, at } = markers(c.source);
      const uri = docUri('nav');
      await client.open(uri, text);
      for (const offset of at) {
        const defs = await client.at<Location[]>('textDocument/definition', uri, offset + 1);
        assert.equal(defs.length, 1, `one definition from offset ${offset}`);
        assert.deepEqual(sorted([defs[0]!.range], text), [at[0]!], `definition from ${JSON.stringify(text.slice(offset, offset + 12))}`);
      }
      await client.close(uri);
    });

    test(`${c.name}: references, with and without the declaration`, async () => {
      const { text, at } = markers(c.source);
      const uri = docUri('nav');
      await client.open(uri, text);
      const all = await client.at<Location[]>('textDocument/references', uri, at[at.length - 1]! + 1, { context: { includeDeclaration: true } });
      assert.deepEqual(sorted(all.map((l) => l.range), text), at);
      const uses = await client.at<Location[]>('textDocument/references', uri, at[0]! + 1, { context: { includeDeclaration: false } });
      assert.deepEqual(sorted(uses.map((l) => l.range), text), at.slice(1));
      const highlights = await client.at<DocumentHighlight[]>('textDocument/documentHighlight', uri, at[1]! + 1);
      assert.equal(highlights.length, at.length);
      await client.close(uri);
    });

    test(`${c.name}: rename everywhere`, async () => {
      const { text, at } = markers(c.source);
      const uri = docUri('nav');
      await client.open(uri, text);
      const prepared = await client.at<{ range: Range; placeholder: string }>('textDocument/prepareRename', uri, at[1]! + 2);
      assert.ok(prepared, 'renamable');
      const old = prepared.placeholder;
      assert.equal(rangeText(text, prepared.range), old, 'prepareRename selects the name (no colon, no quotes)');
      const edit = await client.at<WorkspaceEdit>('textDocument/rename', uri, at[1]! + 2, { newName: 'renamed-thing' });
      assert.equal(edit.changes![uri]!.length, at.length);
      const renamed = applyEdit(text, uri, edit);
      assert.equal(renamed.split('renamed-thing').length - 1, at.length);
      // Everything else is unchanged.
      assert.equal(renamed.length - text.length, at.length * ('renamed-thing'.length - old.length));
      await client.close(uri);
    });
  }

  test('a rename to an existing template id is refused with a message', async () => {
    const { text, at } = markers(flow('(let [x 1] x)', ':templates [{:id |:a :type :http-request :request {}} {:id :b :type :http-request :request {}}]'));
    const uri = docUri('nav');
    await client.open(uri, text);
    await assert.rejects(client.at('textDocument/rename', uri, at[0]! + 1, { newName: ':b' }), (e: Error) => {
      assert.match(e.message, /Cannot rename template `:a` to `:b`: a template with that id already exists \(line 6\)/);
      return true;
    });
    await client.close(uri);
  });

  test('a rename to a slot that exists is refused; to a new name it is done', async () => {
    const { text, at } = markers(flow('(let [r (flow/step :http :x {:connection :api :path "/"})] r)', ':requires [{:slot |:api :type :http-api :label "A" :base-url "https://x" :auth {:type :bearer}} {:slot :other :type :secret :label "O"}]'));
    const uri = docUri('nav');
    await client.open(uri, text);
    await assert.rejects(client.at('textDocument/rename', uri, at[0]! + 1, { newName: 'other' }), /already exists/);
    await assert.rejects(client.at('textDocument/rename', uri, at[0]! + 1, { newName: 'not a name' }), /not a valid keyword name/);
    await client.close(uri);
  });

  test('a local rename that would capture another binding is refused', async () => {
    const { text, at } = markers(flow('(let [input (flow/input)\n      |order-id (:order-id input)]\n  (str order-id))'));
    const uri = docUri('nav');
    await client.open(uri, text);
    await assert.rejects(client.at('textDocument/rename', uri, at[0]! + 1, { newName: 'input' }), /`input` is already bound at line 7/);
    await assert.rejects(client.at('textDocument/rename', uri, at[0]! + 1, { newName: 'str' }), /`str` is used at line 9 \(the function `str`\)/);
    await assert.rejects(client.at('textDocument/rename', uri, at[0]! + 1, { newName: 'if' }), /special form/);
    const ok = await client.at<WorkspaceEdit>('textDocument/rename', uri, at[0]! + 1, { newName: 'oid' });
    assert.equal(applyEdit(text, uri, ok).match(/\boid\b/g)!.length, 2);
    await client.close(uri);
  });

  test('nothing to rename or define on a plain keyword', async () => {
    const { text, at } = markers('{:slug :t |:name "x"}');
    const uri = docUri('nav');
    await client.open(uri, text);
    assert.equal(await client.at('textDocument/prepareRename', uri, at[0]! + 1), null);
    assert.deepEqual(await client.at('textDocument/definition', uri, at[0]! + 1), []);
    await client.close(uri);
  });
});
