// Imported first by extension.ts so that these lines run before any other module of the
// bundle: the start of the extension's module load, for the activation timing, in wall time
// and in the extension host thread's own CPU time (see `threadCpuMs`).
import { readFileSync } from 'node:fs';

export const moduleLoadStart = performance.now();

const threadCpuUsage = (process as { threadCpuUsage?: () => NodeJS.CpuUsage }).threadCpuUsage;
/** The main thread's scheduler statistics (Linux): its first field is its time on the CPU, in ns. */
const schedstat = `/proc/self/task/${process.pid}/schedstat`;

function schedstatMs(): number | null {
  try {
    const ns = Number(readFileSync(schedstat, 'utf8').split(' ')[0]);
    return Number.isFinite(ns) ? ns / 1e6 : null;
  } catch {
    return null;
  }
}

/**
 * Which clock `threadCpuMs` reads: `thread` (`process.threadCpuUsage`, Node >= 23.9, or else
 * the main thread's schedstat on Linux) or `process` (every thread of the process: errs high).
 */
export const cpuClock: 'thread' | 'process' = typeof threadCpuUsage === 'function' || schedstatMs() !== null ? 'thread' : 'process';

/**
 * Milliseconds of CPU the main thread (the extension host's, a test's) has used so far, user +
 * system. Unlike wall time this does not grow while the machine gives the CPU to other processes.
 */
export function threadCpuMs(): number {
  if (typeof threadCpuUsage === 'function') {
    const u = threadCpuUsage.call(process);
    return (u.user + u.system) / 1000;
  }
  const ms = cpuClock === 'thread' ? schedstatMs() : null;
  if (ms !== null) return ms;
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

export const moduleLoadStartCpu = threadCpuMs();
