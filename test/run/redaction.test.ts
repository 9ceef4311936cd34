// Secrets of any printable characters never appear in anything the engine stores or prints
// (issue 10 #5), in any encoding it produces: raw, JSON-escaped, EDN-escaped, URL-encoded,
// form-encoded, base64, and base64 of `user:secret`. Generated secrets go through a real
// :http exchange with a local server that echoes them back in those encodings.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { List, Map as IMap } from 'immutable';
import { Redactor } from '../../engine/run/codec';
import { printString, printValue } from '../../engine/edn/printer';
import { Keyword, type Value } from '../../engine/edn/values';
import { runReport } from '../../engine/run/report';
import { flow, json, runFlow, startServer, type TestServer } from './support';

/** Printable ASCII, quotes and backslashes included; no space at either end (HTTP trims it). */
const secretArb = fc
  .string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 6, maxLength: 24 })
  .filter((s) => s.trim() === s && !s.includes('***') && /[^*]/.test(s));

function encodings(secret: string, user?: string): string[] {
  const out = [secret, JSON.stringify(secret).slice(1, -1), printString(secret).slice(1, -1), encodeURIComponent(secret), new URLSearchParams({ x: secret }).toString().slice(2), Buffer.from(secret).toString('base64')];
  if (user !== undefined) out.push(Buffer.from(`${user}:${secret}`).toString('base64'));
  return out;
}

function assertNoLeak(where: string, text: string, secret: string, user?: string): void {
  for (const e of encodings(secret, user)) if (text.includes(e)) assert.fail(`${where} holds the secret ${JSON.stringify(secret)} as ${JSON.stringify(e)}: ${text.slice(Math.max(0, text.indexOf(e) - 80), text.indexOf(e) + 80)}`);
}

describe('Redactor', () => {
  test('property: every encoding of any printable secret is replaced, in text, JSON data and values', () => {
    fc.assert(
      fc.property(secretArb, fc.string(), (secret, around) => {
        const r = new Redactor();
        r.add(secret);
        for (const e of encodings(secret)) assertNoLeak('text', r.text(`${around}${e}${around}`), secret);
        const data = { message: `Bearer ${secret}`, nested: [JSON.stringify({ auth: secret }), encodeURIComponent(secret)], [secret]: 1 };
        const safe = r.json(data);
        assertNoLeak('json', JSON.stringify(safe), secret);
        const value = IMap<Value, Value>([[Keyword.of('auth'), `Bearer ${secret}`], [Keyword.of('list'), List<Value>([printString(secret), secret + around])]]);
        assertNoLeak('value', printValue(r.value(value)), secret);
      }),
      { numRuns: 2000, seed: 505 },
    );
  });

  test('JSON data stays valid JSON whatever the secret looks like', () => {
    const r = new Redactor();
    r.add('\\n"x');
    const data = { a: 'line\\n"x tail', b: 'a\nb', c: '\\\\n"x' };
    assert.deepEqual(Object.keys(r.json(data)), ['a', 'b', 'c']);
  });
});

describe('secrets through a real exchange', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer(async (req, res) => {
      const auth = String(req.headers['authorization'] ?? '');
      const token = auth.replace(/^(Bearer|Basic) /, '');
      const secret = req.headers['x-secret-for-test'] ? String(req.headers['x-secret-for-test']) : token;
      if (req.url.startsWith('/echo')) return json(res, 200, { auth, url: encodeURIComponent(secret), b64: Buffer.from(secret).toString('base64'), form: new URLSearchParams({ s: secret }).toString(), query: req.url });
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`denied for ${auth} ${JSON.stringify(auth)} ${encodeURIComponent(secret)}`);
    });
  });
  after(() => server.close());

  const requires = (auth: string) => `:requires [{:slot :api :type :http-api :label "API" :base-url "https://example.invalid" :auth ${auth}}]`;

  test('property: generated bearer and basic secrets leave no trace in the store, the timeline, errors or output', async () => {
    await fc.assert(
      fc.asyncProperty(secretArb, fc.boolean(), async (secret, basic) => {
        const user = basic ? 'ada' : undefined;
        const auth = basic ? '{:type :basic}' : '{:type :bearer}';
        const binding = basic ? `:username "ada" :password #env "SECRET"` : `:token #env "SECRET"`;
        const body = flow(
          `(let [r (flow/step :http :a {:connection :api :path "/echo" :query {:s (get-in (flow/input) [:s])} :headers {"x-secret-for-test" (get-in (flow/input) [:s])}})
                 f (flow/step :http :b {:connection :api :path "/fail" :retry {:max-attempts 1}})] r)`,
          requires(auth),
        );
        // The flow also gets the secret as input (a careless caller): it is redacted like any other.
        const sim = `{:clock {:start "2026-11-29T10:00:00Z"} :input {:s #env "SECRET"} :bindings {:api {:base-url "${server.url}" ${binding}}}}`;
        const ran = await runFlow(body, sim, { env: { SECRET: secret } });
        assert.equal(ran.run.status, 'failed');
        const runRow = ran.store.getRun(ran.run.id)!;
        assertNoLeak('run row', JSON.stringify(runRow), secret, user);
        assertNoLeak('journal', JSON.stringify(ran.store.journal(ran.run.id)), secret, user);
        assertNoLeak('events', JSON.stringify(ran.store.events(ran.run.id)), secret, user);
        assertNoLeak('report', JSON.stringify(runReport(ran.store, ran.run.id)), secret, user);
        ran.store.close();
      }),
      { numRuns: 25, seed: 506 },
    );
  });
});
