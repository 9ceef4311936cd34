// Cron expressions through `croner`: validation with the parser's own reason, and the next
// run times in a time zone (for hover and the local runtime's schedules).

import { Cron } from 'croner';

export interface CronCheck {
  ok: boolean;
  /** The parser's reason when not ok. */
  reason?: string;
  fieldCount: number;
}

export function checkCron(expression: string): CronCheck {
  const fieldCount = expression.trim().split(/\s+/).filter(Boolean).length;
  try {
    new Cron(expression, { paused: true });
    return { ok: true, fieldCount };
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e), fieldCount };
  }
}

/** True when `zone` is an IANA time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The next `count` fire times after `from`, in `timezone` (default UTC). */
export function nextRuns(expression: string, count: number, from: Date = new Date(), timezone = 'UTC'): Date[] {
  const cron = new Cron(expression, { paused: true, timezone });
  return cron.nextRuns(count, from);
}
