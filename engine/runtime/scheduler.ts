// Fires schedules on the runtime's clock. Each schedule keeps a durable cursor (the instant
// of its last fire); when the server starts (or a timer wakes late) and fires were missed
// since the cursor, they become one catch-up fire, logged with how many were missed.

import { CronSchedule } from './cron-policy';
import type { RuntimeClock } from './clock';

export interface ScheduleSpec {
  flow: string;
  /** Schedule id (`:schedules`) or the trigger's id (legacy `:schedule` trigger). */
  id: string;
  cron: string;
  /** IANA zone. @default 'UTC' */
  zone: string;
}

export interface ScheduleFire {
  spec: ScheduleSpec;
  /** The scheduled instant this fire stands for (the latest one, for a catch-up). */
  at: number;
  /** How many scheduled instants it stands for: 1, or more for a catch-up (capped at `MISSED_CAP`). */
  missed: number;
  catchUp: boolean;
}

export interface SchedulerOptions {
  clock: RuntimeClock;
  /** The durable cursor of a schedule; undefined the first time it is seen. */
  cursor(flow: string, id: string): number | undefined;
  /** Records a cursor without firing (a schedule seen for the first time starts now). */
  setCursor(flow: string, id: string, at: number): void;
  /** Starts the scheduled run; must record `fire.at` as the cursor in the same commit. */
  fire(fire: ScheduleFire): void;
}

/** Counting missed fires stops here: a 1-minute cron down for a year is "10000 or more". */
export const MISSED_CAP = 10_000;

interface Armed {
  spec: ScheduleSpec;
  cron: CronSchedule;
  cursor: number;
  cancel: (() => void) | null;
}

export class Scheduler {
  private readonly armed = new Map<string, Armed[]>();
  private stopped = false;

  constructor(private readonly options: SchedulerOptions) {}

  /** Replaces a flow's schedules (on load and reload). Throws for a bad cron or zone, arming none. */
  setFlow(flow: string, specs: ScheduleSpec[]): void {
    const crons = specs.map((s) => new CronSchedule(s.cron, s.zone));
    this.removeFlow(flow);
    const list: Armed[] = specs.map((spec, i) => {
      const now = this.options.clock.now();
      let cursor = this.options.cursor(flow, spec.id);
      if (cursor === undefined) {
        cursor = now;
        this.options.setCursor(flow, spec.id, now);
      }
      return { spec, cron: crons[i]!, cursor, cancel: null };
    });
    this.armed.set(flow, list);
    for (const a of list) this.check(a);
  }

  removeFlow(flow: string): void {
    for (const a of this.armed.get(flow) ?? []) a.cancel?.();
    this.armed.delete(flow);
  }

  /** The next fire of each armed schedule (for the endpoint listing). */
  nextFires(flow: string): { id: string; next: number | null }[] {
    const now = this.options.clock.now();
    return (this.armed.get(flow) ?? []).map((a) => ({ id: a.spec.id, next: a.cron.nextAfter(Math.max(a.cursor, now)) }));
  }

  stop(): void {
    this.stopped = true;
    for (const flow of [...this.armed.keys()]) this.removeFlow(flow);
  }

  /** Fires what is due since the cursor (once, however many), then arms the next timer. */
  private check(a: Armed): void {
    if (this.stopped) return;
    a.cancel = null;
    const now = this.options.clock.now();
    const due = a.cron.between(a.cursor, now, MISSED_CAP);
    if (due.length > 0) {
      const at = due[due.length - 1]!;
      a.cursor = at;
      this.options.fire({ spec: a.spec, at, missed: due.length, catchUp: due.length > 1 || at < now - CATCH_UP_GRACE_MS });
      if (due.length === MISSED_CAP) {
        // Past the cap: skip the rest of the backlog without counting it.
        a.cursor = now;
        this.options.setCursor(a.spec.flow, a.spec.id, now);
      }
    }
    const next = a.cron.nextAfter(Math.max(a.cursor, now));
    if (next !== null) a.cancel = this.options.clock.setTimer(next, () => this.check(a));
  }
}

/** A fire more than this late (the server was down at its time) counts as a catch-up. */
const CATCH_UP_GRACE_MS = 60_000;
