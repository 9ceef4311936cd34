// Plain templates parsed without Handlebars (engine/language/simple-template.ts) must read the
// same as Handlebars' own parse: the same paths (parts, original text) at the same lines and
// columns, for every template string in the examples and fixtures and for thousands of seeded
// random ones; and anything outside the plain shape must be left to Handlebars.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
// @ts-expect-error: the package declares types for its main entry only
import { parse as handlebarsParse } from 'handlebars/dist/cjs/handlebars/compiler/base';
import { parseSimpleTemplate } from '../../engine/language/simple-template';
import { walkTemplateReads, type HbsNode } from '../../engine/language/template-reads';
import { readEdn } from '../../engine/edn/reader';
import type { Node } from '../../engine/edn/nodes';
import { seeded } from '../support/seeded';

const root = join(__dirname, '..', '..', '..');

/** What the checker takes from a tree: each read path with its parts and location. */
function reads(ast: HbsNode): string[] {
  const out: string[] = [];
  walkTemplateReads(ast, (p) => out.push(JSON.stringify([p.parts, p.original, p.loc])));
  return out;
}

function handlebarsReads(text: string): string[] | Error {
  try {
    return reads((handlebarsParse as (t: string) => HbsNode)(text));
  } catch (e) {
    return e as Error;
  }
}

/** Every string value holding `{{` in the EDN files under `dir`. */
function templateStrings(dir: string, out: Set<string>): Set<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'node_modules') templateStrings(path, out);
      continue;
    }
    if (!/\.(edn|clj)$/.test(name)) continue;
    const walk = (n: Node | null): void => {
      if (n === null) return;
      if (n.kind === 'string' && n.value.includes('{{')) out.add(n.value);
      if ('children' in n) n.children.forEach(walk);
      if ('form' in n) walk(n.form);
    };
    readEdn(readFileSync(path, 'utf8')).forms.forEach(walk);
  }
  return out;
}

/** Whether the fast path answered `text` (then with Handlebars' reads), and how many paths it read. */
function agrees(text: string): number | false {
  const fast = parseSimpleTemplate(text);
  if (fast === undefined) return false;
  const expected = handlebarsReads(text);
  assert.ok(!(expected instanceof Error), `the fast path parsed ${JSON.stringify(text)}, which Handlebars refuses: ${String(expected)}`);
  const got = reads(fast);
  assert.deepEqual(got, expected, `reads of ${JSON.stringify(text)}`);
  return got.length;
}

test('every template string in the examples and fixtures: the fast path, where it answers, reads what Handlebars reads', () => {
  const corpus = templateStrings(join(root, 'examples'), templateStrings(join(root, 'test'), new Set()));
  let fast = 0;
  for (const text of corpus) if (agrees(text) !== false) fast++;
  console.log(`# ${corpus.size} template strings, ${fast} answered without Handlebars`);
  assert.ok(corpus.size >= 5, `only ${corpus.size} template strings found`);
  assert.ok(fast >= corpus.size / 2, `the fast path answered only ${fast} of ${corpus.size}`);
});

test('seeded random templates: the fast path agrees with Handlebars whenever it answers', () => {
  // Each choice is mostly plain (so that many templates take the fast path) and sometimes odd.
  const random = seeded(20261206);
  const pick = <T,>(plain: T[], odd: T[]): T => {
    const from = random() < 0.12 ? odd : plain;
    return from[Math.floor(random() * from.length)]!;
  };
  const name = () => pick(['a', 'order-id', 'user', 'name', '_x', '$y', 'q?', 'k:v', 'x1', 'length', 'default'], ['this', 'else', 'true', 'é', '1', '-a', '@index', '..', '']);
  const sep = () => pick(['.', '/'], ['..', ' ', '', '.[']);
  const blank = () => pick(['', '', ' ', '\t'], ['\n', '~', '  ']);
  const closer = () => pick(['}}'], ['}}}', '}', '', '}}}}', ' }']);
  const opener = () => pick(['{{'], ['{{{', '{{#', '{{/', '{{!', '{{>', '\\{{', '{{&']);
  const content = () => pick(['', 'Hi ', 'text\n', ' ', '}', '{', 'a}}b', '#', '"', 'line\n\n  '], ['\\', '\r\n', '{ {', '\r']);
  let fast = 0;
  let withReads = 0;
  for (let i = 0; i < 20_000; i++) {
    let text = content();
    const mustaches = Math.floor(random() * 4);
    for (let m = 0; m < mustaches; m++) {
      let path = name();
      const more = Math.floor(random() * 3);
      for (let k = 0; k < more; k++) path += sep() + name();
      text += `${opener()}${blank()}${path}${blank()}${closer()}${content()}`;
    }
    const answered = agrees(text);
    if (answered !== false) fast++;
    if (answered !== false && answered > 0) withReads++;
  }
  console.log(`# 20000 random templates, ${fast} answered without Handlebars, ${withReads} of them reading variables`);
  assert.ok(withReads > 1000, `the fast path answered only ${withReads} random templates that read variables`);
});

test('plain shapes are answered; blocks, partials, comments, helpers with arguments, literals and escapes are left to Handlebars', () => {
  for (const text of ['Hi {{name}}', '{{ user.name }} and {{user/email}}', 'line\n  {{order-id}}\n{{a}}{{b}}', 'no mustache at all', '{{length}}']) {
    assert.notEqual(agrees(text), false, `answered: ${JSON.stringify(text)}`);
  }
  for (const text of ['{{#each xs}}{{this}}{{/each}}', '{{> partial}}', '{{! note}}', '{{join xs ", "}}', '{{{raw}}}', '\\{{escaped}}', '{{true}}', '{{this.x}}', '{{../x}}', '{{~x~}}', '{{else}}', '{{a}}}', '{{a}}}}x', 'a\r\n{{x}}', '{{x', '{{x.}}', '{{@index}}']) {
    assert.equal(parseSimpleTemplate(text), undefined, `left to Handlebars: ${JSON.stringify(text)}`);
  }
});
