// The runtime's clock: the time and timers that schedules, wait timeouts and the runs the
// server starts all share. Real in `serve`; a manual clock in tests, advanced by hand, so
// years of schedules or a 24h wait timeout cost nothing to simulate.

import { RealClock, type Clock } from '../run/clock';

export interface RuntimeClock extends Clock {
  /** Calls `fn` once the clock reaches epoch ms `at` (at once when it already has); returns a cancel function. */
  setTimer(at: number, fn: () => void): () => void;
}

/** Wall-clock time with timers that do not keep the process alive (the server does). */
export class RealRuntimeClock extends RealClock implements RuntimeClock {
  setTimer(at: number, fn: () => void): () => void {
    return this.timer(at, fn, true);
  }
}

interface Timer {
  at: number;
  order: number;
  fn: () => void;
}

/** A clock that moves only when told: `advanceTo` runs every timer due on the way, in time order. */
export class ManualClock implements RuntimeClock {
  readonly virtual = true;
  private time: number;
  private timers: Timer[] = [];
  private order = 0;

  constructor(start: number) {
    this.time = start;
  }
  now(): number {
    return this.time;
  }
  /** Resolves when the clock is advanced past `ms` from now. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => void this.setTimer(this.time + Math.max(0, ms), resolve));
  }
  setTimer(at: number, fn: () => void): () => void {
    const timer: Timer = { at, order: this.order++, fn };
    if (at <= this.time) {
      // Due already: run it on the next turn, as a real timer would.
      queueMicrotask(() => this.timers.includes(timer) && (this.remove(timer), fn()));
    }
    this.timers.push(timer);
    return () => this.remove(timer);
  }
  /** Moves time to `t` (never back), running due timers in order with the clock set to each one's time. */
  advanceTo(t: number): void {
    for (;;) {
      let next: Timer | undefined;
      for (const timer of this.timers) if (timer.at <= t && (next === undefined || timer.at < next.at || (timer.at === next.at && timer.order < next.order))) next = timer;
      if (next === undefined) break;
      this.remove(next);
      this.time = Math.max(this.time, next.at);
      next.fn();
    }
    this.time = Math.max(this.time, t);
  }
  advance(ms: number): void {
    this.advanceTo(this.time + ms);
  }
  /** Pending timers (for tests). */
  get pending(): number {
    return this.timers.length;
  }
  /** The earliest pending timer's time, if any. */
  nextTimerAt(): number | undefined {
    let at: number | undefined;
    for (const timer of this.timers) if (at === undefined || timer.at < at) at = timer.at;
    return at;
  }
  private remove(timer: Timer): void {
    const i = this.timers.indexOf(timer);
    if (i >= 0) this.timers.splice(i, 1);
  }
}
