// Code actions through the protocol: each case opens a flow with a finding, asks for the
// quick fixes at its range, applies the chosen one, and checks the new text — and, through
// fresh diagnostics, that the finding is gone.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { applyEdit, docUri, LspClient } from './support/client';
import { decls, flow, step, withDecls } from './fixtures';

interface Case {
  name: string;
  source: string;
  /** The diagnostic code to fix. */
  code: string;
  /** The action to apply: a title fragment. */
  action: string | RegExp;
  /** Fragments the fixed text must contain. */
  has: string[];
  /** Codes no diagnostic may have afterwards (default: `code`). */
  gone?: string[];
}

const founding = readFileSync(join(__dirname, '..', '..', '..', 'test', 'fixtures', 'examples', 'advanced-order-orchestration.flow.edn'), 'utf8');

const cases: Case[] = [
  // ---- did you mean
  { name: 'a misspelt step key', source: flow(step('(flow/step :http :x {:url "https://x" :retries {:max-attempts 2}})')), code: 'unknown-key', action: 'Change to :retry', has: [':retry {:max-attempts 2}'] },
  { name: 'a misspelt template id', source: withDecls(step('(flow/step :http :x {:connection :api :template :fetch-riks :data {:order-id 1}})')), code: 'unknown-template', action: 'Change to :fetch-risk', has: [':template :fetch-risk'] },
  { name: 'a misspelt step type', source: flow(step('(flow/step :htp :x {:url "https://x"})')), code: 'unknown-step-type', action: 'Change to :http', has: ['(flow/step :http :x'] },
  { name: 'a misspelt function in the body', source: flow('(let [m {:a {:b 1}}] (get-inn m [:a :b]))'), code: 'unknown-symbol', action: 'Change to get-in', has: ['(get-in m [:a :b])'] },
  { name: 'a misspelt enum value', source: flow(step('(flow/step :kv :k {:key "a" :operation :sett :value 1})')), code: 'invalid-value', action: 'Change to :set', has: [':operation :set'] },

  // ---- declare what is missing
  {
    name: 'a missing slot is added to :requires with a fitting type',
    source: withDecls(step('(flow/step :db :q {:connection :warehouse :sql "select 1"})')),
    code: 'unknown-connection',
    action: 'Add slot :warehouse (:database)',
    has: ['{:slot :warehouse :type :database :label "Warehouse" :backends #{:postgres}}'],
  },
  {
    name: 'a missing slot when there is no :requires at all',
    source: flow(step('(flow/step :http :x {:connection :orders-api :path "/"})')),
    code: 'unknown-connection',
    action: 'Add slot :orders-api',
    has: [':requires [{:slot :orders-api :type :http-api :label "Orders Api" :base-url "https://api.example.com" :auth {:type :bearer}}]\n :flow'],
  },
  {
    name: 'a missing secret is added as a :secret slot',
    source: flow('(let [x 1] x)', `${decls}\n :triggers [{:type :event :label "E" :enabled true :config {:source :webhook :auth {:type :hmac-sha256 :header "X" :secret-ref :signing}}}]`),
    code: 'unknown-secret-ref',
    action: 'Add slot :signing (:secret)',
    has: ['{:slot :signing :type :secret :label "Signing"}'],
  },
  {
    name: 'a missing template is created with the type the step takes',
    source: withDecls(step('(flow/step :wait :w {:key "k" :notify {:template :remind :data {}}})')),
    code: 'unknown-template',
    action: 'Create template :remind (:notification)',
    has: ['{:id :remind :type :notification :channels {}}'],
  },
  {
    name: 'a missing :http-request template',
    source: withDecls(step('(flow/step :http :x {:connection :api :template :get-order :data {}})')),
    code: 'unknown-template',
    action: 'Create template :get-order',
    has: ['{:id :get-order :type :http-request :request {}}'],
  },
  { name: 'a missing function is created', source: withDecls(step('(flow/step :function :f {:ref :score :input {:a 1}})')), code: 'unknown-function', action: 'Create function :score', has: ['{:id :score :language :clojure :code "(fn [input] input)"}'] },
  { name: 'a missing invocation is declared', source: flow('(let [x 1] x)', ':schedules [{:id :n :invocation :nightly :cron "0 2 * * *"}]'), code: 'unknown-invocation', action: 'Add invocation :nightly', has: [':nightly {:inputs []}'] },

  // ---- the body
  {
    name: 'unbalanced delimiters are repaired by indentation',
    source: flow('(let [input (flow/input)\n              n (inc 1\n              m 2]\n          (+ n m)'),
    code: 'unbalanced-delimiter',
    action: 'Repair delimiters by indentation',
    has: ['              n (inc 1)\n              m 2]\n          (+ n m))}'],
    gone: ['unbalanced-delimiter', 'syntax-error'],
  },
  { name: 'an unquoted :flow gets quoted', source: '{:slug :t :name "T" :concurrency {:type :singleton :on-new-version :supersede} :schedules []\n :flow (let [x 1] x)}', code: 'flow-not-quoted', action: 'Quote', has: [":flow '(let [x 1] x)"] },
  { name: '(map kw xs) becomes a for', source: flow('(let [items [{:id 1}]]\n  (map :id items))'), code: 'prohibited-transform', action: 'Rewrite as', has: ['(vec (for [item items] (:id item)))'] },
  { name: '(filter #(...) xs) becomes a for with :when', source: flow('(let [lines [{:qty 1}]]\n  (filter #(pos? (:qty %)) lines))'), code: 'prohibited-transform', action: 'Rewrite as', has: ['(vec (for [line lines :when (pos? (:qty line))] line))'] },
  { name: '(vec (map (fn [o] ...) xs)) keeps one vec', source: flow('(let [orders [{:id 1}]]\n  (vec (map (fn [o] (:id o)) orders)))'), code: 'prohibited-transform', action: 'Rewrite as', has: ['(let [orders [{:id 1}]]\n  (vec (for [o orders] (:id o))))'] },
  { name: '(remove pred xs)', source: flow('(let [xs [1 nil]]\n  (remove nil? xs))'), code: 'prohibited-transform', action: 'Rewrite as', has: ['(vec (for [x xs :when (not (nil? x))] x))'] },
  {
    name: 'a reduce moves into a :function step with the locals it reads',
    source: flow('(let [input (flow/input)\n      xs (:xs input)\n      total (reduce + 0 xs)]\n  total)'),
    code: 'prohibited-transform',
    action: 'Move this into a :function step',
    has: ['total (flow/step :function :compute-total {:input {:xs xs} :code "(fn [{:keys [xs]}] (reduce + 0 xs))"})'],
  },

  // ---- result shapes (the founding flow)
  {
    name: 'pass (:body risk) as the input of :risk-summary',
    source: founding,
    code: 'result-shape',
    action: 'Pass (:body risk) as the input',
    has: [':input (:body risk)'],
  },
  {
    name: 'read the key from :body inside the function code',
    source: flow('(let [resp (flow/step :http :x {:url "https://x"})]\n  (:id resp))'),
    code: 'result-shape',
    action: 'Read it from :body',
    has: ['(get-in resp [:body :id])'],
  },
];

describe('code actions', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start({ settings: { diagnostics: { debounceMs: 20 } } });
  });
  after(async () => {
    await client.stop();
  });

  for (const c of cases) {
    test(c.name, async () => {
      const uri = docUri('actions');
      const first = await client.open(uri, c.source);
      const diagnostic = first.diagnostics.find((d: Diagnostic) => d.code === c.code);
      assert.ok(diagnostic, `${c.name}: expected a ${c.code} diagnostic, got ${first.diagnostics.map((d) => d.code).join(', ')}`);
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
      const action = actions.find((a) => (typeof c.action === 'string' ? a.title.includes(c.action) : c.action.test(a.title)));
      assert.ok(action, `${c.name}: no action ${c.action} among ${actions.map((a) => a.title).join(' | ')}`);
      assert.equal(action.kind, 'quickfix');
      assert.ok(action.diagnostics?.some((d) => d.code === c.code), 'tied to its diagnostic');
      const fixed = applyEdit(c.source, uri, action.edit!);
      for (const h of c.has) assert.ok(fixed.includes(h), `${c.name}: ${JSON.stringify(h)} not in:\n${fixed}`);
      const version = client.replace(uri, fixed);
      const after = await client.waitForDiagnostics(uri, version);
      const gone = c.gone ?? [c.code];
      // The fixed finding is gone (other findings of the same code elsewhere may remain for shape fixes).
      const remaining = after.diagnostics.filter((d) => gone.includes(String(d.code)) && (c.code !== 'result-shape' || d.range.start.line === diagnostic.range.start.line));
      if (c.code !== 'result-shape') assert.deepEqual(remaining.map((d) => d.message), [], `${c.name}: still reported after the fix`);
      assert.ok(!after.diagnostics.some((d) => d.severity === 1 && !first.diagnostics.some((f) => f.message === d.message)), `${c.name}: the fix introduced an error: ${after.diagnostics.filter((d) => d.severity === 1).map((d) => d.message).join('\n')}`);
      await client.close(uri);
    });
  }

  test('passing (:body risk) clears every result-shape warning of the founding flow', async () => {
    const uri = docUri('actions');
    const first = await client.open(uri, founding);
    assert.equal(first.diagnostics.filter((d) => d.code === 'result-shape').length, 4);
    const input = first.diagnostics.find((d) => d.code === 'result-shape' && /whole result/.test(String(d.message)))!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: input.range, context: { diagnostics: [input] } });
    const version = client.replace(uri, applyEdit(founding, uri, actions.find((a) => a.title.startsWith('Pass'))!.edit!));
    const after = await client.waitForDiagnostics(uri, version);
    assert.deepEqual(after.diagnostics.filter((d) => d.code === 'result-shape'), []);
    await client.close(uri);
  });

  test('one fix offered for several findings is one action carrying them all', async () => {
    const uri = docUri('actions');
    await client.open(uri, founding);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 200, character: 0 } }, context: { diagnostics: [] } });
    const pass = actions.filter((a) => a.title === 'Pass (:body risk) as the input');
    assert.equal(pass.length, 1);
    assert.equal(pass[0]!.diagnostics!.length, 4);
    await client.close(uri);
  });
});
