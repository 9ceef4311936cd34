// The scanner's way (engine/edn/scan-tier.ts), in fresh processes: natively in a process without
// the optimising compiler (the CLI's `--no-turbofan`), by loops in any other, from the first
// read to the last. Which way reads is invisible in the output (the reference test reads both
// ways), so these check the decision itself.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { binFlags } from '../../engine/cli/bin-flags';

const root = path.join(__dirname, '..', '..');
const edn = path.join(root, 'engine', 'edn');

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

test('a process with the optimising compiler reads by loops, from its first read', () => {
  assert.equal(ways([]), 'loop loop loop');
  assert.equal(ways(['--max-semi-space-size=64']), 'loop loop loop');
});

test("without the optimising compiler every read is native, as under the bin's own flags", () => {
  assert.equal(ways(['--no-turbofan']), 'native native native');
  assert.equal(ways(['--jitless']), 'native native native');
  assert.equal(ways(binFlags(path.join(root, '..', 'out', 'cli.js'))), 'native native native');
});
