// Command-line cold start (design §10): `flow-edn check` on the founding flow, on a trivial
// flow and on a generated 5,000-line flow, each a fresh process as the bin starts it, beside a
// bare `node -e 0` start measured interleaved in the same run: wall time, and the CPU time the
// process used (user + system, reported by a `-r` hook in every case alike), which a machine
// loaded by other work bends less. Needs out/cli.js (scripts/build.mjs).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateFlow } from './generate';

const root = join(__dirname, '..', '..');
const cliPath = join(root, 'out', 'cli.js');
/** The bin's shebang flags (scripts/build.mjs). */
const cliFlags = ['--max-semi-space-size=64'];

function p50(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
}

/** Prints the process's CPU time on exit, as the last line of stderr. */
const cpuHook = `process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write('\\ncpu-us ' + (u.user + u.system) + '\\n'); });`;

function timed(hook: string, args: string[]): { wall: number; cpu: number } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['-r', hook, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  const wall = performance.now() - t0;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr.toString()}`);
  const cpu = /cpu-us (\d+)\s*$/.exec(r.stderr.toString());
  if (cpu === null) throw new Error(`${args.join(' ')}: no CPU time reported`);
  return { wall, cpu: Number(cpu[1]) / 1000 };
}

export async function run(samples = 15): Promise<void> {
  if (!existsSync(cliPath)) {
    console.log(`cli bench skipped: ${cliPath} is missing (run node scripts/build.mjs)`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'flow-edn-cli-bench-'));
  try {
    const hook = join(dir, 'cpu-hook.js');
    writeFileSync(hook, cpuHook);
    const big = join(dir, 'generated.flow.edn');
    writeFileSync(big, generateFlow(5000));
    const cases: [string, string[]][] = [
      ['bare node -e 0', ['-e', '0']],
      ['check founding flow', [...cliFlags, cliPath, 'check', join(root, 'examples', 'advanced-order-orchestration.flow.edn')]],
      ['check hello-world', [...cliFlags, cliPath, 'check', join(root, 'examples', 'hello-world.flow.edn')]],
      ['check 5,000 lines', [...cliFlags, cliPath, 'check', big]],
      ['--version', [...cliFlags, cliPath, '--version']],
    ];
    const walls = cases.map((): number[] => []);
    const cpus = cases.map((): number[] => []);
    for (const [, args] of cases) timed(hook, args); // warm the file cache
    for (let i = 0; i < samples; i++) {
      cases.forEach(([, args], k) => {
        const t = timed(hook, args);
        walls[k]!.push(t.wall);
        cpus[k]!.push(t.cpu);
      });
    }
    const w = walls.map(p50);
    const c = cpus.map(p50);
    console.log(`\n== command line cold start (p50 of ${samples}, interleaved; each a fresh process)`);
    console.log(`${''.padEnd(22)} ${'wall'.padStart(10)}  ${'÷ bare'.padStart(6)}  ${'cpu'.padStart(10)}  ${'÷ bare'.padStart(6)}`);
    cases.forEach(([name], k) => console.log(`${name.padEnd(22)} ${w[k]!.toFixed(1).padStart(7)} ms  ${(w[k]! / w[0]!).toFixed(2).padStart(5)}x  ${c[k]!.toFixed(1).padStart(7)} ms  ${(c[k]! / c[0]!).toFixed(2).padStart(5)}x`));
    const verdict = (ok: boolean) => (ok ? 'MET' : 'NOT MET');
    console.log(
      `targets (wall): check of the founding flow <= 1.5x a bare node start ${verdict(w[1]! <= 1.5 * w[0]!)} (${(w[1]! / w[0]!).toFixed(2)}x); ` +
        `5,000 lines <= 100 ms beyond a bare node start ${verdict(w[3]! - w[0]! <= 100)} (${(w[3]! - w[0]!).toFixed(1)} ms; ${(w[3]! - w[2]!).toFixed(1)} ms beyond a trivial flow's check)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) void run();
