// Java regular expressions (what `#"..."` holds) translated to JS `RegExp`s once per pattern:
// leading inline flags `(?i)` `(?s)` `(?m)` `(?u)`, `\A` `\z` `\Z`, `\Q...\E`, POSIX classes such
// as `\p{Alpha}`, and `\h`. Possessive quantifiers and atomic groups have no JS equivalent and
// are reported as errors.

import { List } from 'immutable';
import { Regex, type Value } from '../edn/values';
import { fail, failArg } from './errors';
import { describe } from './values';

const posix: Record<string, string> = {
  Lower: 'a-z', Upper: 'A-Z', ASCII: '\\x00-\\x7F', Alpha: 'a-zA-Z', Digit: '0-9', Alnum: 'a-zA-Z0-9',
  Punct: '!-\\/:-@\\[-`{-~', Graph: '!-~', Print: ' -~', Blank: ' \\t', Cntrl: '\\x00-\\x1F\\x7F',
  XDigit: '0-9a-fA-F', Space: ' \\t\\n\\x0B\\f\\r', javaLowerCase: 'a-z', javaUpperCase: 'A-Z', javaWhitespace: ' \\t\\n\\x0B\\f\\r',
};

interface Translated {
  source: string;
  flags: string;
}

function escapeLiteral(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

/** Translates a Java pattern; throws an unlocated error for what JS cannot express. */
export function translate(pattern: string): Translated {
  let flags = '';
  let p = pattern;
  const lead = /^\(\?([imsux]+)\)/.exec(p);
  if (lead) {
    for (const f of lead[1]!) {
      if (f === 'x') failArg(`Regex flag (?x) (comments mode) is not supported: ${pattern}`);
      if (f === 'u') continue;
      if (!flags.includes(f)) flags += f;
    }
    p = p.slice(lead[0].length);
  }
  let out = '';
  let inClass = false;
  let unicode = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '\\') {
      const n = p[i + 1];
      if (n === undefined) failArg(`Unexpected trailing backslash in regex: ${pattern}`);
      if (n === 'Q') {
        const end = p.indexOf('\\E', i + 2);
        const lit = end < 0 ? p.slice(i + 2) : p.slice(i + 2, end);
        out += escapeLiteral(lit);
        i = end < 0 ? p.length : end + 1;
        continue;
      }
      if ((n === 'p' || n === 'P') && p[i + 2] === '{') {
        const close = p.indexOf('}', i + 3);
        const name = p.slice(i + 3, close < 0 ? p.length : close).replace(/^Is/, '');
        const cls = Object.hasOwn(posix, name) ? posix[name] : undefined;
        if (cls !== undefined) {
          out += n === 'P' ? (inClass ? failArg(`\\P{${name}} inside a character class is not supported: ${pattern}`) : `[^${cls}]`) : inClass ? cls : `[${cls}]`;
        } else {
          unicode = true;
          out += p.slice(i, close + 1);
        }
        i = close;
        continue;
      }
      if (!inClass && n === 'A') out += '(?<![\\s\\S])';
      else if (!inClass && n === 'z') out += '(?![\\s\\S])';
      else if (!inClass && n === 'Z') out += '(?=\\n?(?![\\s\\S]))';
      else if (n === 'h') out += inClass ? ' \\t\\xA0' : '[ \\t\\xA0]';
      else out += c + n;
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      else if (c === '[') failArg(`Nested character classes are not supported in regex: ${pattern}`);
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (p[i + 1] === '^') {
        out += '^';
        i++;
      }
      if (p[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if ((c === '+' || c === '*' || c === '?' || c === '}') && p[i + 1] === '+') failArg(`Possessive quantifiers are not supported in regex: ${pattern}`);
    if (c === '(' && p[i + 1] === '?' && p[i + 2] === '>') failArg(`Atomic groups (?>...) are not supported in regex: ${pattern}`);
    out += c;
  }
  if (unicode) flags += 'u';
  return { source: out, flags };
}

const cache = new WeakMap<Regex, { find: RegExp; all: RegExp; whole: RegExp }>();

function compiled(r: Regex): { find: RegExp; all: RegExp; whole: RegExp } {
  let c = cache.get(r);
  if (c === undefined) {
    const t = translate(r.pattern);
    try {
      c = { find: new RegExp(t.source, t.flags), all: new RegExp(t.source, t.flags + 'g'), whole: new RegExp(`(?:${t.source})(?![\\s\\S])`, t.flags + 'y') };
    } catch (e) {
      return failArg(`Invalid regex #"${r.pattern}": ${e instanceof Error ? e.message : String(e)}`);
    }
    cache.set(r, c);
  }
  return c;
}

export function regexArg(v: Value, op: string): Regex {
  if (v instanceof Regex) return v;
  return fail(`${op} expects a regex, got ${describe(v)}`, 'java.lang.ClassCastException');
}

/** A global JS RegExp for `r`, with `lastIndex` reset. */
export function globalRegex(r: Regex): RegExp {
  const g = compiled(r).all;
  g.lastIndex = 0;
  return g;
}

/** A match as Clojure returns it: the string, or a vector of it and its groups. */
export function matchValue(m: RegExpExecArray): Value {
  if (m.length === 1) return m[0];
  return List(Array.from(m, (g) => (g === undefined ? null : g)));
}

export function reFind(r: Regex, s: string): Value {
  const m = compiled(r).find.exec(s);
  return m === null ? null : matchValue(m);
}

export function reMatches(r: Regex, s: string): Value {
  const w = compiled(r).whole;
  w.lastIndex = 0;
  const m = w.exec(s);
  return m === null ? null : matchValue(m);
}

export function reSeq(r: Regex, s: string): Value[] {
  const g = globalRegex(r);
  const out: Value[] = [];
  let m: RegExpExecArray | null;
  while ((m = g.exec(s)) !== null) {
    out.push(matchValue(m));
    if (m[0].length === 0) g.lastIndex++;
  }
  return out;
}

export function rePattern(s: Value): Regex {
  if (s instanceof Regex) return s;
  if (typeof s !== 'string') return failArg(`re-pattern expects a string, got ${describe(s)}`);
  const r = new Regex(s);
  compiled(r);
  return r;
}
