// Java regular expressions (what `#"..."` holds), run by a linear-time engine (re2js, a port of
// RE2) so no pattern and no input can hang a run: matching time grows with the input only
// (docs/regex.md says why). Translated once per pattern: leading inline flags, `\Q...\E`, POSIX
// classes such as `\p{Alpha}`, and `\h`. What RE2 cannot run in linear time (backreferences,
// lookahead and lookbehind, possessive quantifiers, atomic groups, `\Z`) is a clear error.

import { List } from 'immutable';
import { RE2JS } from 're2js';
import { Regex, type Value } from '../edn/values';
import { fail, failArg } from './errors';
import { charge } from './runtime';
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
      if (!inClass && (n === 'A' || n === 'z')) out += c + n;
      else if (!inClass && n === 'Z') failArg(`\\Z (end of input before a final line break) is not supported by the linear-time regex engine; use \\z, or \\n?\\z: ${pattern}`);
      else if (n >= '1' && n <= '9' && !inClass) failArg(`Backreferences (\\${n}) are not supported: regexes run on a linear-time engine so that no input can hang a run: ${pattern}`);
      else if (n === 'k' && p[i + 2] === '<') failArg(`Backreferences (\\k<name>) are not supported: regexes run on a linear-time engine so that no input can hang a run: ${pattern}`);
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
    if (c === '(' && p[i + 1] === '?' && (p[i + 2] === '=' || p[i + 2] === '!' || (p[i + 2] === '<' && (p[i + 3] === '=' || p[i + 3] === '!')))) {
      failArg(`Lookahead and lookbehind (${p.slice(i, i + (p[i + 2] === '<' ? 4 : 3))}...) are not supported: regexes run on a linear-time engine so that no input can hang a run: ${pattern}`);
    }
    out += c;
  }
  if (unicode) flags += 'u';
  return { source: out, flags };
}

/** RE2 flags for the translated leading flags (RE2 reads the rest of the syntax itself). */
function re2Flags(flags: string): number {
  let f = 0;
  if (flags.includes('i')) f |= RE2JS.CASE_INSENSITIVE;
  if (flags.includes('s')) f |= RE2JS.DOTALL;
  if (flags.includes('m')) f |= RE2JS.MULTILINE;
  return f;
}

/** Compiles a Java pattern for the linear-time engine; throws a clear error for what it cannot run. */
export function compilePattern(pattern: string): RE2JS {
  const t = translate(pattern);
  try {
    return RE2JS.compile(t.source, re2Flags(t.flags));
  } catch (e) {
    return failArg(`Invalid regex #"${pattern}": ${e instanceof Error ? e.message.replace(/^error parsing regexp: /, '') : String(e)}`);
  }
}

const cache = new WeakMap<Regex, RE2JS>();

function compiled(r: Regex): RE2JS {
  let c = cache.get(r);
  if (c === undefined) {
    c = compilePattern(r.pattern);
    cache.set(r, c);
  }
  return c;
}

/** The match at the matcher's current position, shaped as a JS `RegExpExecArray`. */
function execArray(m: ReturnType<RE2JS['matcher']>, input: string): RegExpExecArray {
  const n = m.groupCount();
  const arr: string[] = [];
  for (let g = 0; g <= n; g++) {
    const v = m.group(g);
    arr.push(v === null ? (undefined as unknown as string) : v);
  }
  const out = arr as unknown as RegExpExecArray;
  out.index = m.start();
  out.input = input;
  const named = m.pattern().namedGroups();
  if (Object.keys(named).length > 0) {
    const groups: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const name of Object.keys(named)) groups[name] = arr[named[name]!] as string;
    out.groups = groups;
  }
  return out;
}

/** A global matcher with RegExp's `exec`/`lastIndex` protocol, over the linear-time engine. */
export class GlobalMatcher {
  lastIndex = 0;
  constructor(private readonly pattern: RE2JS) {}
  exec(s: string): RegExpExecArray | null {
    if (this.lastIndex > s.length) {
      this.lastIndex = 0;
      return null;
    }
    scan(s.length - this.lastIndex);
    const m = this.pattern.matcher(s);
    if (!m.find(this.lastIndex)) {
      this.lastIndex = 0;
      return null;
    }
    this.lastIndex = m.end();
    return execArray(m, s);
  }
}

export function regexArg(v: Value, op: string): Regex {
  if (v instanceof Regex) return v;
  return fail(`${op} expects a regex, got ${describe(v)}`, 'java.lang.ClassCastException');
}

/** A global matcher for `r`, with `lastIndex` at 0. */
export function globalRegex(r: Regex): GlobalMatcher {
  return new GlobalMatcher(compiled(r));
}

/** A match as Clojure returns it: the string, or a vector of it and its groups. */
export function matchValue(m: RegExpExecArray): Value {
  if (m.length === 1) return m[0];
  return List(Array.from(m, (g) => (g === undefined ? null : g)));
}

/** Regex work costs fuel in proportion to the text it scans (time is linear in it). */
function scan(chars: number): void {
  charge(1 + (chars >> 3));
}

export function reFind(r: Regex, s: string): Value {
  scan(s.length);
  const m = compiled(r).matcher(s);
  return m.find() ? matchValue(execArray(m, s)) : null;
}

export function reMatches(r: Regex, s: string): Value {
  scan(s.length);
  const m = compiled(r).matcher(s);
  return m.matches() ? matchValue(execArray(m, s)) : null;
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
