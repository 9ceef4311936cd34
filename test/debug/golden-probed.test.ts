// Code compiled with evaluation points means the same as code without: every form of the
// interpreter's golden files (test/interp/golden) runs once plain and once under a probe
// that counts hits, and both give the same value or the same error.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { is, Map as IMap } from 'immutable';
import { readEdn } from '../../engine/edn/reader';
import { nodeToValue } from '../../engine/edn/convert';
import { printValue } from '../../engine/edn/printer';
import { Keyword, type Value } from '../../engine/edn/values';
import { compileForm, installProbe, type Host } from '../../engine/interp/index';

const dir = path.join(__dirname, '../../../test/interp/golden');

const host: Host = {
  step: (call) => IMap<Value, Value>([[Keyword.of('id'), call.id], [Keyword.of('config'), call.config]]),
  input: () => nodeToValue(readEdn('{:order-id "o-1" :items [1 2 3]}').forms[0]!),
  nowMs: () => 1_700_000_000_000,
  slotBound: (slot) => slot === 'slack',
};

type Result = { value: Value } | { error: string };

function outcome(run: () => Value): Result {
  try {
    return { value: run() };
  } catch (e) {
    return { error: `${(e as Error).constructor.name}: ${(e as Error).message}` };
  }
}

describe('probed code = plain code on the golden files', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.clj')).sort();
  test('there are golden files', () => assert.ok(files.length > 5));
  for (const file of files) {
    test(file, () => {
      const text = readFileSync(path.join(dir, file), 'utf8');
      const mode = /^;; mode: body$/m.test(text) ? 'body' : 'function';
      const fuelMatch = /^;; fuel: (\d+)$/m.exec(text);
      let hits = 0;
      for (const form of readEdn(text).forms) {
        const source = text.slice(form.start, form.end);
        const node = readEdn(source).forms[0]!;
        const options = { mode, source, ...(fuelMatch ? { fuel: Number(fuelMatch[1]) } : {}) } as const;
        const compiled = outcome(() => {
          compileForm(node, options);
          return null;
        });
        if ('error' in compiled) continue;
        const plain = outcome(() => compileForm(node, options).run(host));
        const uninstall = installProbe({ hit: () => void hits++ });
        let probed: Result;
        try {
          probed = outcome(() => compileForm(node, options).run(host));
        } finally {
          uninstall();
        }
        if ('value' in plain && 'value' in probed) assert.ok(is(plain.value, probed.value), `${file}: ${source}: ${printValue(plain.value)} vs ${printValue(probed.value)}`);
        else assert.deepEqual(probed, plain, `${file}: ${source}`);
      }
      assert.ok(hits > 0, `${file}: the probe saw no point`);
    });
  }
});
