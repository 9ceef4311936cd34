// Waiting on work another thread of this process does: the process's CPU time (every thread)
// grows while a worker computes, whatever share of the machine it gets. Tests that must act
// "while a step computes" wait on this rather than on a fixed sleep.

/** Resolves once this process has spent `ms` more CPU time (all threads), or after `limitMs` of wall time. */
export async function processCpuSpent(ms: number, limitMs = 15_000): Promise<{ cpuMs: number; wallMs: number }> {
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const start = cpu();
  const began = performance.now();
  while (cpu() - start < ms && performance.now() - began < limitMs) await new Promise((resolve) => setTimeout(resolve, 10));
  return { cpuMs: cpu() - start, wallMs: performance.now() - began };
}
