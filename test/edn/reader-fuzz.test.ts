// Property tests for the reader on broken input: mutated example flows and random text. The
// reader must never throw, must stay fast (no quadratic paths), and every node and finding
// must lie inside the text, with children ordered and nested within their parent.
// Fixed seeds keep failures reproducible.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { MAX_DEPTH, readEdn, type ParsedFile } from '../../engine/edn/reader';
import { childrenOf, isColl, keywordText, symbolText, type Node } from '../../engine/edn/nodes';
import { exampleFlows } from './support';
import { fragments, mutate, mutation } from './mutations';

/** A few-KB read taking longer than this means something is badly wrong (a 6 KB example
 *  reads in well under 1 ms); generous for a loaded 2-core machine. */
const SMALL_BOUND_MS = 200;
/** Inputs of a few hundred KB built to hit worst cases; linear reading takes ~10 ms. */
const LARGE_BOUND_MS = 1000;

const closerOf: Record<string, string> = { list: ')', vector: ']', map: '}', set: '}', fn: ')', 'reader-cond': ')' };

function timedRead(text: string): { parsed: ParsedFile; ms: number } {
  const t0 = performance.now();
  const parsed = readEdn(text);
  return { parsed, ms: performance.now() - t0 };
}

/** Fails with a message built only on failure (this runs for every node of every case). */
function check(ok: boolean, message: () => string): void {
  if (!ok) assert.fail(message());
}

/** Every structural promise the reader makes, checked without recursion. */
function checkInvariants(text: string, parsed: ParsedFile): void {
  const n = text.length;
  const where = () => JSON.stringify(text.length > 300 ? text.slice(0, 300) + '...' : text);

  assert.ok(parsed.findings.length <= 200, 'findings are capped');
  let lastStart = 0;
  for (const f of parsed.findings) {
    check(0 <= f.start && f.start <= f.end && f.end <= n, () => `finding ${f.code} ${f.start}-${f.end} outside 0-${n} in ${where()}`);
    check(f.start >= lastStart, () => `findings sorted in ${where()}`);
    lastStart = f.start;
    assert.ok(f.message.length > 0);
  }

  // [node, depth]; siblings checked as each parent is expanded.
  const todo: [Node, number][] = [];
  const checkSiblings = (kids: Node[], lo: number, hi: number, parent: () => string) => {
    let prevEnd = lo;
    for (const k of kids) {
      check(k.start >= prevEnd, () => `${k.kind} at ${k.start} overlaps its previous sibling (ends ${prevEnd}) in ${parent()} in ${where()}`);
      check(k.end <= hi, () => `${k.kind} ${k.start}-${k.end} sticks out of ${parent()} (ends ${hi}) in ${where()}`);
      prevEnd = k.end;
    }
  };
  checkSiblings(parsed.forms, 0, n, () => 'the text');
  for (const f of parsed.forms) todo.push([f, 1]);
  while (todo.length > 0) {
    const [node, depth] = todo.pop()!;
    check(0 <= node.start && node.start < node.end && node.end <= n, () => `${node.kind} ${node.start}-${node.end} in ${where()}`);
    check(depth <= MAX_DEPTH + 1, () => `nodes nest ${depth} deep`);
    switch (node.kind) {
      case 'error':
        check(node.text === text.slice(node.start, node.end), () => `error node text is not its source in ${where()}`);
        break;
      case 'keyword':
        check(keywordText(node) === text.slice(node.start, node.end), () => `keyword ${keywordText(node)} at ${node.start} in ${where()}`);
        break;
      case 'symbol':
        check(symbolText(node) === text.slice(node.start, node.end), () => `symbol ${symbolText(node)} at ${node.start} in ${where()}`);
        break;
      case 'string':
        check(text[node.start] === '"' && (node.closed ? text[node.end - 1] === '"' : node.end === n), () => `string at ${node.start} in ${where()}`);
        break;
      case 'regex':
        check(text.slice(node.start, node.start + 2) === '#"', () => `regex at ${node.start} in ${where()}`);
        break;
    }
    if (isColl(node) && node.closed) check(text[node.end - 1] === closerOf[node.kind], () => `closed ${node.kind} ends with its closer in ${where()}`);
    const kids = childrenOf(node);
    checkSiblings(kids, node.start, node.end, () => `${node.kind} ${node.start}-${node.end}`);
    for (const k of kids) todo.push([k, depth + 1]);
  }
}

function readChecked(text: string, boundMs: number): ParsedFile {
  let { parsed, ms } = timedRead(text);
  // A slow read is timed twice more before it counts: a pause of the process (GC, a busy
  // machine) is noise, a quadratic path is slow every time.
  for (let retry = 0; retry < 2 && ms >= boundMs; retry++) ms = Math.min(ms, timedRead(text).ms);
  check(ms < boundMs, () => `read of ${text.length} chars took ${ms.toFixed(1)} ms (bound ${boundMs} ms)`);
  checkInvariants(text, parsed);
  return parsed;
}

// ---- mutations of the example flows ------------------------------------------------------------

const examples = exampleFlows().filter((e) => e.name.startsWith('examples/'));

describe('reader fuzz', () => {
  test('the examples themselves satisfy the invariants', () => {
    assert.ok(examples.length > 0);
    for (const e of examples) readChecked(e.text, SMALL_BOUND_MS);
  });

  test('mutated example flows: never throws, fast, well-formed nodes and findings', () => {
    fc.assert(
      fc.property(fc.nat({ max: examples.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 8 }), (which, muts) => {
        readChecked(mutate(examples[which]!.text, muts), SMALL_BOUND_MS);
      }),
      { seed: 42, numRuns: 3000 },
    );
  });

  test('every prefix of an example (typing it from the start)', () => {
    const text = examples.reduce((a, b) => (b.text.length > a.text.length ? b : a)).text;
    for (let k = 0; k <= text.length; k += 3) readChecked(text.slice(0, k), SMALL_BOUND_MS);
  });

  test('random unicode strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 2000, size: 'max' }), (text) => {
        readChecked(text, SMALL_BOUND_MS);
      }),
      { seed: 42, numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 1000, size: 'max' }), (text) => {
        readChecked(text, SMALL_BOUND_MS);
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  test('random delimiter-heavy strings', () => {
    const alphabet = [...'()[]{}"#^\'\\;:`~@,_?=!%&/. \n\t0123456789abxrNMe-+'];
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...alphabet), maxLength: 3000, size: 'max' }), (text) => {
        readChecked(text, SMALL_BOUND_MS);
      }),
      { seed: 42, numRuns: 2000 },
    );
  });

  test('random token soup', () => {
    const tokens = fc.constantFrom(...fragments, 'x', ':k', '"s"', '1', '(a b)', '[1 2]', '{:a 1}', '\n  ', ' ', ' ');
    fc.assert(
      fc.property(fc.array(tokens, { maxLength: 400, size: 'max' }), (parts) => {
        readChecked(parts.join(''), SMALL_BOUND_MS);
      }),
      { seed: 42, numRuns: 1000 },
    );
  });
});

// ---- worst cases: linear time ------------------------------------------------------------------

describe('reader worst cases stay linear', () => {
  const n = 20000;
  const cases: [string, string][] = [
    ['20,000 unclosed ( with content', Array.from({ length: n }, (_, i) => `(step-${i} :k "v" `).join('')],
    ['20,000 unclosed ( each on its own line (indentation cut-back)', Array.from({ length: n }, (_, i) => `(step-${i} :k "v"\n`).join('')],
    ['20,000 bare (', '('.repeat(n)],
    ['20,000 stray ) with content', Array.from({ length: n }, (_, i) => `x${i}) `).join('')],
    ['20,000 bare )', ')'.repeat(n)],
    ['20,000 [ then 20,000 ) (closers matching nothing open)', '['.repeat(n) + ')'.repeat(n)],
    ['20,000 ( then 20,000 ]', '('.repeat(n) + ']'.repeat(n)],
    ['20,000 deep, properly closed', '['.repeat(n) + ']'.repeat(n)],
    ['unterminated string with 70,000 escapes', '"' + 'a\\n'.repeat(70000)],
    ['string with 70,000 escapes', '"' + 'a\\n'.repeat(70000) + '"'],
    ['20,000 #_ with nothing to discard', '#_ '.repeat(n)],
    ['20,000 quotes', "'".repeat(n)],
    ['20,000 metadata markers', '^:a '.repeat(n)],
    ['20,000 tags', '#t '.repeat(n)],
    ['map with 60,000 forms, odd and unclosed', '{' + ':a '.repeat(60001)],
    ['20,000 lone #', '# '.repeat(n)],
    ['20,000 bad numbers', '1.2.3 '.repeat(n)],
    ['one 200 KB token', 'a'.repeat(200000)],
    ['one 200 KB keyword', ':' + 'a'.repeat(200000)],
    ['200 KB of whitespace then an unclosed (', ' '.repeat(200000) + '(\n' + ' '.repeat(100) + 'x'],
  ];
  for (const [name, text] of cases) {
    test(`${name} (${Math.round(text.length / 1024)} KB)`, () => {
      readChecked(text, LARGE_BOUND_MS);
    });
  }
});
