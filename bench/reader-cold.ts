// The reader in a cold process (design §10, command line): `readEdn` on a generated 5,000-line
// flow in a fresh `node` started with the bin's flags, where V8 never optimises our code. Each
// sample is a new process; interleaved in the same run: a bare `node -e 0` start, the reader,
// and the frozen pre-speed-work reader (test/edn/reference/, the baseline). Reported: the read's
// wall and CPU time in the process, and the part of it spent in garbage collection (the tree it
// builds is ~5 MB that a 1 MB young generation copies twice). Needs the tsc build (build/).
// `node build/bench/reader-cold.js [N]` runs it alone.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateFlow } from './generate';
import { median } from './reader';
import { binFlags } from '../engine/cli/bin-flags';

const cliPath = join(__dirname, '..', '..', 'out', 'cli.js');
/** The bin's shebang flags (scripts/build.mjs), as a person's shell starts the CLI. */
const cliFlags = existsSync(cliPath) ? binFlags(cliPath) : ['--max-semi-space-size=1', '--no-turbofan'];

/** Loads a reader, reads the file once, prints `wall cpu gc` in ms (GC from perf_hooks). */
const child = `
const { PerformanceObserver } = require('node:perf_hooks');
const gcs = [];
const obs = new PerformanceObserver((list) => { for (const e of list.getEntries()) gcs.push(e); });
obs.observe({ entryTypes: ['gc'] });
const { readEdn } = require(process.argv[2]);
const text = require('node:fs').readFileSync(process.argv[3], 'utf8');
const c0 = process.cpuUsage();
const t0 = performance.now();
const parsed = readEdn(text);
const t1 = performance.now();
const c = process.cpuUsage(c0);
if (parsed.forms.length !== 1 || parsed.findings.length !== 0) throw new Error('the flow did not read cleanly');
setImmediate(() => {
  for (const e of obs.takeRecords()) gcs.push(e);
  const gc = gcs.filter((e) => e.startTime >= t0 && e.startTime < t1).reduce((s, e) => s + e.duration, 0);
  process.stdout.write((t1 - t0) + ' ' + (c.user + c.system) / 1000 + ' ' + gc + '\\n');
});
`;

interface Variant {
  name: string;
  args: string[];
  wall: number[];
  read: number[];
  cpu: number[];
  gc: number[];
}

export async function run(samples = 21): Promise<void> {
  const reader = join(__dirname, '..', 'engine', 'edn', 'reader.js');
  const reference = join(__dirname, '..', 'test', 'edn', 'reference', 'reader.js');
  if (!existsSync(reader) || !existsSync(reference)) {
    console.log('reader-cold bench skipped: build/ is missing (run npx tsc -p tsconfig.json)');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'flow-edn-reader-cold-'));
  try {
    const script = join(dir, 'read-once.js');
    writeFileSync(script, child);
    const flow = join(dir, 'generated.flow.edn');
    const text = generateFlow(5000);
    writeFileSync(flow, text);
    const variants: Variant[] = [
      { name: 'node -e 0', args: [...cliFlags, '-e', '0'], wall: [], read: [], cpu: [], gc: [] },
      { name: 'readEdn', args: [...cliFlags, script, reader, flow], wall: [], read: [], cpu: [], gc: [] },
      { name: 'reference reader', args: [...cliFlags, script, reference, flow], wall: [], read: [], cpu: [], gc: [] },
    ];
    for (let k = 0; k < samples; k++) {
      for (const v of variants) {
        const t0 = performance.now();
        const r = spawnSync(process.execPath, v.args, { stdio: ['ignore', 'pipe', 'pipe'] });
        v.wall.push(performance.now() - t0);
        if (r.status !== 0) throw new Error(`${v.name} exited ${r.status}: ${r.stderr.toString()}`);
        if (v === variants[0]) continue; // the bare start prints nothing
        const [read, cpu, gc] = r.stdout.toString().trim().split(' ').map(Number) as [number, number, number];
        v.read.push(read);
        v.cpu.push(cpu);
        v.gc.push(gc);
      }
    }
    const [bare, current, before] = variants as [Variant, Variant, Variant];
    const lines = text.split('\n').length;
    console.log(`reader-cold: readEdn on a generated ${lines}-line flow (${(text.length / 1024).toFixed(0)} KB), a fresh \`node ${cliFlags.join(' ')}\` per sample; median of ${samples} interleaved`);
    console.log(`  node -e 0 (bare start)   wall ${median(bare.wall).toFixed(1)} ms`);
    for (const v of [current, before]) {
      const read = median(v.read);
      const gc = median(v.gc);
      console.log(
        `  ${v.name.padEnd(24)} read ${read.toFixed(1).padStart(5)} ms (min ${Math.min(...v.read).toFixed(1)}; CPU ${median(v.cpu).toFixed(1)}; GC ${gc.toFixed(1)}, mutator ~${(read - gc).toFixed(1)})  = ${(read / median(bare.wall)).toFixed(2)}x a bare node start`,
      );
    }
    console.log(`  readEdn / reference reader = ${(median(current.read) / median(before.read)).toFixed(2)} (read time, cold)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const n = Number(process.argv[2]);
  run(Number.isFinite(n) && n > 0 ? n : undefined).catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
