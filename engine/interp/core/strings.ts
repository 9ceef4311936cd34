// `clojure.string/*`, with Java's semantics where they differ from JS: `split` drops trailing
// empty strings (limit 0) and never yields a leading empty string for a zero-width match;
// regex replacements use Java's `$1`/`${name}`/`\$` syntax.

import { Char, Regex, type Value } from '../../edn/values';
import { fail, failArg } from '../errors';
import { invoke } from '../runtime';
import { strOf } from '../print';
import { globalRegex, matchValue } from '../regex';
import { items, toVector } from '../seq';
import { describe } from '../values';
import { define } from './registry';

function str(v: Value, op: string): string {
  if (typeof v === 'string') return v;
  if (v === null) return fail(`clojure.string/${op} expects a string, got nil`, 'java.lang.NullPointerException');
  return fail(`clojure.string/${op} expects a string, got ${describe(v)}`, 'java.lang.ClassCastException');
}

function javaSplit(s: string, re: Regex, limit: number): string[] {
  const g = globalRegex(re);
  const out: string[] = [];
  let index = 0;
  let found = false;
  let m: RegExpExecArray | null;
  while ((m = g.exec(s)) !== null) {
    if (m[0].length === 0) g.lastIndex++;
    if (m[0].length === 0 && m.index === 0) continue;
    if (limit > 0 && out.length >= limit - 1) break;
    found = true;
    out.push(s.slice(index, m.index));
    index = m.index + m[0].length;
  }
  if (!found) return [s];
  out.push(s.slice(index));
  if (limit === 0) while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}

/** A Java replacement string as a function of the match. */
function javaReplacement(rep: string): (m: RegExpExecArray) => string {
  return (m) => {
    let out = '';
    for (let i = 0; i < rep.length; i++) {
      const c = rep[i]!;
      if (c === '\\') {
        i++;
        if (i >= rep.length) failArg('character to be escaped is missing');
        out += rep[i];
      } else if (c === '$') {
        if (rep[i + 1] === '{') {
          const close = rep.indexOf('}', i);
          const name = rep.slice(i + 2, close);
          const g = m.groups?.[name];
          if (close < 0 || m.groups === undefined || !(name in m.groups)) failArg(`No group with name {${name}}`);
          out += g ?? '';
          i = close;
        } else {
          let j = i + 1;
          if (!/[0-9]/.test(rep[j] ?? '')) failArg('Illegal group reference in replacement string');
          let n = Number(rep[j]);
          j++;
          while (j < rep.length && /[0-9]/.test(rep[j]!) && n * 10 + Number(rep[j]) < m.length) n = n * 10 + Number(rep[j++]);
          if (n >= m.length) fail(`No group ${n}`, 'java.lang.IndexOutOfBoundsException');
          out += m[n] ?? '';
          i = j - 1;
        }
      } else out += c;
    }
    return out;
  };
}

function replaceWith(s: string, match: Value, replacement: Value, all: boolean, op: string): string {
  if (typeof match === 'string' || match instanceof Char) {
    const from = match instanceof Char ? match.value : match;
    if (replacement instanceof Char !== match instanceof Char || (typeof replacement !== 'string' && !(replacement instanceof Char)))
      failArg(`clojure.string/${op}: a ${match instanceof Char ? 'character' : 'string'} match takes a ${match instanceof Char ? 'character' : 'string'} replacement, got ${describe(replacement)}`);
    const to = replacement instanceof Char ? replacement.value : (replacement as string);
    if (!all) {
      const i = s.indexOf(from);
      return i < 0 ? s : s.slice(0, i) + to + s.slice(i + from.length);
    }
    if (from === '') return to + Array.from(s).join(to) + to;
    return s.split(from).join(to);
  }
  if (!(match instanceof Regex)) return failArg(`clojure.string/${op} matches a string, a character or a regex, got ${describe(match)}`);
  const fn: (m: RegExpExecArray) => string =
    typeof replacement === 'string' ? javaReplacement(replacement) : (m) => strOf(invoke(replacement, [matchValue(m)]));
  const g = globalRegex(match);
  let out = '';
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = g.exec(s)) !== null) {
    out += s.slice(last, m.index) + fn(m);
    last = m.index + m[0].length;
    if (m[0].length === 0) {
      if (m.index < s.length) out += s[m.index];
      last = m.index + 1;
      g.lastIndex = last;
    }
    if (!all) break;
  }
  return out + s.slice(Math.min(last, s.length));
}

function indexArg(v: Value, op: string): string {
  if (v instanceof Char) return v.value;
  if (typeof v === 'string') return v;
  return failArg(`clojure.string/${op} looks for a string or a character, got ${describe(v)}`);
}

const isWs = (c: string): boolean => /\s/.test(c);

define(
  {
    join: (a, b) => {
      const [sep, coll] = b === undefined ? ['', a] : [strOf(a), b];
      return items(coll).map(strOf).join(sep);
    },
    split: (s, re, limit) => {
      const text = str(s, 'split');
      if (!(re instanceof Regex)) return failArg(`clojure.string/split takes a regex, got ${describe(re)}`);
      const n = limit === undefined ? 0 : typeof limit === 'number' ? limit : failArg('clojure.string/split takes an integer limit');
      return toVector(javaSplit(text, re, n));
    },
    'upper-case': (s) => str(s, 'upper-case').toUpperCase(),
    'lower-case': (s) => str(s, 'lower-case').toLowerCase(),
    capitalize: (s) => {
      const t = str(s, 'capitalize');
      return t.length < 2 ? t.toUpperCase() : t[0]!.toUpperCase() + t.slice(1).toLowerCase();
    },
    trim: (s) => str(s, 'trim').trim(),
    triml: (s) => str(s, 'triml').trimStart(),
    trimr: (s) => str(s, 'trimr').trimEnd(),
    'trim-newline': (s) => str(s, 'trim-newline').replace(/[\r\n]+$/, ''),
    'blank?': (s) => s === null || [...str(s, 'blank?')].every(isWs),
    'starts-with?': (s, p) => str(s, 'starts-with?').startsWith(str(p, 'starts-with?')),
    'ends-with?': (s, p) => str(s, 'ends-with?').endsWith(str(p, 'ends-with?')),
    'includes?': (s, p) => str(s, 'includes?').includes(indexArg(p, 'includes?')),
    replace: (s, m, r) => replaceWith(str(s, 'replace'), m, r, true, 'replace'),
    'replace-first': (s, m, r) => replaceWith(str(s, 'replace-first'), m, r, false, 'replace-first'),
    'split-lines': (s) => toVector(javaSplit(str(s, 'split-lines'), new Regex('\\r?\\n'), 0)),
    'index-of': (s, v, from) => {
      const i = str(s, 'index-of').indexOf(indexArg(v, 'index-of'), typeof from === 'number' ? from : 0);
      return i < 0 ? null : i;
    },
    'last-index-of': (s, v, from) => {
      const text = str(s, 'last-index-of');
      const i = text.lastIndexOf(indexArg(v, 'last-index-of'), typeof from === 'number' ? from : Infinity);
      return i < 0 ? null : i;
    },
    reverse: (s) => Array.from(str(s, 'reverse')).reverse().join(''),
    escape: (s, cmap) => {
      let out = '';
      for (const c of str(s, 'escape')) {
        const r = invoke(cmap, [new Char(c)]);
        out += r === null ? c : strOf(r);
      }
      return out;
    },
  },
  'clojure.string',
);
