// "The extension host is never blocked > 50 ms" (design §10), measured: a 10 ms timer on this
// thread; a tick more than 50 ms late while this thread itself was on the CPU for more than
// 50 ms of that gap, garbage collection (PerformanceObserver 'gc') not counted, is a block. A
// late tick with the thread off the CPU is the machine's scheduling (2 shared cores), one the
// host's garbage collection explains is its heap's (VS Code's, every extension's); both are
// reported apart. This thread's CPU time: client/load-start.ts `threadCpuMs`.

import { PerformanceObserver } from 'node:perf_hooks';
import { threadCpuMs } from '../../client/load-start';

/** CPU time of the main thread, ms (the extension's own clock, client/load-start.ts). */
export const mainThreadCpuMs = threadCpuMs;

export class HostProbe {
  worst = 0;
  readonly blocked: string[] = [];
  readonly descheduled: string[] = [];
  /** Late ticks the host's garbage collection explains: the whole extension host's heap (VS Code,
   *  every extension, this suite), not work of the extension; reported, not counted as blocks. */
  readonly collected: string[] = [];
  /** What is going on, named in each late tick and in the CPU totals. */
  phase = 'start';
  /** This thread's CPU time per phase, ms. */
  readonly cpu = new Map<string, number>();
  private last = performance.now();
  private lastCpu = mainThreadCpuMs();
  private readonly timer = setInterval(() => this.tick(), 10);
  /** Garbage collections seen (start, duration), to name them in a late tick's account. */
  private gcs: { start: number; ms: number }[] = [];
  private readonly gcObserver = new PerformanceObserver((list) => list.getEntries().forEach((e) => this.gcs.push({ start: e.startTime, ms: e.duration })));

  constructor() {
    this.gcObserver.observe({ entryTypes: ['gc'] });
  }

  private tick(): void {
    const now = performance.now();
    const cpu = mainThreadCpuMs();
    const lag = now - this.last - 10;
    const onCpu = cpu - this.lastCpu;
    this.cpu.set(this.phase, (this.cpu.get(this.phase) ?? 0) + onCpu);
    const gcMs = this.gcs.filter((g) => g.start >= this.last - 1 && g.start <= now).reduce((sum, g) => sum + g.ms, 0);
    this.gcs = this.gcs.filter((g) => g.start > now - 1000);
    this.last = now;
    this.lastCpu = cpu;
    if (lag > this.worst) this.worst = lag;
    if (lag <= 50) return;
    const account = `${Math.round(lag)} ms late (this thread on CPU ${onCpu.toFixed(0)} ms, garbage collection ${gcMs.toFixed(0)} ms) during ${this.phase}`;
    if (onCpu <= 50) this.descheduled.push(account);
    else if (onCpu - gcMs <= 50) this.collected.push(account);
    else this.blocked.push(account);
  }

  /** Enters a phase after a tick (so work of the phase before is counted there). */
  async enter(phase: string): Promise<void> {
    await new Promise((r) => setTimeout(r, 15));
    this.phase = phase;
  }

  stop(): void {
    this.tick();
    clearInterval(this.timer);
    this.gcObserver.disconnect();
  }

  summary(): string {
    const cpu = [...this.cpu].map(([p, ms]) => `${p} ${Math.round(ms)} ms`).join(', ');
    return `worst timer delay ${this.worst.toFixed(1)} ms; blocked > 50 ms: ${this.blocked.length === 0 ? 'never' : this.blocked.join('; ')}; late while off the CPU: ${this.descheduled.length === 0 ? 'never' : this.descheduled.join('; ')}; late by the host's garbage collection: ${this.collected.length === 0 ? 'never' : this.collected.join('; ')}; this thread's CPU by phase: ${cpu}`;
  }
}
