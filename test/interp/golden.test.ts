// Golden tests in the language itself (test/interp/golden/*.clj). Each top-level form is
// followed by a line `;=> value` (EDN, compared with Clojure equality), `;=> error: text`
// (any located error whose message contains text) or `;=> compile error: text` (the same,
// raised while compiling). A file may start with directives:
//   ;; mode: body        compile in flow-body mode (default: function code)
//   ;; fuel: 10000       the fuel limit for each form
// In body mode a canned host answers: a step returns {:type :t :id :i :config config}, the
// input is {:order-id "o-1" :items [1 2 3]}, the clock reads 1700000000000, and only the
// slot :slack is bound.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { is, Map as IMap } from 'immutable';
import { readEdn } from '../../engine/edn/reader';
import { nodeToValue } from '../../engine/edn/convert';
import { printValue } from '../../engine/edn/printer';
import { Keyword, type Value } from '../../engine/edn/values';
import { compileForm, InterpError, ThrownValue, type Host } from '../../engine/interp/index';

const dir = path.join(__dirname, '../../../test/interp/golden');

export const goldenHost: Host = {
  step: (call) =>
    IMap<Value, Value>([
      [Keyword.of('type'), Keyword.parse(call.type)],
      [Keyword.of('id'), call.id === null ? null : Keyword.parse(call.id)],
      [Keyword.of('config'), call.config],
    ]),
  input: () => nodeToValue(readEdn('{:order-id "o-1" :items [1 2 3]}').forms[0]!),
  nowMs: () => 1_700_000_000_000,
  slotBound: (slot) => slot === 'slack',
};

interface Case {
  line: number;
  source: string;
  start: number;
  expect: { kind: 'value'; text: string } | { kind: 'error' | 'compile error'; text: string };
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function parseGolden(text: string): { cases: Case[]; mode: 'body' | 'function'; fuel: number | undefined; problems: string[] } {
  const parsed = readEdn(text);
  // Duplicate keys are reader findings too (as in Clojure); golden cases assert them as compile errors.
  const problems = parsed.findings.filter((f) => f.severity === 'error' && f.code !== 'duplicate-key').map((f) => `line ${lineOf(text, f.start)}: ${f.message}`);
  const mode = /^;; mode: body$/m.test(text) ? 'body' : 'function';
  const fuelMatch = /^;; fuel: (\d+)$/m.exec(text);
  const cases: Case[] = [];
  for (const form of parsed.forms) {
    const after = text.slice(form.end);
    const m = /^[ \t]*\r?\n?[ \t]*;=>[ \t]?(.*)$/m.exec(after);
    const line = lineOf(text, form.start);
    if (m === null || after.slice(0, m.index).trim() !== '') {
      problems.push(`line ${line}: form without a ;=> expectation`);
      continue;
    }
    const body = m[1]!.trim();
    const err = /^(compile error|error):\s*(.*)$/.exec(body);
    cases.push({
      line,
      source: text.slice(form.start, form.end),
      start: form.start,
      expect: err ? { kind: err[1] as 'error' | 'compile error', text: err[2]! } : { kind: 'value', text: body },
    });
  }
  return { cases, mode, fuel: fuelMatch ? Number(fuelMatch[1]) : undefined, problems };
}

function short(s: string): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > 60 ? one.slice(0, 57) + '...' : one;
}

const files = readdirSync(dir).filter((f) => f.endsWith('.clj')).sort();

describe('interpreter golden files', () => {
  test('there are golden files', () => assert.ok(files.length > 0, `no .clj files in ${dir}`));
  for (const file of files) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    const { cases, mode, fuel, problems } = parseGolden(text);
    describe(file, () => {
      test('file is well formed', () => assert.deepEqual(problems, []));
      for (const c of cases) {
        test(`${file}:${c.line} ${short(c.source)}`, () => {
          const node = readEdn(c.source).forms[0]!;
          let value: Value;
          try {
            const compiled = compileForm(node, { mode, source: c.source, ...(fuel !== undefined ? { fuel } : {}) });
            value = compiled.run(goldenHost);
          } catch (e) {
            if (c.expect.kind === 'value') throw e;
            const message = e instanceof InterpError || e instanceof ThrownValue ? e.message : String(e);
            assert.ok(e instanceof InterpError || e instanceof ThrownValue, `expected an interpreter error, got ${String(e)}`);
            assert.ok(message.includes(c.expect.text), `error "${message}" does not contain "${c.expect.text}"`);
            assert.ok(e.start >= 0 && e.end >= e.start && e.end <= c.source.length, `error range ${e.start}-${e.end} is not inside the form`);
            if (c.expect.kind === 'compile error') assert.equal(e instanceof InterpError && e.phase, 'compile', `expected a compile-time error, got a ${e instanceof InterpError ? e.phase : 'thrown'} error`);
            return;
          }
          if (c.expect.kind !== 'value') assert.fail(`expected ${c.expect.kind} "${c.expect.text}", got ${printValue(value)}`);
          const expectedNode = readEdn(c.expect.text);
          assert.equal(expectedNode.forms.length, 1, `expectation is not one EDN form: ${c.expect.text}`);
          const expected = nodeToValue(expectedNode.forms[0]!);
          assert.ok(is(value, expected), `got ${printValue(value)}, expected ${printValue(expected)}`);
        });
      }
    });
  }
});
