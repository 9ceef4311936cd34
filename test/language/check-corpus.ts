// The checker's reference corpus: every `.edn` of `examples/` and `test/fixtures/`, generated
// flows of several sizes and seeded mutations of each (token swaps, snippet inserts, cuts),
// with a digest of what the checker says about each. The digests in
// test/fixtures/check-reference.json were recorded from the checker before its cold-speed
// work (main at 08a9ab8); check-reference.test.ts holds today's checker to them.
// Re-record only on purpose: `node build/test/language/check-corpus.js write`.

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { childrenOf, type Node } from '../../engine/edn/nodes';
import { readEdn } from '../../engine/edn/reader';
import type { CheckResult } from '../../engine/language/check/index';
import { generateFlow } from '../../bench/generate';
import { repoRoot } from '../edn/support';
import { seeded } from '../support/seeded';

export interface CorpusFile {
  name: string;
  text: string;
  /** Versions of `text`, each one to three seeded edits away from it. */
  mutants: string[];
}

export interface Digest {
  name: string;
  /** sha1 of the text checked. */
  text: string;
  /** sha1 of `record(result)`. */
  result: string;
  /** Codes found, `code:count` sorted (says what changed when the digest differs). */
  codes: string;
}

export const referencePath = (): string => path.join(repoRoot(), 'test/fixtures/check-reference.json');

/** Everything a check answers, in one comparable value. */
export function record(r: CheckResult): unknown {
  return {
    findings: r.findings,
    steps: r.steps.map((s) => [s.id, s.type, s.idNode.start, s.idNode.end, s.call.start, s.call.end, s.config?.start ?? null, s.inLoop]),
    slots: r.slots,
  };
}

const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');

export function digest(name: string, text: string, r: CheckResult): Digest {
  const counts = new Map<string, number>();
  for (const f of r.findings) counts.set(f.code, (counts.get(f.code) ?? 0) + 1);
  const codes = [...counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([c, n]) => `${c}:${n}`).join(' ');
  return { name, text: sha1(text), result: sha1(JSON.stringify(record(r))), codes };
}

/** Snippets inserted or swapped in: each provokes some check (unknown names, wrong kinds,
 *  result-shape reads, kv envelopes, workspace ids, broken delimiters). */
const snippets = [
  ':htp', ':http', ':kv', ':function', ':wait', ':persist', ':template', ':nope', ':retry', ':timeout', ':get', ':items', ':body', ':value',
  '"2x"', '"5m"', '"* * * *"', '"ws-abc123"', '-1', '0', '99999999', 'nil', 'true', '{}', '[]', '#{}', 'str', 'flow/step', 'flow/poll', 'swap!', 'atom',
  '(range)', '(:items order-0)', '(get order-1 :items)', '(-> order-2 :items)', '(get-in order-3 [:items])', '{:keys [items]} order-4',
  '(flow/step :kv :k {:operation :get :key "a"})', 'v (flow/step :kv :kg {:operation :get :key "k"}) w (flow/step :kv :ks {:operation :set :key "k" :value v})',
  '(flow/step :http :x {})', '(flow/step :function :f {:ref :summarize :input 1})', '(flow/step :nope :y {:a 1})', '(flow/step :ns/pkg {})',
  '^{:label 1}', '#_', '(', ')', '[', ']', '{', '}', '"', '\\', ';', '(fn [x] (:body x))', '(let [a 1 b] a)', '(for [x xs :bad 1] x)', '{{v}}', 'é',
];

interface Token {
  start: number;
  end: number;
}

function tokensOf(forms: Node[]): Token[] {
  const out: Token[] = [];
  const stack = [...forms];
  while (stack.length > 0) {
    const n = stack.pop()!;
    const kids = childrenOf(n);
    if (kids.length === 0) out.push({ start: n.start, end: n.end });
    for (const k of kids) stack.push(k);
  }
  return out.sort((a, b) => a.start - b.start);
}

/** One seeded edit: swap a token for a pooled one or a snippet, insert a snippet, or cut a range. */
function edit(text: string, pool: string[], r: () => number): string {
  const tokens = tokensOf(readEdn(text).forms);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)]!;
  const roll = r();
  if (roll < 0.5 && tokens.length > 0) {
    const t = pick(tokens);
    const with_ = r() < 0.5 ? pick(snippets) : pick(pool);
    return text.slice(0, t.start) + with_ + text.slice(t.end);
  }
  const at = tokens.length > 0 && r() < 0.7 ? pick(tokens).end : Math.floor(r() * (text.length + 1));
  if (roll < 0.8) return text.slice(0, at) + ' ' + pick(snippets) + text.slice(at);
  return text.slice(0, at) + text.slice(at + 1 + Math.floor(r() * (r() < 0.8 ? 4 : 60)));
}

function ednFiles(dir: string, out: string[]): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const name of fs.readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (fs.statSync(full).isDirectory()) ednFiles(full, out);
    else if (name.endsWith('.edn')) out.push(full);
  }
  return out;
}

/** The corpus, the same on every run (seeded). */
export function checkCorpus(): CorpusFile[] {
  const root = repoRoot();
  const bases: { name: string; text: string; mutants: number }[] = [];
  const seen = new Set<string>();
  for (const file of [...ednFiles(path.join(root, 'examples'), []), ...ednFiles(path.join(root, 'test/fixtures'), [])]) {
    if (file === referencePath()) continue;
    const text = fs.readFileSync(file, 'utf8');
    if (seen.has(text)) continue;
    seen.add(text);
    bases.push({ name: path.relative(root, file), text, mutants: 40 });
  }
  for (const [lines, mutants] of [[16, 60], [160, 60], [800, 30], [5000, 8]] as const) bases.push({ name: `generated ${lines} lines`, text: generateFlow(lines), mutants });
  const pool = [...new Set(bases.flatMap((b) => tokensOf(readEdn(b.text).forms).map((t) => b.text.slice(t.start, t.end))))].filter((t) => t.length <= 80).sort();
  return bases.map((b, k) => {
    const r = seeded(5150 + k);
    const mutants: string[] = [];
    for (let i = 0; i < b.mutants; i++) {
      let text = b.text;
      const edits = 1 + Math.floor(r() * 3);
      for (let e = 0; e < edits; e++) text = edit(text, pool, r);
      mutants.push(text);
    }
    return { name: b.name, text: b.text, mutants };
  });
}

/** Every text of the corpus with its case name, in order. */
export function corpusCases(corpus: CorpusFile[]): { name: string; text: string }[] {
  return corpus.flatMap((f) => [{ name: f.name, text: f.text }, ...f.mutants.map((text, i) => ({ name: `${f.name} mutant ${i}`, text }))]);
}

if (require.main === module && process.argv[2] === 'write') {
  // Loaded here only: the reference is recorded with the checker of this build.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { checkText } = require('../../engine/language/check/index') as typeof import('../../engine/language/check/index');
  const digests = corpusCases(checkCorpus()).map((c) => digest(c.name, c.text, checkText(c.text)));
  fs.writeFileSync(referencePath(), JSON.stringify(digests, null, 0).replace(/\},\{/g, '},\n{') + '\n');
  console.log(`recorded ${digests.length} checks to ${referencePath()}`);
}
