// Completion through the protocol, one case per cursor context: step types, step config
// keys and values, references of the right kind, locals and functions in the body and in
// function code, top-level keys, entry-point shapes, and template variables.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CompletionItem, CompletionList } from 'vscode-languageserver-protocol';
import { caret, docUri, LspClient } from './support/client';
import { decls, flow, step, withDecls } from './fixtures';

interface Case {
  name: string;
  /** Flow text with one `|` caret. */
  source: string;
  has: string[];
  not?: string[];
  check?: (items: CompletionItem[], text: string, offset: number) => void;
}

const byLabel = (items: CompletionItem[], label: string) => {
  const item = items.find((i) => i.label === label);
  assert.ok(item, `no item ${label} in ${items.map((i) => i.label).join(' ')}`);
  return item;
};

const cases: Case[] = [
  // ---- steps
  { name: 'step types after (flow/step ', source: flow(step('(flow/step |)')), has: [':http', ':wait', ':function', ':kv', ':notify'] },
  {
    name: 'step types with a typed prefix replace the keyword with its colon',
    source: flow(step('(flow/step :ht| :x {:url "https://x"})')),
    has: [':http'],
    check: (items, text, offset) => {
      const http = byLabel(items, ':http');
      assert.equal(http.filterText, ':http');
      const edit = http.textEdit as { range: { start: { character: number }; end: { character: number } }; newText: string };
      assert.equal(edit.newText, ':http', 'the rest of the call exists: the type alone');
      const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
      assert.equal(edit.range.start.character, text.indexOf(':ht', lineStart) - lineStart);
    },
  },
  {
    name: 'a step type with nothing after it inserts the catalog snippet',
    source: flow(step('(flow/step |)')),
    has: [':kv'],
    check: (items) => assert.match((byLabel(items, ':kv').textEdit as { newText: string }).newText, /^:kv :\$\{1/),
  },
  {
    name: 'keys of an :http step config, none already present',
    source: flow(step('(flow/step :http :x {:url "https://x" |})')),
    has: [':method', ':headers', ':retry', ':timeout', ':persist', ':response-as', ':template'],
    not: [':url', ':operation'],
  },
  {
    name: 'required keys of a :kv step come first, with value snippets',
    source: flow(step('(flow/step :kv :k {|})')),
    has: [':operation', ':key', ':ttl'],
    check: (items) => {
      const op = byLabel(items, ':operation');
      assert.ok(op.sortText!.startsWith('0'), 'required first');
      assert.match((op.textEdit as { newText: string }).newText, /^:operation \$\{1\|:get,:set/);
      assert.equal(op.insertTextFormat, 2);
      assert.match(String((op.documentation as { value: string }).value), /:operation/);
      assert.ok(byLabel(items, ':ttl').sortText!.startsWith('1'));
    },
  },
  {
    name: 'a half-typed keyword key: range covers colon and dashes',
    source: flow(step('(flow/step :wait :w {:key "k" :on-ti|})')),
    has: [':on-timeout'],
    check: (items, text, offset) => {
      const item = byLabel(items, ':on-timeout');
      const edit = item.textEdit as { range: { start: { character: number }; end: { character: number } } };
      const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
      assert.equal(edit.range.start.character, text.lastIndexOf(':on-ti', offset) - lineStart);
      assert.equal(edit.range.end.character, offset - lineStart);
    },
  },
  { name: 'http methods', source: flow(step('(flow/step :http :x {:url "https://x" :method |})')), has: [':get', ':post', ':put', ':patch', ':delete'], not: [':fetch'] },
  { name: 'kv operations', source: flow(step('(flow/step :kv :k {:key "a" :operation |})')), has: [':get', ':set', ':increment'] },
  { name: 'wait :on-timeout values', source: flow(step('(flow/step :wait :w {:key "k" :on-timeout |})')), has: [':continue', ':fail'] },
  { name: 'http :response-as values', source: flow(step('(flow/step :http :x {:url "https://x" :response-as |})')), has: [':json', ':text', ':bytes'] },
  { name: 'retry keys', source: flow(step('(flow/step :http :x {:url "https://x" :retry {|}})')), has: [':max-attempts', ':backoff-ms'] },
  { name: 'persist types', source: flow(step('(flow/step :http :x {:url "https://x" :persist {:type |}})')), has: [':blob', ':kv', ':table'] },

  // ---- references
  {
    name: 'template ids of the step\'s template type only',
    source: withDecls(step('(flow/step :http :x {:connection :api :template |})')),
    has: [':fetch-risk'],
    not: [':notice'],
  },
  {
    name: 'notification templates in a wait :notify',
    source: withDecls(step('(flow/step :wait :w {:key "k" :notify {:template | :data {}}})')),
    has: [':notice'],
    not: [':fetch-risk'],
  },
  { name: 'function ids after :ref', source: withDecls(step('(flow/step :function :f {:ref | :input {}})')), has: [':summarize'] },
  {
    name: 'connection slots of a fitting type only',
    source: withDecls(step('(flow/step :http :x {:connection |})')),
    has: [':api'],
    not: [':db', ':hook-secret'],
  },
  { name: 'database slots for a :db step', source: withDecls(step('(flow/step :db :q {:connection | :sql "select 1"})')), has: [':db'], not: [':api'] },
  {
    name: 'secret refs after :secret-ref',
    source: flow('(let [x 1] x)', `${decls}\n :interfaces {:webhook [{:id :hook :invocation :default :auth {:type :hmac-sha256 :header "X-Sig" :secret-ref |}}]}`).replace(/:interfaces \{:manual[^\n]*\n/, ''),
    has: [':hook-secret'],
  },
  { name: 'invocation ids after :invocation', source: flow('(let [x 1] x)', ':schedules [{:id :n :invocation | :cron "0 2 * * *"}]'), has: [':default'] },

  // ---- code
  {
    name: 'locals in scope and body functions',
    source: flow('(let [input (flow/input)\n      order-id (:order-id input)]\n  (str |))'),
    has: ['input', 'order-id', 'str', 'get-in', 'flow/step', 'flow/input', 'let', 'for'],
    not: ['map', 'filter', 'reduce', 'breyta.sandbox/sha256-hex'],
    check: (items) => {
      assert.equal(byLabel(items, 'input').kind, 6, 'a local is a variable');
      assert.ok(byLabel(items, 'input').sortText! < byLabel(items, 'str').sortText!, 'locals first');
      assert.match(String((byLabel(items, 'get-in').documentation as { value: string }).value), /get-in/);
    },
  },
  { name: 'a binding is not visible in its own init', source: flow('(let [a 1\n      b (inc |)]\n  b)'), has: ['a'], not: ['b'] },
  {
    name: 'a local bound to a step says so',
    source: flow('(let [resp (flow/step :http :x {:url "https://x"})]\n  (:body |))'),
    has: ['resp'],
    check: (items) => assert.match(byLabel(items, 'resp').detail ?? '', /:http/),
  },
  { name: 'for and fn bindings', source: flow('(let [xs [1 2]]\n  (vec (for [x xs] ((fn [y] (+ y |)) x))))'), has: ['x', 'xs', 'y'] },
  { name: 'an expression value in a step config', source: flow(step('(flow/step :function :f {:input |})')), has: ['input', 'order-id'] },
  { name: 'step snippets at the head of a body form', source: flow('(let [input (flow/input)]\n  (|))'), has: ['flow/step :http', 'flow/step :wait'] },
  {
    name: 'function code in a :functions string: transforms and sandbox helpers allowed',
    source: flow('(let [x 1] x)', ':functions [{:id :f :language :clojure :code "(fn [input] (count (|)))"}]'),
    has: ['input', 'map', 'filter', 'reduce', 'breyta.sandbox/sha256-hex', 'clojure.string/join'],
    not: ['flow/step', 'flow/input'],
  },
  {
    name: 'function code as a quoted form',
    source: flow("(let [x 1] x)", ":functions [{:id :f :language :clojure :code '(fn [order] (:id |))}]"),
    has: ['order', 'mapv'],
    not: ['flow/step'],
  },
  {
    name: 'inline :code of a :function step',
    source: flow(step('(flow/step :function :f {:input {:a 1} :code "(fn [{:keys [a]}] (inc |))"})')),
    has: ['a', 'inc'],
    not: ['order-id'],
  },

  // ---- top level and sections
  { name: 'top-level keys', source: '{:slug :t\n |}', has: [':name', ':concurrency', ':flow', ':requires', ':templates', ':invocations', ':interfaces', ':schedules'], not: [':slug'] },
  {
    name: 'the :flow key inserts a quoted body',
    source: '{:slug :t\n :fl|}',
    has: [':flow'],
    check: (items) => assert.match((byLabel(items, ':flow').textEdit as { newText: string }).newText, /:flow '\(let \[input \(flow\/input\)\]/),
  },
  { name: 'concurrency keys and values', source: '{:slug :t :concurrency {:type :keyed :on-new-version |}}', has: [':supersede', ':drain', ':coexist'] },
  { name: 'slot keys', source: flow('(let [x 1] x)', ':requires [{:slot :a |}]'), has: [':type', ':label', ':base-url', ':auth'], not: [':slot'] },
  { name: 'slot types', source: flow('(let [x 1] x)', ':requires [{:slot :a :type |}]'), has: [':http-api', ':database', ':secret'] },
  {
    name: 'slot auth types exclude webhook schemes',
    source: flow('(let [x 1] x)', ':requires [{:slot :a :type :http-api :label "A" :auth {:type |}}]'),
    has: [':bearer', ':none', ':api-key'],
    not: [':hmac-sha256', ':ip-allowlist'],
  },
  { name: 'requires entry shapes', source: flow('(let [x 1] x)', ':requires [|]'), has: ['{:slot .. :type :http-api}', '{:slot .. :type :secret}'] },
  { name: 'template types', source: flow('(let [x 1] x)', ':templates [{:id :t :type |}]'), has: [':http-request', ':llm-prompt', ':db-query', ':notification'] },
  { name: 'template keys by type', source: flow('(let [x 1] x)', ':templates [{:id :t :type :http-request |}]'), has: [':request'] },
  { name: 'template entry shapes', source: flow('(let [x 1] x)', ':templates [|]'), has: ['{:id .. :type :http-request}', '{:id .. :type :notification}'] },

  // ---- entry points
  { name: 'trigger shapes', source: '{:slug :t :triggers [|]}', has: ['{:type :manual ..}', '{:type :schedule ..}', '{:type :event ..}'] },
  { name: 'trigger keys', source: '{:slug :t :triggers [{:type :schedule |}]}', has: [':label', ':enabled', ':config'] },
  { name: 'schedule trigger :config keys', source: '{:slug :t :triggers [{:type :schedule :config {|}}]}', has: [':cron', ':timezone', ':input'] },
  { name: 'interface categories', source: '{:slug :t :interfaces {|}}', has: [':manual', ':http', ':webhook', ':mcp'] },
  { name: 'interface entry shape', source: '{:slug :t :interfaces {:webhook [|]}}', has: ['{:id .. :invocation ..}'] },
  { name: 'webhook interface keys', source: '{:slug :t :interfaces {:webhook [{:id :hook |}]}}', has: [':invocation', ':auth', ':event-name', ':label'] },
  { name: 'webhook auth types exclude :none', source: '{:slug :t :interfaces {:webhook [{:id :hook :auth {:type |}}]}}', has: [':hmac-sha256', ':bearer'], not: [':none'] },
  { name: 'schedule shapes', source: '{:slug :t :schedules [|]}', has: ['{:id .. :cron ..}'] },
  { name: 'schedule keys', source: '{:slug :t :schedules [{:id :n |}]}', has: [':cron', ':invocation', ':timezone', ':input'] },
  { name: 'cron strings', source: '{:slug :t :schedules [{:id :n :cron "|"}]}', has: ['"*/15 * * * *"', '"0 * * * *"'] },

  // ---- template variables
  {
    name: 'variables of a notification template from the using wait step, plus injected ones',
    source: withDecls(step('(flow/step :wait :w {:key "k" :notify {:template :notice :data {:order-id order-id :amount 3}}})')).replace('"Hi {{order-id}}"', '"Hi {{|"'),
    has: ['order-id', 'amount', 'approval-url', 'rejection-url'],
    check: (items) => assert.equal((byLabel(items, 'amount').textEdit as { newText: string }).newText, 'amount}}'),
  },
  {
    name: 'variables of an inline notify channel from its step\'s :data',
    source: withDecls(step('(flow/step :notify :n {:channels {:http {:connection :api :path "/n" :json {:text "Order {{o|}}"}}} :data {:order-id order-id}})')),
    has: ['order-id'],
    not: ['approval-url'],
  },

  // ---- empty file
  { name: 'an empty file offers a flow skeleton', source: '|', has: ['flow'] },
];

describe('completion', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start();
  });
  after(async () => {
    await client.stop();
  });

  for (const c of cases) {
    test(c.name, async () => {
      const { text, offset } = caret(c.source);
      const uri = docUri('completion');
      await client.open(uri, text);
      const list = await client.at<CompletionList | null>('textDocument/completion', uri, offset);
      await client.close(uri);
      assert.ok(list, 'a completion list');
      const labels = list.items.map((i) => i.label);
      for (const h of c.has) assert.ok(labels.includes(h), `${c.name}: expected ${h} among ${labels.slice(0, 60).join(' ')}`);
      for (const n of c.not ?? []) assert.ok(!labels.includes(n), `${c.name}: did not expect ${n}`);
      for (const item of list.items) {
        const edit = item.textEdit as { range: { start: { line: number }; end: { line: number } } } | undefined;
        assert.ok(edit, `${item.label} has a text edit`);
        assert.equal(edit.range.start.line, edit.range.end.line, 'single-line replace range');
      }
      c.check?.(list.items, text, offset);
    });
  }

  test('the server is still running', () => {
    assert.equal(client.exited, false, client.stderr.join(''));
  });
});
