// `format`: the `java.util.Formatter` directives flows use — `%s %d %f %e %x %o %c %b %n %%`
// with flags `-0+ ,(#`, width, precision and `n$` argument indexes. `%f` rounds half-up on
// the shortest decimal form of the double, as Java does (`(format "%.2f" 1.005)` is "1.01").

import { Char, type Value } from '../../edn/values';
import { fail } from '../errors';
import { strOf } from '../print';
import { truthy } from '../runtime';
import { describe } from '../values';

/** Widths beyond this would only build huge strings outside the fuel budget. */
const MAX_WIDTH = 10_000;

const spec = /%(\d+\$)?([-#+ 0,(<]*)(\d+)?(\.\d+)?([a-zA-Z%])/g;

function formatError(message: string, cls = 'java.util.IllegalFormatException'): never {
  return fail(message, cls);
}

/** Digits and exponent of a finite non-negative double's shortest decimal form. */
function decimalDigits(x: number): { digits: string; point: number } {
  const s = String(x);
  const e = s.indexOf('e');
  const mant = e < 0 ? s : s.slice(0, e);
  const exp = e < 0 ? 0 : Number(s.slice(e + 1));
  const dot = mant.indexOf('.');
  const intPart = dot < 0 ? mant : mant.slice(0, dot);
  const frac = dot < 0 ? '' : mant.slice(dot + 1);
  let digits = intPart + frac;
  let point = intPart.length + exp;
  const lead = digits.match(/^0*/)![0].length;
  digits = digits.slice(lead);
  point -= lead;
  if (digits === '') return { digits: '0', point: 1 };
  return { digits, point };
}

/** Fixed notation with `prec` decimals, rounding half-up. */
export function toFixedHalfUp(x: number, prec: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity';
  const neg = x < 0 || Object.is(x, -0);
  const { digits, point } = decimalDigits(Math.abs(x));
  // Work on an array of digits with `point` digits before the decimal point.
  let ds = digits.split('').map(Number);
  let pt = point;
  if (pt <= 0) {
    ds = [...new Array(1 - pt).fill(0), ...ds];
    pt = 1;
  }
  const keep = pt + prec;
  if (ds.length > keep) {
    const roundUp = ds[keep]! >= 5;
    ds = ds.slice(0, keep);
    if (roundUp) {
      let i = ds.length - 1;
      while (i >= 0) {
        if (ds[i]! < 9) {
          ds[i]!++;
          break;
        }
        ds[i] = 0;
        i--;
      }
      if (i < 0) {
        ds.unshift(1);
        pt++;
      }
    }
  }
  while (ds.length < pt + prec) ds.push(0);
  const intDigits = ds.slice(0, pt).join('').replace(/^0+(?=\d)/, '');
  const fracDigits = ds.slice(pt, pt + prec).join('');
  const body = prec > 0 ? `${intDigits}.${fracDigits}` : intDigits;
  return (neg && /[1-9]/.test(body) ? '-' : '') + body;
}

function group(intText: string): string {
  return intText.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function integerArg(v: Value, conv: string): number | bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  return formatError(`${conv} != ${v === null ? 'null' : describe(v)}: %${conv} takes an integer`, 'java.util.IllegalFormatConversionException');
}

function floatArg(v: Value, conv: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  return formatError(`${conv} != ${describe(v)}: %${conv} takes a number`, 'java.util.IllegalFormatConversionException');
}

function pad(text: string, flags: string, width: number | null, numeric: boolean): string {
  if (width === null || text.length >= width) return text;
  if (flags.includes('-')) return text.padEnd(width);
  if (numeric && flags.includes('0')) {
    const sign = /^[-+ ]/.test(text) ? text[0]! : '';
    return sign + text.slice(sign.length).padStart(width - sign.length, '0');
  }
  return text.padStart(width);
}

function signed(text: string, negative: boolean, flags: string): string {
  if (negative) return flags.includes('(') ? `(${text})` : '-' + text;
  if (flags.includes('+')) return '+' + text;
  if (flags.includes(' ')) return ' ' + text;
  return text;
}

export function format(fmt: Value, ...args: Value[]): Value {
  if (typeof fmt !== 'string') return fail(`format expects a format string, got ${describe(fmt)}`, 'java.lang.ClassCastException');
  let next = 0;
  let last = -1;
  return fmt.replace(spec, (whole, idx: string | undefined, flags: string, w: string | undefined, p: string | undefined, conv: string) => {
    if (conv === '%') return pad('%', flags, w ? Number(w) : null, false);
    if (conv === 'n') return '\n';
    let i: number;
    if (flags.includes('<')) i = last;
    else if (idx) i = Number(idx.slice(0, -1)) - 1;
    else i = next++;
    if (i < 0 || i >= args.length) return formatError(`Format specifier '${whole}' has no argument`, 'java.util.MissingFormatArgumentException');
    last = i;
    const v = args[i]!;
    const width = w ? Number(w) : null;
    const prec = p ? Number(p.slice(1)) : null;
    if ((width ?? 0) > MAX_WIDTH || (prec ?? 0) > MAX_WIDTH) return formatError(`Format width or precision above ${MAX_WIDTH} in ${whole}`);
    const upper = conv === conv.toUpperCase() && /[A-Z]/.test(conv);
    let text: string;
    switch (conv.toLowerCase()) {
      case 's':
        text = v === null ? 'null' : strOf(v);
        if (prec !== null) text = text.slice(0, prec);
        return pad(upper ? text.toUpperCase() : text, flags, width, false);
      case 'b':
        text = String(truthy(v));
        return pad(upper ? text.toUpperCase() : text, flags, width, false);
      case 'c':
        if (v instanceof Char) text = v.value;
        else if (typeof v === 'number') text = String.fromCodePoint(v);
        else return formatError(`c != ${describe(v)}`, 'java.util.IllegalFormatConversionException');
        return pad(upper ? text.toUpperCase() : text, flags, width, false);
      case 'd': {
        const n = integerArg(v, conv);
        const neg = n < 0;
        let digits = (neg ? -n : n).toString();
        if (flags.includes(',')) digits = group(digits);
        return pad(signed(digits, neg, flags), flags, width, true);
      }
      case 'x':
      case 'o': {
        const n = integerArg(v, conv);
        const big = typeof n === 'bigint' ? n : BigInt(n);
        const base = conv.toLowerCase() === 'x' ? 16 : 8;
        // Negative numbers print as 64-bit two's complement, as Java's long does.
        let digits = (big < 0n ? (1n << 64n) + big : big).toString(base);
        if (flags.includes('#')) digits = (base === 16 ? '0x' : '0') + digits;
        return pad(upper ? digits.toUpperCase() : digits, flags, width, true);
      }
      case 'f': {
        const x = floatArg(v, conv);
        if (!Number.isFinite(x)) return pad(Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity', flags, width, false);
        let body = toFixedHalfUp(Math.abs(x), prec ?? 6);
        if (flags.includes(',')) {
          const [a, b] = body.split('.');
          body = group(a!) + (b !== undefined ? '.' + b : '');
        }
        return pad(signed(body, x < 0 && /[1-9]/.test(body), flags), flags, width, true);
      }
      case 'e': {
        const x = floatArg(v, conv);
        const [m, e] = Math.abs(x).toExponential(prec ?? 6).split('e');
        const exp = Number(e);
        const body = `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
        return pad(signed(upper ? body.toUpperCase() : body, x < 0, flags), flags, width, true);
      }
      case 'g': {
        const x = floatArg(v, conv);
        return pad(signed(String(Number(Math.abs(x).toPrecision(prec ?? 6))), x < 0, flags), flags, width, true);
      }
      default:
        return formatError(`Unknown format conversion: '${conv}' in ${whole}`, 'java.util.UnknownFormatConversionException');
    }
  });
}
