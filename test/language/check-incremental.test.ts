// Random edits, each checked while typing (re-read from the last parse, handed over, and
// checked from the last check) and compared with a full read and check of the same text: the
// same tree, findings (codes, messages, positions), step sites and slots after every edit.
// Edits land anywhere, inside strings, on delimiters, in map keys and in body forms; seeded.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readEdn, type ParsedFile } from '../../engine/edn/reader';
import { childrenOf, type Node } from '../../engine/edn/nodes';
import { incrementalStats, readEdnIncremental } from '../../engine/edn/incremental';
import { checkParsed, type CheckResult } from '../../engine/language/check/index';
import { checkParsedIncremental, incrementalCheckStats } from '../../engine/language/check/incremental';
import { generateFlow } from '../../bench/generate';
import { exampleFlows } from '../edn/support';
import { seeded } from '../support/seeded';


const inserts = ['x', 'ab', ' ', '\n', '"', '\\', '\\"', '(', ')', '[', ']', '{', '}', ':k', ' :b 2', '#_', '^', ';', '1', '{{v}}', 'ws-abc', '(flow/step :http :x {})', '#?(', ')\n(', 'é'];

interface Spots {
  strings: Node[];
  keys: Node[];
  symbols: Node[];
}

function spotsOf(parsed: ParsedFile): Spots {
  const out: Spots = { strings: [], keys: [], symbols: [] };
  const stack = [...parsed.forms];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.kind === 'string') out.strings.push(n);
    else if (n.kind === 'symbol') out.symbols.push(n);
    else if (n.kind === 'map') for (let i = 0; i < n.children.length; i += 2) out.keys.push(n.children[i]!);
    for (const c of childrenOf(n)) stack.push(c);
  }
  return out;
}

/** A position: anywhere, inside a string, on a delimiter, inside a map key or a symbol. */
function position(text: string, parsed: ParsedFile, r: () => number): number {
  const pick = <T>(xs: T[]): T | undefined => (xs.length === 0 ? undefined : xs[Math.floor(r() * xs.length)]);
  const inside = (n: Node | undefined) => (n === undefined || n.end - n.start < 2 ? undefined : n.start + 1 + Math.floor(r() * (n.end - n.start - 1)));
  const roll = r();
  const spots = spotsOf(parsed);
  let at: number | undefined;
  if (roll < 0.4) at = inside(pick(spots.strings));
  else if (roll < 0.5) at = inside(pick(spots.keys));
  else if (roll < 0.65) at = inside(pick(spots.symbols));
  else if (roll < 0.8) {
    for (let tries = 0; tries < 20 && at === undefined; tries++) {
      const k = Math.floor(r() * text.length);
      if ('()[]{}"'.includes(text[k]!)) at = k + (r() < 0.5 ? 1 : 0);
    }
  }
  return at ?? Math.floor(r() * (text.length + 1));
}

function randomEdit(text: string, parsed: ParsedFile, r: () => number): string {
  const at = position(text, parsed, r);
  const kind = r();
  const s = inserts[Math.floor(r() * inserts.length)]!;
  if (kind < 0.45) return text.slice(0, at) + s + text.slice(at);
  const len = 1 + Math.floor(r() * (r() < 0.8 ? 3 : 40));
  if (kind < 0.75) return text.slice(0, at) + text.slice(at + len);
  return text.slice(0, at) + s + text.slice(at + len);
}

function assertSame(result: CheckResult, text: string, context: () => string): void {
  const full = checkParsed(readEdn(text));
  try {
    assert.equal(result.parsed.text, text);
    assert.deepStrictEqual(result.parsed.forms, full.parsed.forms);
    assert.deepStrictEqual(result.findings, full.findings);
    assert.deepStrictEqual(
      result.steps.map((s) => [s.id, s.type, s.idNode.start, s.call.start, s.call.end, s.inLoop]),
      full.steps.map((s) => [s.id, s.type, s.idNode.start, s.call.start, s.call.end, s.inLoop]),
    );
    assert.deepStrictEqual(result.slots, full.slots);
  } catch (e) {
    assert.fail(`${(e as Error).message.slice(0, 4000)}\n${context()}`);
  }
}

const totals = { edits: 0, replayed: 0, stringReads: 0 };
const generated = { edits: 0, replayed: 0 };

/** `edits` random edits to `text`, each undone by the next one with probability `undoRate`. */
function typeInto(name: string, text: string, edits: number, seed: number, undoRate = 0.5): void {
  const r = seeded(seed);
  let parsed = readEdn(text);
  let result = checkParsedIncremental(parsed);
  let current = text;
  const history: string[] = [];
  let undo: string | null = null;
  const strings0 = incrementalStats.string;
  for (let i = 0; i < edits; i++) {
    const next: string = undo !== null && r() < undoRate ? undo : randomEdit(current, parsed, r);
    undo = next === undo ? null : current;
    history.push(describeEdit(current, next));
    parsed = readEdnIncremental(parsed, next, { consume: true });
    result = checkParsedIncremental(parsed, result);
    current = next;
    totals.edits++;
    if (incrementalCheckStats.replayed > 0) totals.replayed++;
    assertSame(result, current, () => `${name}, seed ${seed}, edit ${i}: ${history.slice(-5).join(' | ')}`);
  }
  totals.stringReads += incrementalStats.string - strings0;
}

function describeEdit(a: string, b: string): string {
  let p = 0;
  while (p < a.length && p < b.length && a[p] === b[p]) p++;
  let s = 0;
  while (s < a.length - p && s < b.length - p && a[a.length - 1 - s] === b[b.length - 1 - s]) s++;
  return `@${p} ${JSON.stringify(a.slice(p, a.length - s))} -> ${JSON.stringify(b.slice(p, b.length - s))}`;
}

describe('checking while typing equals a full read and check', () => {
  for (const [k, flow] of exampleFlows().entries()) {
    test(`${flow.name}: 150 random edits`, () => typeInto(flow.name, flow.text, 150, 1000 + k));
  }

  test('the generated 5,000-line flow: 30 edits (random ones, each undone)', () => {
    const before = { ...totals };
    typeInto('generated', generateFlow(5000), 30, 7, 1);
    generated.edits = totals.edits - before.edits;
    generated.replayed = totals.replayed - before.replayed;
  });

  test('typing into the body replays the other units; typing in a string reads the string alone', () => {
    // Runs after the random edits above (node:test runs a file's tests in order): on the
    // generated flow, whose text is nearly all body, the edits inside one unit (a third at least:
    // half are undos, some break delimiters) replayed the others.
    console.log(`# all flows: ${JSON.stringify(totals)}; generated flow: ${JSON.stringify(generated)}`);
    assert.ok(generated.replayed >= generated.edits / 3, `units replayed on ${generated.replayed} of ${generated.edits} edits`);
    // The random edits covered the string path often (not only the fallbacks).
    assert.ok(totals.stringReads >= 100, `strings re-read alone ${totals.stringReads} times in ${totals.edits} edits`);
    const text = generateFlow(1000);
    const at = text.indexOf('"Big order ') + 1;
    let parsed = readEdn(text);
    let result = checkParsedIncremental(parsed);
    const strings = incrementalStats.string;
    parsed = readEdnIncremental(parsed, text.slice(0, at) + 'x' + text.slice(at), { consume: true });
    result = checkParsedIncremental(parsed, result);
    assert.equal(incrementalStats.string, strings + 1);
    assert.equal(incrementalCheckStats.analysed, 1);
    assert.ok(incrementalCheckStats.replayed > 300, `replayed ${incrementalCheckStats.replayed}`);
  });
});
