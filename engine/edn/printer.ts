// Printing: values as EDN (Clojure's `pr-str`), nodes as normalised source, and values as
// JSON-ready data (keywords as strings without the colon) for reports.

import { List, Map as IMap, Set as ISet, Stack } from 'immutable';
import { childrenOf, isColl, keywordText, symbolText, type Node } from './nodes';
import { Char, Keyword, Regex, Sym, Tagged, type Value } from './values';
import { printString } from './print-string';

const charNames: Record<string, string> = { '\n': 'newline', ' ': 'space', '\t': 'tab', '\b': 'backspace', '\f': 'formfeed', '\r': 'return' };

export { printString };

function printNumber(n: number): string {
  if (Number.isNaN(n)) return '##NaN';
  if (n === Infinity) return '##Inf';
  if (n === -Infinity) return '##-Inf';
  return String(n);
}

/** A float as Clojure prints it: `1.0`, not `1`, so that it reads back as a float. */
export function printFloat(n: number): string {
  const s = printNumber(n);
  return Number.isInteger(n) && /^-?[0-9]+$/.test(s) ? s + '.0' : s;
}

/** How `printValue` writes keywords and symbols; the store passes names that do not read back
 *  (`(keyword "a b")`, a JSON key with a space) through its own tag (see engine/run/codec.ts). */
export interface PrintOptions {
  keyword?: (k: Keyword) => string;
  symbol?: (s: Sym) => string;
  number?: (n: number) => string;
}

/** `pr-str`: readable EDN. */
export function printValue(v: Value | undefined, options?: PrintOptions): string {
  if (v === null || v === undefined) return 'nil';
  switch (typeof v) {
    case 'boolean':
      return String(v);
    case 'number':
      return options?.number ? options.number(v) : printNumber(v);
    case 'bigint':
      return `${v}N`;
    case 'string':
      return printString(v);
    case 'function':
      return `#function[${v.fnName ?? 'fn'}]`;
  }
  if (v instanceof Keyword) return options?.keyword ? options.keyword(v) : v.toString();
  if (v instanceof Sym) return options?.symbol ? options.symbol(v) : v.fqn;
  if (v instanceof Char) return '\\' + (charNames[v.value] ?? v.value);
  if (v instanceof Regex) return '#"' + v.pattern + '"';
  const print = (x: Value) => printValue(x, options);
  if (v instanceof Tagged) return `#${v.tag} ${print(v.value)}`;
  if (List.isList(v)) return '[' + (v as List<Value>).map(print).join(' ') + ']';
  if (Stack.isStack(v)) return '(' + (v as Stack<Value>).map(print).join(' ') + ')';
  if (ISet.isSet(v)) return '#{' + (v as ISet<Value>).map(print).join(' ') + '}';
  if (IMap.isMap(v)) {
    const parts: string[] = [];
    (v as IMap<Value, Value>).forEach((val, key) => parts.push(print(key) + ' ' + print(val)));
    return '{' + parts.join(', ') + '}';
  }
  return String(v);
}

/** JSON-ready data: keywords and symbols as names without the colon, sets as arrays. */
export function valueToJson(v: Value | undefined): unknown {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'boolean':
    case 'string':
      return v;
    case 'number':
      return Number.isFinite(v) ? v : String(v);
    case 'bigint':
      return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
    case 'function':
      return `#function[${v.fnName ?? 'fn'}]`;
  }
  if (v instanceof Keyword || v instanceof Sym) return v.fqn;
  if (v instanceof Char) return v.value;
  if (v instanceof Regex) return v.pattern;
  if (v instanceof Tagged) return v.toJsonData(valueToJson);
  if (IMap.isMap(v)) {
    const out: Record<string, unknown> = {};
    (v as IMap<Value, Value>).forEach((val, key) => {
      const name = typeof key === 'string' ? key : key instanceof Keyword || key instanceof Sym ? key.fqn : printValue(key);
      // defineProperty, not `out[name] =`: a "__proto__" key is data and must stay a key.
      Object.defineProperty(out, name, { value: valueToJson(val), enumerable: true, writable: true, configurable: true });
    });
    return out;
  }
  if (List.isList(v) || Stack.isStack(v) || ISet.isSet(v)) return (v as List<Value>).toArray().map(valueToJson);
  return String(v);
}

/** Source form of a node with normalised spacing (for hover, messages and tests). */
export function printNode(node: Node | null): string {
  if (node === null) return '';
  switch (node.kind) {
    case 'keyword':
      return keywordText(node);
    case 'symbol':
      return symbolText(node);
    case 'string':
      return printString(node.value);
    case 'number':
      if (node.big !== null) return `${node.big}N`;
      if (node.numberKind === 'decimal') return `${node.value}M`;
      // Ratios print as their value (the node keeps no numerator), so they read back as floats.
      return node.numberKind === 'float' || node.numberKind === 'ratio' ? printFloat(node.value) : printNumber(node.value);
    case 'symbolic':
      return printNumber(node.value);
    case 'nil':
      return 'nil';
    case 'boolean':
      return String(node.value);
    case 'char':
      return '\\' + (charNames[node.value] ?? node.value);
    case 'regex':
      return '#"' + node.pattern + '"';
    case 'quote':
      return "'" + printNode(node.form);
    case 'syntax-quote':
      return '`' + printNode(node.form);
    case 'unquote':
      return '~' + printNode(node.form);
    case 'unquote-splicing':
      return '~@' + printNode(node.form);
    case 'deref':
      return '@' + printNode(node.form);
    case 'var':
      return "#'" + printNode(node.form);
    case 'meta':
      return '^' + printNode(node.meta) + ' ' + printNode(node.form);
    case 'tagged':
      return '#' + node.tag + ' ' + printNode(node.form);
    case 'error':
      return node.text;
  }
  if (!isColl(node)) return '';
  const inner = childrenOf(node).map(printNode).join(' ');
  switch (node.kind) {
    case 'list':
      return '(' + inner + ')';
    case 'vector':
      return '[' + inner + ']';
    case 'map':
      return (node.prefix !== null ? '#:' + node.prefix : '') + '{' + inner + '}';
    case 'set':
      return '#{' + inner + '}';
    case 'fn':
      return '#(' + inner + ')';
    case 'reader-cond':
      return '#' + (node.prefix ?? '?') + '(' + inner + ')';
  }
}
