// Cron expressions in words ("every 15 minutes", "at 09:00 on Monday to Friday") for hovers
// and inlay hints. Five fields: minute hour day-of-month month day-of-week; `@hourly`-style
// presets too. Returns null for what it cannot say well; callers then show the expression.

const dayNames = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const monthNames = ['', 'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const dayAbbr: Record<string, number> = { SUN: 0, MON: 1, TUE: 2, WED: 3, THU: 4, FRI: 5, SAT: 6 };
const monthAbbr: Record<string, number> = { JAN: 1, FEB: 2, MAR: 3, APR: 4, MAY: 5, JUN: 6, JUL: 7, AUG: 8, SEP: 9, OCT: 10, NOV: 11, DEC: 12 };

const presets: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const isNum = (s: string) => /^\d+$/.test(s);
const two = (n: number) => String(n).padStart(2, '0');

function joinWords(items: string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return items.slice(0, -1).join(', ') + ' and ' + items[items.length - 1];
}

function name(value: string, names: string[], abbr: Record<string, number>): string | null {
  const n = isNum(value) ? Number(value) : abbr[value.toUpperCase()];
  return n === undefined ? null : (names[n] ?? null);
}

/** A list field of names (days, months): `1-5` -> "Monday to Friday", `1,3` -> "Monday and Wednesday". */
function namedList(field: string, names: string[], abbr: Record<string, number>): string | null {
  const parts: string[] = [];
  for (const part of field.split(',')) {
    const range = part.split('-');
    if (range.length === 2) {
      const a = name(range[0]!, names, abbr);
      const b = name(range[1]!, names, abbr);
      if (a === null || b === null) return null;
      parts.push(`${a} to ${b}`);
    } else {
      const a = name(part, names, abbr);
      if (a === null) return null;
      parts.push(a);
    }
  }
  return joinWords(parts);
}

function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : n % 10 === 1 ? 'st' : n % 10 === 2 ? 'nd' : n % 10 === 3 ? 'rd' : 'th';
  return `${n}${s}`;
}

/** The time-of-day part: "every minute", "every 15 minutes", "at 09:30", "every hour at minute 5", ... */
function timeWords(minute: string, hour: string): string | null {
  const everyN = (f: string) => (/^\*\/\d+$/.test(f) ? Number(f.slice(2)) : null);
  if (minute === '*' && hour === '*') return 'every minute';
  const mStep = everyN(minute);
  if (mStep !== null && hour === '*') return mStep === 1 ? 'every minute' : `every ${mStep} minutes`;
  if (mStep !== null && isNum(hour)) return `every ${mStep} minutes during hour ${two(Number(hour))}`;
  if (isNum(minute) && hour === '*') return Number(minute) === 0 ? 'every hour, on the hour' : `every hour at minute ${Number(minute)}`;
  const hStep = everyN(hour);
  if (isNum(minute) && hStep !== null) return hStep === 1 ? `every hour at minute ${Number(minute)}` : `every ${hStep} hours at minute ${Number(minute)}`;
  if (isNum(minute) && /^\d+(,\d+)*$/.test(hour)) return 'at ' + joinWords(hour.split(',').map((h) => `${two(Number(h))}:${two(Number(minute))}`));
  if (isNum(minute) && /^\d+-\d+$/.test(hour)) {
    const [a, b] = hour.split('-').map(Number) as [number, number];
    return `every hour at minute ${Number(minute)} from ${two(a)}:00 to ${two(b)}:59`;
  }
  if (/^\d+(,\d+)+$/.test(minute) && hour === '*') return `every hour at minutes ${joinWords(minute.split(','))}`;
  return null;
}

/** The expression in words, or null. */
export function describeCron(expression: string): string | null {
  let expr = expression.trim();
  const preset = presets[expr.toLowerCase()];
  if (preset !== undefined) expr = preset;
  const fields = expr.split(/\s+/);
  if (fields.length === 6) fields.shift(); // seconds: describe the rest
  if (fields.length !== 5) return null;
  const [minute, hour, dom, month, dow] = fields as [string, string, string, string, string];
  const time = timeWords(minute, hour);
  if (time === null) return null;
  const days: string[] = [];
  if (dom !== '*' && dom !== '?') {
    if (/^\d+(,\d+)*$/.test(dom)) days.push(`on the ${joinWords(dom.split(',').map((d) => ordinal(Number(d))))}`);
    else if (dom === 'L') days.push('on the last day');
    else return null;
  }
  if (month !== '*') {
    const m = namedList(month, monthNames, monthAbbr);
    if (m === null) return null;
    days.push(dom !== '*' && dom !== '?' ? `of ${m}` : `in ${m}`);
  } else if (dom !== '*' && dom !== '?') days.push('of every month');
  if (dow !== '*' && dow !== '?') {
    const d = namedList(dow, dayNames, dayAbbr);
    if (d === null) return null;
    days.push(`on ${d}`);
  }
  if (days.length === 0 && time.startsWith('at ')) return 'every day ' + time;
  return [time, ...days].join(' ');
}
