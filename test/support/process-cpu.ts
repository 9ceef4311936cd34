// Waiting on work another thread does: a process's CPU time (every thread) grows while a worker
// of it computes, whatever share of the machine it gets. Tests that must act "while a step
// computes" wait on this rather than on a fixed sleep.

import { readFileSync } from 'node:fs';

/** CPU time (ms, user + system, all threads) of this process, or of process `pid` (Linux /proc). */
function cpuMs(pid?: number): number {
  if (pid === undefined) {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  }
  // /proc/<pid>/stat: fields 14 and 15 (utime, stime) in clock ticks (USER_HZ, 100 on Linux), after `(comm)`.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** Resolves once this process (or `pid`) has spent `ms` more CPU time, or after `limitMs` of wall time. */
export async function processCpuSpent(ms: number, options: { pid?: number; limitMs?: number } = {}): Promise<{ cpuMs: number; wallMs: number }> {
  const start = cpuMs(options.pid);
  const began = performance.now();
  const limit = options.limitMs ?? 15_000;
  while (cpuMs(options.pid) - start < ms && performance.now() - began < limit) await new Promise((resolve) => setTimeout(resolve, 10));
  return { cpuMs: cpuMs(options.pid) - start, wallMs: performance.now() - began };
}
