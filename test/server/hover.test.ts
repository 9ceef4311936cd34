// Hover through the protocol, one case per kind: step types, keys and values from the
// catalog; template, function, slot, secret and invocation references with their
// definitions; cron strings with next runs in the schedule's time zone; durations; locals
// with where they are bound and the step result shape they hold; core functions.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Hover } from 'vscode-languageserver-protocol';
import { caret, docUri, LspClient } from './support/client';
import { decls, flow, step, withDecls } from './fixtures';

interface Case {
  name: string;
  source: string;
  /** Fragments the markdown must contain (strings or patterns). */
  has: (string | RegExp)[];
  not?: string[];
  /** The hovered range's text. */
  range?: string;
}

const cases: Case[] = [
  { name: 'a step type', source: flow(step('(flow/step :ht|tp :x {:url "https://x"})')), has: ['(flow/step :http ...)', 'Result'], range: ':http' },
  { name: 'a step config key', source: flow(step('(flow/step :wait :w {:key "k" :on-time|out :continue})')), has: [':on-timeout', 'Values:'], range: ':on-timeout' },
  { name: 'a common step option', source: flow(step('(flow/step :http :x {:url "https://x" :ret|ry {:max-attempts 3}})')), has: [':retry'] },
  { name: 'an enum value', source: '{:slug :t :concurrency {:type :singleton :on-new-version :dr|ain}}', has: ['`:drain`', ':on-new-version'] },
  { name: 'an auth type value', source: flow('(let [x 1] x)', ':requires [{:slot :a :type :http-api :label "A" :auth {:type :bea|rer}}]'), has: [':auth {:type :bearer}'] },
  { name: 'a template type value', source: flow('(let [x 1] x)', ':templates [{:id :t :type :http-req|uest :request {}}]'), has: ['template', ':http'] },
  { name: 'a top-level key', source: '{:sl|ug :t}', has: [':slug', 'required'] },
  {
    name: 'a template reference shows the template',
    source: withDecls(step('(flow/step :http :x {:connection :api :template :fetch-r|isk :data {:order-id 1}})')),
    has: ['template :fetch-risk', ':http-request', '/risk/{{order-id}}'],
    range: ':fetch-risk',
  },
  { name: 'a function reference shows its code', source: withDecls(step('(flow/step :function :f {:ref :summa|rize :input {}})')), has: ['function :summarize', '(fn [input] {:n (count (:items input))})'] },
  { name: 'a slot reference shows type and base URL', source: withDecls(step('(flow/step :http :x {:connection :a|pi :path "/"})')), has: ['slot :api', ':http-api', 'https://api.example.com', ':bearer'] },
  {
    name: 'a secret reference shows its slot',
    source: flow('(let [x 1] x)', `${decls}\n :triggers [{:type :event :label "E" :enabled true :config {:source :webhook :auth {:type :hmac-sha256 :header "X" :secret-ref :hook-sec|ret}}}]`),
    has: ['slot :hook-secret', ':secret'],
  },
  { name: 'an invocation reference', source: flow('(let [x 1] x)', ':schedules [{:id :n :invocation :def|ault :cron "0 2 * * *"}]'), has: ['invocation :default', ':inputs'] },
  { name: 'an undeclared template', source: withDecls(step('(flow/step :http :x {:connection :api :template :nope| :data {}})')), has: ['not declared'] },
  {
    name: 'a cron string: words and next runs in the schedule time zone',
    source: flow('(let [x 1] x)', ':schedules [{:id :n :invocation :default :cron "0 9 * * 1-|5" :timezone "Europe/Oslo"}]'),
    has: ['every day at 09:00'.replace('every day ', ''), 'Monday to Friday', 'Europe/Oslo', 'Next runs', /- \w{3}, \d+ \w{3} \d{4}, 09:00/],
  },
  { name: 'a cron string defaults to UTC', source: '{:slug :t :triggers [{:type :schedule :label "H" :enabled true :config {:cron "0 * * * |*"}}]}', has: ['every hour', '(UTC)'] },
  { name: 'a duration string', source: flow(step('(flow/step :wait :w {:key "k" :timeout "2|h"})')), has: ['2 hours', '7200 s'] },
  { name: 'a duration in seconds', source: flow(step('(flow/step :sleep :s {:seconds 9|0})')), has: ['1 minute 30 seconds'] },
  {
    name: 'a local bound to an :http step: its shape',
    source: flow('(let [resp (flow/step :http :fetch {:url "https://x"})]\n  (:body re|sp))'),
    has: ['**resp**', 'bound by `let`', 'line 7', ':http', ':fetch', '{:status :headers :body}'],
  },
  {
    name: 'a persisted step result is a ref map',
    source: flow('(let [resp (flow/step :http :fetch {:url "https://x" :persist {:type :blob}})]\n  (:ref re|sp))'),
    has: ['Persisted', ':ref'],
    not: ['{:status :headers :body}'],
  },
  { name: 'a local at its binding', source: flow('(let [or|der (flow/input)]\n  order)'), has: ['**order**', 'bound by `let`'] },
  { name: 'a fn parameter in function code', source: flow('(let [x 1] x)', ':functions [{:id :f :language :clojure :code "(fn [input] (:a inp|ut))"}]'), has: ['**input**', 'parameter'] },
  { name: 'a core function', source: flow('(let [m {}] (get-|in m [:a]))'), has: ['(get-in m ks)'] },
  { name: 'a prohibited transform in the body', source: flow('(let [xs [1]] (ma|p inc xs))'), has: ['Not allowed in the flow body', 'for'] },
];

describe('hover', () => {
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
      const uri = docUri('hover');
      await client.open(uri, text);
      const h = await client.at<Hover | null>('textDocument/hover', uri, offset);
      await client.close(uri);
      assert.ok(h, `${c.name}: a hover`);
      const value = (h.contents as { value: string }).value;
      for (const frag of c.has) {
        if (typeof frag === 'string') assert.ok(value.includes(frag), `${c.name}: ${JSON.stringify(frag)} not in:\n${value}`);
        else assert.match(value, frag);
      }
      for (const n of c.not ?? []) assert.ok(!value.includes(n), `${c.name}: did not expect ${n} in:\n${value}`);
      if (c.range !== undefined) {
        const r = h.range!;
        const lines = text.split('\n');
        assert.equal(lines[r.start.line]!.slice(r.start.character, r.end.character), c.range);
      }
    });
  }

  test('whitespace has no hover', async () => {
    const { text, offset } = caret('{:slug :t |  :name "x"}');
    const uri = docUri('hover');
    await client.open(uri, text);
    assert.equal(await client.at('textDocument/hover', uri, offset), null);
    await client.close(uri);
  });
});
