// Template rendering is bounded (issue 10 #4) and writes nowhere (#8): nested {{#each}} stops
// after a fixed amount of work and output with an error naming the template; {{log}} is not a
// helper (it wrote to the process output, breaking `run --format json`); the missing-variable
// check looks at the data's own properties (`{{toString}}` is missing, not inherited).

import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { renderString, TemplateLimitError, MAX_TEMPLATE_OUTPUT } from '../../engine/run/render';
import { flow, runFlow } from './support';

const items = Array.from({ length: 100 }, (_, i) => ({ n: i, xs: Array.from({ length: 100 }, (_, j) => j) }));

describe('bounded rendering', () => {
  test('four nested {{#each}} over 100 items stop at once with an error naming the template', () => {
    const t0 = performance.now();
    assert.throws(
      () => renderString('{{#each items}}{{#each ../items}}{{#each ../../items}}{{#each ../../../items}}x{{/each}}{{/each}}{{/each}}{{/each}}', { items }, () => undefined, 'template :fan-out'),
      (e: unknown) => e instanceof TemplateLimitError && /template :fan-out/.test(e.message) && /\{\{#each\}\}/.test(e.message),
    );
    assert.ok(performance.now() - t0 < 2000);
  });

  test('output over the limit stops with an error naming the template', () => {
    const big = 'y'.repeat(64 * 1024);
    assert.throws(() => renderString('{{#each items}}{{../big}}{{/each}}', { items, big }, () => undefined, 'template :big'), (e: unknown) => e instanceof TemplateLimitError && /template :big/.test(e.message) && new RegExp(`${MAX_TEMPLATE_OUTPUT}`).test(e.message));
  });

  test('ordinary templates render as before (@index, @key, else, block params)', () => {
    const out = renderString('{{#each xs}}{{@index}}:{{this}}{{#if @last}}.{{else}},{{/if}}{{/each}}|{{#each m as |v k|}}{{k}}={{v}};{{/each}}|{{#each none}}a{{else}}empty{{/each}}', { xs: ['a', 'b'], m: { p: 1, q: 2 }, none: [] }, () => undefined, 't');
    assert.equal(out, '0:a,1:b.|p=1;q=2;|empty');
  });

  test('property: any nesting of {{#each}} over any list ends within the bound', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 300 }), (depth, n) => {
        const list = Array.from({ length: n }, (_, i) => i);
        let t = 'x{{@index}}';
        for (let d = 0; d < depth; d++) t = `{{#each ${'../'.repeat(d)}list}}${t}{{/each}}`;
        const t0 = performance.now();
        try {
          const out = renderString(t, { list }, () => undefined, 't');
          assert.ok(out.length <= MAX_TEMPLATE_OUTPUT);
        } catch (e) {
          assert.ok(e instanceof TemplateLimitError, String(e));
        }
        assert.ok(performance.now() - t0 < 2000, `depth ${depth} over ${n}`);
      }),
      { numRuns: 60, seed: 404 },
    );
  });
});

describe('templates write nowhere and see only their data', () => {
  test('{{log}} is not a helper: nothing is written to the process output', () => {
    const writes: string[] = [];
    const orig = process.stdout.write.bind(process.stdout);
    const origErr = console.log;
    (process.stdout as { write: unknown }).write = (chunk: string) => (writes.push(String(chunk)), true);
    console.log = (...a: unknown[]) => void writes.push(a.join(' '));
    try {
      assert.throws(() => renderString('a{{log "hello from a template" level="error"}}b', {}, () => undefined, 'template :t'), /log/);
    } finally {
      (process.stdout as { write: unknown }).write = orig;
      console.log = origErr;
    }
    assert.deepEqual(writes, []);
  });

  test('{{toString}} and {{constructor}} are missing variables, not inherited ones', () => {
    const missing: string[] = [];
    renderString('{{toString}} {{constructor}} {{name}}', { name: 'x' }, (v) => missing.push(v), 't');
    assert.deepEqual(missing.sort(), ['constructor', 'toString']);
  });

  test('a run whose template fans out fails the step naming the template, promptly', async () => {
    const text = flow(`(flow/step :http :call {:connection :api :template :fan-out :data {:items (vec (range 100))}})`, `:requires [{:slot :api :type :http-api :label "API" :base-url "https://example.invalid" :auth {:type :none}}]
 :templates [{:id :fan-out :type :http-request :request {:path "/x" :method :post :body "{{#each items}}{{#each ../items}}{{#each ../../items}}{{#each ../../../items}}x{{/each}}{{/each}}{{/each}}{{/each}}"}}]`);
    const t0 = performance.now();
    const { report } = await runFlow(text, '{:clock {:start "2026-11-29T10:00:00Z"} :bindings {:api {:mock {:status 200}}}}');
    assert.ok(performance.now() - t0 < 5000);
    assert.equal(report.status, 'failed');
    assert.match(report.error!.message, /template :fan-out/);
  });
});
