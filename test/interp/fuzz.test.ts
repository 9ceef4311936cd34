// Random calls of every core function with awkward arguments: each either returns a value
// or fails with a located interpreter error, never with a JS TypeError or an unlocated one.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readEdn } from '../../engine/edn/reader';
import { callableByName } from '../../engine/language/catalog/index';
import { compileForm, InterpError, ThrownValue, type Host } from '../../engine/interp/index';

const args = [
  'nil', '0', '1', '-1', '2.5', '3', '"abc"', '""', ':k', '[1 2]', '[]', '{:a 1}', '{}', '#{1}', "'(1 2)", '\\c', 'inc', ':a',
  '#"a"', '(fn [& xs] xs)', '[[:a 1]]', '{:a {:b 2}}', '"2026-01-02T03:04:05Z"', 'true', "'sym", '(breyta.sandbox/epoch-ms->instant 0)',
];

const host: Host = { step: () => null, input: () => null, nowMs: () => 0 };

const names = [...callableByName.values()].filter((c) => c.inFunctions && !c.special && !c.name.startsWith('flow/')).map((c) => c.name);

function aritiesOf(name: string): number[] {
  const spec = callableByName.get(name)!;
  const out = [...spec.arities];
  if (spec.variadicFrom !== undefined) out.push(spec.variadicFrom, spec.variadicFrom + 1, spec.variadicFrom + 2);
  return out;
}

test('core functions never fail with a JS error', () => {
  const call = fc
    .constantFrom(...names)
    .chain((name) => fc.constantFrom(...aritiesOf(name)).chain((n) => fc.tuple(fc.constant(name), fc.array(fc.constantFrom(...args), { minLength: n, maxLength: n }))));
  fc.assert(
    fc.property(call, ([name, argv]) => {
      const text = `(${name} ${argv.join(' ')})`;
      const node = readEdn(text).forms[0]!;
      try {
        const v = compileForm(node, { mode: 'function', source: text, fuel: 100_000 }).run(host);
        assert.notEqual(v, undefined, `${text} returned undefined`);
      } catch (e) {
        assert.ok(e instanceof InterpError || e instanceof ThrownValue, `${text} threw ${e instanceof Error ? e.stack : String(e)}`);
        assert.ok(e.start >= 0 && e.end <= text.length, `${text}: unlocated error ${e.message}`);
      }
    }),
    { numRuns: 4000, seed: 42 },
  );
});
