// The run's clock. Real in production; virtual in simulations and tests, where sleeping
// advances time instantly, so a "2h" timeout or a retry backoff costs nothing to simulate.

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Waits `ms` (a virtual clock jumps instead). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  readonly virtual: boolean;
}

/** Longest delay setTimeout takes (about 24.8 days); longer waits re-arm. */
const MAX_DELAY = 2 ** 31 - 1;

export class RealClock implements Clock {
  readonly virtual = false;
  now(): number {
    return Date.now();
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const cancel = this.timer(Date.now() + Math.max(0, ms), resolve, false);
      signal?.addEventListener('abort', () => {
        cancel();
        reject(signal.reason);
      }, { once: true });
    });
  }
  /**
   * Calls `fn` once the wall clock reaches `at`, re-arming past setTimeout's range (a longer
   * delay would otherwise fire at once) and when a timer wakes early. `unref` timers do not
   * keep the process alive. Returns a cancel function.
   */
  protected timer(at: number, fn: () => void, unref: boolean): () => void {
    let handle: NodeJS.Timeout | undefined;
    let cancelled = false;
    const arm = () => {
      const delay = at - Date.now();
      handle = delay <= 0 ? setTimeout(() => cancelled || fn(), 0) : setTimeout(() => cancelled || arm(), Math.min(delay, MAX_DELAY));
      if (unref) handle.unref();
    };
    arm();
    return () => {
      cancelled = true;
      if (handle) clearTimeout(handle);
    };
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
