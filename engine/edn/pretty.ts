// EDN pretty-printing for people: a value that fits the width stays on one line (as
// `printValue` prints it); a longer map puts one entry per line, a longer vector, list or set
// one element per line, each indented under its opening bracket.

import { List, Map as IMap, Set as ISet, Stack } from 'immutable';
import { printValue } from './printer';
import type { Value } from './values';

/** `v` printed to fit `width` columns when it starts at column `indent`. */
export function prettyValue(v: Value | undefined, width = 80, indent = 0): string {
  const flat = printValue(v);
  if (indent + flat.length <= width || v === null || v === undefined || typeof v !== 'object') return flat;
  if (IMap.isMap(v)) {
    const pad = ' '.repeat(indent + 1);
    const entries: string[] = [];
    (v as IMap<Value, Value>).forEach((val, key) => {
      const k = printValue(key);
      const col = indent + 1 + k.length + 1;
      const one = prettyValue(val, width, col);
      // A long value under a long key reads better on the next line.
      entries.push(one.includes('\n') && k.length > 24 ? `${k}\n${pad} ${prettyValue(val, width, indent + 2)}` : `${k} ${one}`);
    });
    return '{' + entries.join('\n' + pad) + '}';
  }
  const seq = (open: string, close: string, items: Value[]): string => {
    const pad = ' '.repeat(indent + open.length);
    return open + items.map((x) => prettyValue(x, width, indent + open.length)).join('\n' + pad) + close;
  };
  if (List.isList(v)) return seq('[', ']', (v as List<Value>).toArray());
  if (Stack.isStack(v)) return seq('(', ')', (v as Stack<Value>).toArray());
  if (ISet.isSet(v)) return seq('#{', '}', (v as ISet<Value>).toArray());
  return flat;
}

