// Printing to strings (`pr-str`, `prn-str`, `print-str`), `format`, and the regex functions
// of clojure.core (`re-find`, `re-matches`, `re-seq`, `re-pattern`).

import type { Value } from '../../edn/values';
import { failArg } from '../errors';
import { printPlain, printValue } from '../print';
import { reFind, reMatches, regexArg, rePattern, reSeq } from '../regex';
import { toSeq } from '../seq';
import { describe } from '../values';
import { format } from './format';
import { define } from './registry';

function stringArg(v: Value, op: string): string {
  if (typeof v === 'string') return v;
  return failArg(`${op} expects a string, got ${describe(v)}`);
}

define({
  format,
  'pr-str': (...xs) => xs.map((x) => printValue(x)).join(' '),
  'prn-str': (...xs) => xs.map((x) => printValue(x)).join(' ') + '\n',
  'print-str': (...xs) => xs.map(printPlain).join(' '),
  're-find': (re, s) => {
    if (s === undefined) return failArg('(re-find m) takes a matcher, and re-matcher is not available: use (re-find re s)');
    return reFind(regexArg(re, 're-find'), stringArg(s, 're-find'));
  },
  're-matches': (re, s) => reMatches(regexArg(re, 're-matches'), stringArg(s, 're-matches')),
  're-seq': (re, s) => {
    const all = reSeq(regexArg(re, 're-seq'), stringArg(s, 're-seq'));
    return all.length === 0 ? null : toSeq(all);
  },
  're-pattern': rePattern,
});
