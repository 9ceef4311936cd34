// "Time left" of a pending wait on its run's clock: a real clock runs on in the page between
// snapshots; a virtual one (a scenario's :clock) stands still until the run is resumed.

import type { PendingWait } from '../messages';

function span(ms: number): string {
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${s % 60}s`;
  return `${s}s`;
}

/** `elapsed`: ms since the snapshot arrived. */
export function timeLeft(wait: Pick<PendingWait, 'expiresAt' | 'clock'>, elapsed: number): string {
  if (wait.expiresAt === null) return 'no timeout';
  const now = wait.clock.virtual ? wait.clock.now : wait.clock.now + elapsed;
  const left = wait.expiresAt - now;
  const suffix = wait.clock.virtual ? ' (virtual clock)' : '';
  return left <= 0 ? `timed out${suffix}: resumes on its :on-timeout path at the next resume` : `${span(left)}${suffix}`;
}
