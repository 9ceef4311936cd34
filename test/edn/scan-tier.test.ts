// The scanner's way (engine/edn/scan-tier.ts), in fresh processes: native helpers while a
// process has read under 1 MB, the loops after; always native without the optimising compiler
// (the CLI's `--no-turbofan`). Which way reads is invisible in the output (the reference test
// reads both ways), so these check the decision itself.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const edn = path.join(__dirname, '..', '..', 'engine', 'edn');

/** Reads a small text, then 1.2 MB, then a small text again, printing the way of each read. */
const script = `
const { readEdn } = require(${JSON.stringify(path.join(edn, 'reader.js'))});
const tier = require(${JSON.stringify(path.join(edn, 'scan-tier.js'))});
const ways = [];
for (const text of ['{:a 1}', '[' + ':k '.repeat(400000) + ']', '{:b 2}']) {
  readEdn(text);
  ways.push(tier.nativeScan ? 'native' : 'loop');
}
process.stdout.write(ways.join(' '));
`;

function ways(flags: string[]): string {
  const r = spawnSync(process.execPath, [...flags, '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

test('a process reads natively until it has read 1 MB, then by loops', () => {
  assert.equal(ways([]), 'native native loop');
});

test('without the optimising compiler every read is native', () => {
  assert.equal(ways(['--no-turbofan']), 'native native native');
  assert.equal(ways(['--max-semi-space-size=1', '--no-turbofan']), 'native native native');
});
