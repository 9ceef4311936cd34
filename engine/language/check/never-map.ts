// Which `:input` forms of a `:ref` function step can never be a map, as the platform's lint
// decides it: literals and quoted data other than a map; symbols, calls, derefs, unquotes
// inside a syntax-quote and tagged literals may still evaluate to one, so they pass.

import type { Node } from '../../edn/nodes';

type Quoting = 'none' | 'quote' | 'syntax';

const literalNames: Partial<Record<Node['kind'], string>> = {
  vector: 'a vector',
  string: 'a string',
  char: 'a character',
  keyword: 'a keyword',
  number: 'a number',
  nil: 'nil',
  boolean: 'a boolean',
  set: 'a set',
  regex: 'a regex',
  fn: 'a function literal',
  var: 'a var',
  symbolic: 'a number',
};

/** What the form is when it can never be a map (e.g. "a vector"), else null. */
export function neverMap(node: Node, quoting: Quoting = 'none'): string | null {
  switch (node.kind) {
    case 'map':
      return null;
    case 'meta':
      return node.form ? neverMap(node.form, quoting) : null;
    case 'quote':
      if (quoting !== 'none') return 'quoted data';
      return node.form ? neverMap(node.form, 'quote') : null;
    case 'syntax-quote':
      if (quoting !== 'none') return 'quoted data';
      return node.form ? neverMap(node.form, 'syntax') : null;
    case 'unquote':
    case 'unquote-splicing':
      return quoting === 'quote' ? 'quoted data' : null;
    case 'deref':
      return quoting === 'none' ? null : 'quoted data';
    case 'tagged':
    case 'error':
    case 'reader-cond':
      return null;
    case 'list': {
      if (quoting !== 'none') return 'quoted data';
      const [head, arg] = node.children;
      if (head === undefined) return 'an empty list';
      if (arg !== undefined && head.kind === 'symbol' && head.name === 'quote' && (head.ns === null || head.ns === 'clojure.core')) return neverMap(arg, 'quote');
      return null;
    }
    case 'symbol':
      return quoting === 'none' ? null : 'quoted data';
    default:
      return quoting === 'none' ? (literalNames[node.kind] ?? null) : 'quoted data';
  }
}
