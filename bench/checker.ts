// Checker benchmark: a generated 5,000-line flow, read+checked and checked alone (as the
// language server does with a cached parse), p50/p95 over repeated warm runs, beside
// JSON.parse of a same-sized JSON document measured in the same run as the baseline; and
// while typing: each keystroke's version re-read incrementally from the last and checked from
// the last check (as the language server does), p50/p95/p99, beside the full check. Cold: the
// same flow read and checked in fresh processes (the command line's flags), beside a bare
// `node -e 0` interleaved with them in the same run.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { nodeToValue } from '../engine/edn/convert';
import { valueToJson } from '../engine/edn/printer';
import { readEdn, type ParsedFile } from '../engine/edn/reader';
import { readEdnIncremental } from '../engine/edn/incremental';
import { checkParsed, checkText, type CheckResult } from '../engine/language/check/index';
import { checkParsedIncremental } from '../engine/language/check/incremental';
import { generateFlow } from './generate';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function time(fn: () => void, runs: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    out.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return out.sort((a, b) => a - b);
}

export async function run(): Promise<void> {
  const text = generateFlow(5000);
  const lines = text.split('\n').length;
  const errors = checkText(text).findings.filter((f) => f.severity === 'error').length;
  const parsed = readEdn(text);
  // Baseline: JSON.parse of the same flow as JSON data (code forms become nested arrays).
  const json = JSON.stringify(valueToJson(nodeToValue(parsed.forms[0]!)));
  for (let i = 0; i < 30; i++) {
    checkText(text);
    JSON.parse(json);
  }
  const runs = 200;
  const full = time(() => checkText(text), runs);
  const checkOnly = time(() => checkParsed(parsed), runs);
  const baseline = time(() => JSON.parse(json), runs);
  // Inside the label string of a branch in the middle of the body (the reader's string path).
  const typing = typingRuns(text, runs, text.indexOf('"Big order ', Math.floor(text.length / 2)) + 1, 'x');
  // Inside a number of a retry map (the reader re-reads that map).
  const typingCode = typingRuns(text, runs, text.indexOf(':backoff-ms 5', Math.floor(text.length / 2)) + ':backoff-ms 5'.length, '0');
  const fmt = (xs: number[]) => `p50 ${percentile(xs, 50).toFixed(2)} ms  p95 ${percentile(xs, 95).toFixed(2)} ms`;
  console.log(`\n== checker: generated flow of ${lines} lines (${(text.length / 1024).toFixed(0)} KB), ${errors} errors, ${runs} warm runs`);
  console.log(`read + check          ${fmt(full)}`);
  console.log(`check (parse cached)  ${fmt(checkOnly)}`);
  console.log(`while typing          ${fmt(typing)}  p99 ${percentile(typing, 99).toFixed(2)} ms  (incremental re-read + check, ${runs} keystrokes in a string of the body)`);
  console.log(`while typing in code  ${fmt(typingCode)}  p99 ${percentile(typingCode, 99).toFixed(2)} ms  (${runs} keystrokes in a step's config map)`);
  console.log(`full read + check     p99 ${percentile(full, 99).toFixed(2)} ms  (the same run, for comparison)`);
  console.log(`JSON.parse baseline   ${fmt(baseline)}  (the same flow as JSON, ${(json.length / 1024).toFixed(0)} KB)`);
  console.log(`ratio read+check / JSON.parse (p50): ${(percentile(full, 50) / percentile(baseline, 50)).toFixed(1)}x`);
  coldRuns(text, 15);
  const p95 = percentile(full, 95);
  const typingP95 = Math.max(percentile(typing, 95), percentile(typingCode, 95));
  console.log(`target: 5,000-line check <= 25 ms p95 -> while typing ${typingP95 <= 25 ? 'MET' : 'NOT MET'} (${typingP95.toFixed(1)} ms), read+check ${p95 <= 25 ? 'MET' : 'NOT MET'} (${p95.toFixed(1)} ms), check alone ${percentile(checkOnly, 95) <= 25 ? 'MET' : 'NOT MET'} (${percentile(checkOnly, 95).toFixed(1)} ms)`);
}

/** The V8 flags the `flow-edn` bin runs with (package.json's bin): a short process, never optimised. */
const cliFlags = ['--max-semi-space-size=1', '--no-turbofan'];

/** `runs` fresh processes each reading and checking the flow (bench/checker-cold-run.ts),
 *  interleaved with as many bare `node -e 0`: medians of the in-process read and check, and of
 *  each process's wall time against the bare node's. */
export function coldRuns(text: string, runs: number): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flow-edn-cold-'));
  const file = path.join(dir, 'big.flow.edn');
  fs.writeFileSync(file, text);
  const runner = path.join(__dirname, 'checker-cold-run.js');
  const walls = { bare: [] as number[], check: [] as number[] };
  const inside = { read: [] as number[], check: [] as number[] };
  try {
    for (let i = 0; i < runs; i++) {
      let t = process.hrtime.bigint();
      spawnSync(process.execPath, [...cliFlags, '-e', '0'], { stdio: 'ignore' });
      walls.bare.push(Number(process.hrtime.bigint() - t) / 1e6);
      t = process.hrtime.bigint();
      const r = spawnSync(process.execPath, [...cliFlags, runner, file], { encoding: 'utf8' });
      walls.check.push(Number(process.hrtime.bigint() - t) / 1e6);
      const got = JSON.parse(r.stdout) as { read: number; check: number };
      inside.read.push(got.read);
      inside.check.push(got.check);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const med = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);
  console.log(`cold, fresh processes  check p50 ${med(inside.check).toFixed(1)} ms  read p50 ${med(inside.read).toFixed(1)} ms  (in the process; ${runs} processes, ${cliFlags.join(' ')})`);
  console.log(`  process wall p50 ${med(walls.check).toFixed(1)} ms beside a bare \`node -e 0\` p50 ${med(walls.bare).toFixed(1)} ms: ${(med(walls.check) / med(walls.bare)).toFixed(2)}x; check / bare node ${(med(inside.check) / med(walls.bare)).toFixed(2)}x`);
}

/** Keystrokes typed at `at`, one character each: each version is re-read from the previous
 *  one's parse (handed over) and checked from the previous check, as the language server
 *  does (engine/language/check/incremental.ts). Times sorted ascending. */
function typingRuns(text: string, runs: number, at: number, ch: string): number[] {
  let current = text;
  let parsed: ParsedFile = readEdn(current);
  let checked: CheckResult = checkParsedIncremental(parsed);
  const out: number[] = [];
  for (let i = 0; i < runs + 20; i++) {
    // Type a character, then (every other keystroke) delete it again, so the text stays near the original.
    current = i % 2 === 0 ? current.slice(0, at) + ch + current.slice(at) : current.slice(0, at) + current.slice(at + 1);
    const t0 = process.hrtime.bigint();
    parsed = readEdnIncremental(parsed, current, { consume: true });
    checked = checkParsedIncremental(parsed, checked);
    if (i >= 20) out.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return out.sort((a, b) => a - b);
}

if (require.main === module) void run();
