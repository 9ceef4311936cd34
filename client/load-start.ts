// Imported first by extension.ts so that these lines run before any other module of the
// bundle: the start of the extension's module load, for the activation timing, in wall time
// and in the extension host thread's own CPU time (see `threadCpuMs`).
export const moduleLoadStart = performance.now();

/**
 * Milliseconds of CPU the extension host's main thread has used so far (user + system).
 * Node 24 (code-server, recent VS Code) has `process.threadCpuUsage`; older hosts fall back to
 * the process's usage, which also counts the host's other threads and so errs high. Unlike
 * wall time this does not grow while the machine gives the CPU to other processes.
 */
export function threadCpuMs(): number {
  const thread = (process as { threadCpuUsage?: () => NodeJS.CpuUsage }).threadCpuUsage;
  const usage = typeof thread === 'function' ? thread.call(process) : process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

export const moduleLoadStartCpu = threadCpuMs();
