// When a cron schedule fires, in its time zone, with the DST policy of the local runtime:
// a wall-clock time that happens twice (the repeated hour when clocks go back) fires once,
// at its first occurrence; one that never happens (the skipped hour) fires right after the jump.
// Cron matching is croner's, run over wall-clock times; zones are the runtime's Intl data.

import { Cron } from 'croner';

/** A cron expression ready to give fire instants in one zone. */
export class CronSchedule {
  private readonly cron: Cron;
  readonly zone: string;

  /** Throws croner's error for a bad expression, or a RangeError for an unknown zone. */
  constructor(readonly expression: string, zone = 'UTC') {
    // Wall-clock times are computed as if they were UTC instants (utcOffset 0): croner then
    // never consults a zone, and the policy below maps each wall time to a real instant.
    this.cron = new Cron(expression, { paused: true, utcOffset: 0 });
    offsetAt(0, zone); // validates the zone
    this.zone = zone;
  }

  /** The first fire instant strictly after `after` (epoch ms), or null when the cron never fires again. */
  nextAfter(after: number): number | null {
    const offset = offsetAt(after, this.zone);
    const wallAfter = after + offset;
    // Near an offset change, a wall time up to the change's size before `wallAfter` may still
    // map to an instant after `after` (a skipped time maps forward): search from a little earlier.
    const shift = offsetSpread(after, this.zone);
    let wall: Date | null = new Date(wallAfter - shift);
    for (let guard = 0; guard < 100_000; guard++) {
      wall = this.cron.nextRun(wall);
      if (wall === null) return null;
      // No offset change within 36 hours either side: the wall time maps with today's offset.
      const fast = wall.getTime() - offset;
      const instant = shift === 0 && fast - after <= 36 * 3600_000 ? fast : wallToInstant(wall.getTime(), this.zone);
      if (instant > after) return instant;
    }
    return null;
  }

  /** Fire instants in (from, to], at most `limit` of them. */
  between(from: number, to: number, limit = Infinity): number[] {
    const out: number[] = [];
    let t = from;
    while (out.length < limit) {
      const next = this.nextAfter(t);
      if (next === null || next > to) break;
      out.push(next);
      t = next;
    }
    return out;
  }
}

/**
 * The instant of wall-clock time `wall` (ms, written as if UTC) in `zone`: the earliest
 * instant showing that wall time, or, for a time the zone skips, the instant of the jump.
 */
export function wallToInstant(wall: number, zone: string): number {
  const offsets = new Set<number>();
  for (const probe of [wall - 36 * 3600_000, wall - 12 * 3600_000, wall, wall + 12 * 3600_000, wall + 36 * 3600_000]) offsets.add(offsetAt(probe, zone));
  let best: number | null = null;
  for (const o of offsets) {
    const t = wall - o;
    if (offsetAt(t, zone) === o && (best === null || t < best)) best = t;
  }
  if (best !== null) return best;
  // In a gap: the jump happened at the first instant whose wall time is past `wall`.
  const sorted = [...offsets].sort((a, b) => a - b);
  let lo = wall - sorted[sorted.length - 1]!; // wall time before `wall`
  let hi = wall - sorted[0]!; // wall time after `wall`
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (mid + offsetAt(mid, zone) > wall) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** How far offsets differ within a day and a half around `t` (0 away from any change). */
function offsetSpread(t: number, zone: string): number {
  const a = offsetAt(t - 36 * 3600_000, zone);
  const b = offsetAt(t, zone);
  const c = offsetAt(t + 36 * 3600_000, zone);
  return Math.max(a, b, c) - Math.min(a, b, c);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's UTC offset (ms) at instant `t`. Throws RangeError for an unknown zone. */
export function offsetAt(t: number, zone: string): number {
  if (zone === 'UTC' || zone === 'Etc/UTC') return 0;
  let f = formatters.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(zone, f);
  }
  const seconds = Math.floor(t / 1000) * 1000;
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(seconds)) if (part.type !== 'literal' && part.type !== 'era') p[part.type] = Number(part.value);
  const wall = Date.UTC(p['year']!, p['month']! - 1, p['day']!, p['hour']!, p['minute']!, p['second']!);
  return wall - seconds;
}
