// Printing as flow code sees it: `str` (bare strings, instants as ISO text), `pr-str`
// (readable EDN, the EDN printer's `printValue`) and `print-str` (like `pr-str` without
// quotes, all the way down). Numbers are JS doubles: `1.0` prints as `1`.

import { List, Map as IMap, Set as ISet, Stack } from 'immutable';
import { Char, Regex, Tagged, type Value } from '../edn/values';
import { printValue } from '../edn/printer';
import { Bytes, Duration, ExceptionValue, Instant } from './values';

export { printValue };

function numberText(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  return String(n);
}

/** `str` of one value. */
export function strOf(v: Value): string {
  if (v === null) return '';
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
      return numberText(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return String(v);
  }
  if (v instanceof Char) return v.value;
  if (v instanceof Tagged) {
    if (v instanceof Instant) return v.iso;
    if (v instanceof Duration || v instanceof Bytes) return v.value as string;
    if (v instanceof ExceptionValue) return `${v.javaClass}: ${v.message}${v.data !== null ? ' ' + printValue(v.data) : ''}`;
    if (v.tag === 'uuid' && typeof v.value === 'string') return v.value;
  }
  if (v instanceof Regex) return v.pattern;
  return printValue(v);
}

/** `print-str` of one value: strings and characters without quotes, also inside collections. */
export function printPlain(v: Value): string {
  if (typeof v === 'string') return v;
  if (v instanceof Char) return v.value;
  if (v instanceof Object && typeof v !== 'function') {
    if (List.isList(v)) return '[' + (v as List<Value>).map(printPlain).join(' ') + ']';
    if (Stack.isStack(v)) return '(' + (v as Stack<Value>).map(printPlain).join(' ') + ')';
    if (ISet.isSet(v)) return '#{' + (v as ISet<Value>).map(printPlain).join(' ') + '}';
    if (IMap.isMap(v)) {
      const parts: string[] = [];
      (v as IMap<Value, Value>).forEach((val, key) => parts.push(printPlain(key) + ' ' + printPlain(val)));
      return '{' + parts.join(', ') + '}';
    }
  }
  return printValue(v);
}
