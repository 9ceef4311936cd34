// The reader's output is pinned to a reference: a frozen copy of the reader as it was before
// its cold-process speed work (test/edn/reference/, from commit 08a9ab8). Every input of a
// corpus (example flows, every .edn/.clj fixture, generated flows of several sizes, seeded
// random and mutated texts) must give exactly the same forms, node fields in the same order,
// findings, sync points and range reads (as `incremental.ts` uses them) from both readers,
// with the scanner forced each of its two ways (engine/edn/scan-tier.ts).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readEdn, readEdnRange, syncPointsOf } from '../../engine/edn/reader';
import { forceScanTier } from '../../engine/edn/scan-tier';
import * as reference from './reference/reader';
import { generateFlow } from '../../bench/generate';
import { orderData } from '../../bench/reader';
import { seeded } from '../support/seeded';
import { exampleFlows, repoRoot } from './support';
import { fragments, mutate, type Mutation } from './mutations';

/** Any value as text that keeps key order, prototypes and the values JSON loses (bigint,
 *  NaN, infinities, -0, undefined), so equal dumps mean identical reads. */
function dump(value: unknown): string {
  const out: string[] = [];
  const todo: unknown[] = [value];
  while (todo.length > 0) {
    const v = todo.pop();
    if (typeof v === 'string' && v.startsWith('\u0000')) {
      out.push(v.slice(1)); // punctuation queued below
    } else if (v === null || typeof v !== 'object') {
      if (typeof v === 'number') out.push(Object.is(v, -0) ? '-0' : String(v));
      else if (typeof v === 'bigint') out.push(v + 'n');
      else out.push(typeof v === 'string' ? JSON.stringify(v) : String(v));
    } else if (Array.isArray(v)) {
      out.push('[');
      todo.push('\u0000]');
      for (let k = v.length - 1; k >= 0; k--) todo.push(v[k], '\u0000,');
    } else {
      assert.equal(Object.getPrototypeOf(v), Object.prototype, 'nodes are plain objects');
      out.push('{');
      todo.push('\u0000}');
      const keys = Object.keys(v);
      for (let k = keys.length - 1; k >= 0; k--) todo.push((v as Record<string, unknown>)[keys[k]!], `\u0000${keys[k]}:`);
    }
  }
  return out.join('');
}

/** Both ways of scanning (scan-tier.ts) must give the reference's read. */
function assertSameAsReference(name: string, text: string): void {
  try {
    for (const native of [true, false]) {
      forceScanTier(native);
      assertSameRead(`${name} (${native ? 'native' : 'loop'} scan)`, text);
    }
  } finally {
    forceScanTier(null);
  }
}

function assertSameRead(name: string, text: string): void {
  const got = readEdn(text);
  const want = reference.readEdn(text);
  assert.equal(got.text, text, name);
  if (dump(got.forms) !== dump(want.forms)) assert.deepStrictEqual(got.forms, want.forms, `${name}: forms`);
  assert.equal(dump(got.forms), dump(want.forms), `${name}: forms (field order)`);
  assert.equal(dump(got.findings), dump(want.findings), `${name}: findings`);
  const syncs = syncPointsOf(got)!;
  assert.deepStrictEqual(syncs, reference.syncPointsOf(want), `${name}: sync points`);
  // Range reads as the incremental reader makes them: from a sync point to a later offset,
  // to another sync point, and to the end.
  const picks = [0, syncs.length >> 1, syncs.length - 1].filter((k, j, all) => all.indexOf(k) === j);
  for (const k of picks) {
    const from = syncs[k]!;
    for (const stop of [syncs[Math.min(k + 2, syncs.length - 1)]!, from + ((text.length - from) >> 1), text.length]) {
      if (stop < from) continue;
      const a = readEdnRange(text, from, stop);
      const b = reference.readEdnRange(text, from, stop);
      assert.equal(dump(a), dump(b), `${name}: range ${from}-${stop}`);
    }
  }
}

/** Every .edn/.clj file under test/ (fixtures and the like), sorted. */
function fixtureFiles(): { name: string; text: string }[] {
  const root = repoRoot();
  const out: { name: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const rel = path.join(dir, e.name);
      if (e.isDirectory()) walk(rel);
      else if (/\.(edn|clj)$/.test(e.name)) out.push({ name: rel, text: fs.readFileSync(path.join(root, rel), 'utf8') });
    }
  };
  walk('test');
  return out;
}

/** Seeded edits of the kinds a half-typed change leaves behind (see mutations.ts). */
function seededMutations(r: () => number, count: number): Mutation[] {
  const at = () => Math.floor(r() * (1 << 20));
  const piece = () => (r() < 0.8 ? fragments[Math.floor(r() * fragments.length)]! : String.fromCharCode(Math.floor(r() * 0x3000)));
  const out: Mutation[] = [];
  for (let k = 0; k < count; k++) {
    const op = r();
    if (op < 0.35) out.push({ op: 'insert', at: at(), s: piece() });
    else if (op < 0.6) out.push({ op: 'delete', at: at(), len: 1 + Math.floor(r() * 40) });
    else if (op < 0.85) out.push({ op: 'replace', at: at(), s: piece() });
    else if (op < 0.97) out.push({ op: 'splice', from: at(), len: 1 + Math.floor(r() * 200), at: at() });
    else out.push({ op: 'truncate', at: at() });
  }
  return out;
}

describe('reader matches the reference reader', () => {
  test('example flows', () => {
    const flows = exampleFlows();
    assert.ok(flows.length > 0, 'example flows found');
    for (const f of flows) assertSameAsReference(f.name, f.text);
  });

  test('every .edn and .clj file under test/', () => {
    const files = fixtureFiles();
    assert.ok(files.length > 50, `fixtures found (${files.length})`);
    for (const f of files) assertSameAsReference(f.name, f.text);
  });

  test('generated flows of several sizes and the reader bench data', () => {
    for (const lines of [20, 300, 1000, 5000]) assertSameAsReference(`generateFlow(${lines})`, generateFlow(lines));
    assertSameAsReference('orderData(64 KB)', orderData(64 * 1024).edn);
  });

  test('seeded mutations of the example flows', () => {
    const flows = exampleFlows();
    for (let seed = 1; seed <= 400; seed++) {
      const r = seeded(seed);
      const base = flows[Math.floor(r() * flows.length)]!;
      const text = mutate(base.text, seededMutations(r, 1 + Math.floor(r() * 8)));
      assertSameAsReference(`seed ${seed} (${base.name})`, text);
    }
  });

  test('seeded random texts of fragments, tokens and characters', () => {
    const tokens = [...fragments, ':order-id', 'flow/step', '12.5', '-3', '0x1F', '1/2', '2r101', '07', '1e5', '"a\\nb"', '"\\u00e9"', '\\a', '\\space', '#_ x', '##NaN', '#inst "x"', ' ', '\n  ', ',', '{:a 1 :a 2}', '#{1 1}', '#:flow{:a 1}', '^:private x', '#?(:clj 1 :cljs 2)', '#?@(:clj [1 2])', '#=(+ 1 2)', '#!shebang\n', '#\'v', 'é', '\t'];
    for (let seed = 1; seed <= 600; seed++) {
      const r = seeded(1000 + seed);
      const parts: string[] = [];
      const n = 1 + Math.floor(r() * 60);
      for (let k = 0; k < n; k++) parts.push(r() < 0.9 ? tokens[Math.floor(r() * tokens.length)]! : String.fromCharCode(Math.floor(r() * 128)));
      assertSameAsReference(`random seed ${seed}`, parts.join(r() < 0.5 ? ' ' : ''));
    }
  });

  test('deep nesting and many unclosed forms', () => {
    assertSameAsReference('deep', '['.repeat(1200) + ']'.repeat(1200));
    assertSameAsReference('deep unclosed', '('.repeat(1100));
    assertSameAsReference('unclosed lines', Array.from({ length: 300 }, (_, k) => ' '.repeat(k % 7) + '(f' + k).join('\n'));
    assertSameAsReference('prefixes', "'".repeat(1100) + 'x ^:a ^:b #_ #_ 1 2 3 #tag');
  });
});
