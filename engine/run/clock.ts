// The run's clock. Real in production; virtual in simulations and tests, where sleeping
// advances time instantly, so a "2h" timeout or a retry backoff costs nothing to simulate.

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Waits `ms` (a virtual clock jumps instead). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  readonly virtual: boolean;
}

export class RealClock implements Clock {
  readonly virtual = false;
  now(): number {
    return Date.now();
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const t = setTimeout(resolve, Math.max(0, ms));
      signal?.addEventListener('abort', () => {
        clearTimeout(t);
        reject(signal.reason);
      }, { once: true });
    });
  }
}

export class VirtualClock implements Clock {
  readonly virtual = true;
  constructor(private time: number) {}
  now(): number {
    return this.time;
  }
  async sleep(ms: number): Promise<void> {
    this.time += Math.max(0, ms);
  }
  /** Moves time forward (never backward). */
  advance(ms: number): void {
    this.time += Math.max(0, ms);
  }
  set(time: number): void {
    this.time = Math.max(this.time, time);
  }
}

/** A clock from a simulation's `:clock {:start "2026-11-29T10:00:00Z"}` (virtual) or real time. */
export function clockFrom(spec: { start?: number | null; virtual?: boolean } | null | undefined): Clock {
  if (spec && (spec.virtual || spec.start != null)) return new VirtualClock(spec.start ?? Date.now());
  return new RealClock();
}
