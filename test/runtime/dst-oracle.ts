// An independent oracle for the DST policy, for schedule tests: a tiny cron matcher over
// wall-clock fields, and a zone's offset transitions found by scanning Intl's long offset
// names (not the code under test). A wall time that happens twice fires at its first
// occurrence; one that is skipped fires at the instant of the jump.

const fmt = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset (ms) at `t`, from Intl's `GMT+05:30` names. */
export function longOffset(t: number, zone: string): number {
  let f = fmt.get(zone);
  if (!f) fmt.set(zone, (f = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })));
  const name = f.formatToParts(t).find((p) => p.type === 'timeZoneName')!.value;
  const m = /GMT([+-])(\d\d):(\d\d)/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000 : 0;
}

interface Transition {
  at: number;
  before: number;
  after: number;
}

export function transitions(zone: string, from: number, to: number): Transition[] {
  const out: Transition[] = [];
  let prev = longOffset(from, zone);
  for (let t = from + 3600_000; t <= to; t += 3600_000) {
    const o = longOffset(t, zone);
    if (o !== prev) {
      let lo = t - 3600_000;
      let hi = t;
      while (hi - lo > 60_000) {
        const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
        if (longOffset(mid, zone) === prev) lo = mid;
        else hi = mid;
      }
      out.push({ at: hi, before: prev, after: o });
      prev = o;
    }
  }
  return out;
}

function field(spec: string, min: number, max: number): Set<number> {
  const out = new Set<number>();
  for (const part of spec.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText ? Number(stepText) : 1;
    const [a, b] = range === '*' ? [min, max] : range!.includes('-') ? range!.split('-').map(Number) : [Number(range), stepText ? max : Number(range)];
    for (let v = a!; v <= b!; v += step) out.add(v);
  }
  return out;
}

/** Fire instants in (from, to] of a 5-field cron (no names, dom or dow restricted, not both) in `zone`. */
export function expectedFires(cron: string, zone: string, from: number, to: number): number[] {
  const [mi, ho, dom, mon, dow] = cron.split(/\s+/);
  const minutes = [...field(mi!, 0, 59)].sort((a, b) => a - b);
  const hours = [...field(ho!, 0, 23)].sort((a, b) => a - b);
  const doms = field(dom!, 1, 31);
  const months = field(mon!, 1, 12);
  const dows = field(dow!.replace('7', '0'), 0, 6);
  const trans = transitions(zone, from - 3 * 86_400_000, to + 3 * 86_400_000);
  const offsetAt = (t: number) => {
    let o = longOffset(from - 3 * 86_400_000, zone);
    for (const tr of trans) if (tr.at <= t) o = tr.after;
    return o;
  };
  const offsets = [...new Set([longOffset(from, zone), ...trans.flatMap((t) => [t.before, t.after])])];
  const out = new Set<number>();
  for (let day = Date.UTC(new Date(from).getUTCFullYear(), 0, 1) - 2 * 86_400_000; day <= to + 2 * 86_400_000; day += 86_400_000) {
    const d = new Date(day);
    if (!months.has(d.getUTCMonth() + 1) || !doms.has(d.getUTCDate()) || !dows.has(d.getUTCDay())) continue;
    for (const h of hours) {
      for (const m of minutes) {
        const wall = day + h * 3600_000 + m * 60_000;
        const valid = offsets.map((o) => wall - o).filter((t) => offsetAt(t) === wall - t);
        let t: number;
        if (valid.length > 0) t = Math.min(...valid);
        else {
          const gap = trans.find((tr) => wall >= tr.at + tr.before && wall < tr.at + tr.after);
          if (!gap) throw new Error(`no instant for wall ${new Date(wall).toISOString()} in ${zone}`);
          t = gap.at;
        }
        if (t > from && t <= to) out.add(t);
      }
    }
  }
  return [...out].sort((a, b) => a - b);
}
