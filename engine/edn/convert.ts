// Syntax nodes -> plain values, for data the checker and the engine read (simulation files,
// `:default-value`, mock payloads). Code forms convert to lists of symbols, as Clojure's
// reader would give them; metadata is dropped; error nodes make the conversion fail.

import { List, Map as IMap, Set as ISet, Stack } from 'immutable';
import type { Node } from './nodes';
import { Char, Keyword, Regex, Sym, Tagged, type Value } from './values';

export class ConversionError extends Error {
  constructor(
    readonly node: Node,
    message: string,
  ) {
    super(message);
  }
}

const quoteNames: Record<string, string> = {
  quote: 'quote',
  'syntax-quote': 'syntax-quote',
  unquote: 'clojure.core/unquote',
  'unquote-splicing': 'clojure.core/unquote-splicing',
  deref: 'clojure.core/deref',
  var: 'var',
};

/** Converts a node to a value. Throws `ConversionError` on unreadable parts. */
export function nodeToValue(node: Node): Value {
  switch (node.kind) {
    case 'nil':
      return null;
    case 'boolean':
      return node.value;
    case 'number':
      return node.big !== null ? node.big : node.value;
    case 'symbolic':
      return node.value;
    case 'string':
      return node.value;
    case 'char':
      return new Char(node.value);
    case 'keyword':
      return Keyword.of(node.name, node.ns);
    case 'symbol':
      return new Sym(node.ns, node.name);
    case 'regex':
      return new Regex(node.pattern);
    case 'vector':
      return List(node.children.map(nodeToValue));
    case 'list':
      return Stack(node.children.map(nodeToValue));
    case 'fn':
      return Stack([new Sym(null, 'fn*'), List(), Stack(node.children.map(nodeToValue))]);
    case 'set':
      return ISet(node.children.map(nodeToValue));
    case 'map': {
      const entries: [Value, Value][] = [];
      for (let i = 0; i + 1 < node.children.length; i += 2) {
        let key = nodeToValue(node.children[i]!);
        if (node.prefix !== null && key instanceof Keyword && key.ns === null) key = Keyword.of(key.name, node.prefix);
        entries.push([key, nodeToValue(node.children[i + 1]!)]);
      }
      return IMap(entries);
    }
    case 'reader-cond': {
      // The `:default` (or `:clj`) branch, as the platform's JVM reader would pick.
      for (const feature of ['clj', 'default']) {
        for (let i = 0; i + 1 < node.children.length; i += 2) {
          const k = node.children[i]!;
          if (k.kind === 'keyword' && k.name === feature) return nodeToValue(node.children[i + 1]!);
        }
      }
      return null;
    }
    case 'meta':
      if (node.form === null) throw new ConversionError(node, 'metadata without a form');
      return nodeToValue(node.form);
    case 'tagged':
      if (node.form === null) throw new ConversionError(node, `#${node.tag} without a form`);
      return new Tagged(node.tag, nodeToValue(node.form));
    case 'quote':
    case 'syntax-quote':
    case 'unquote':
    case 'unquote-splicing':
    case 'deref':
    case 'var': {
      if (node.form === null) throw new ConversionError(node, `${node.kind} without a form`);
      const name = quoteNames[node.kind]!;
      const slash = name.indexOf('/');
      const sym = slash > 0 ? new Sym(name.slice(0, slash), name.slice(slash + 1)) : new Sym(null, name);
      return Stack([sym, nodeToValue(node.form)]);
    }
    case 'error':
      throw new ConversionError(node, `unreadable text \`${node.text}\``);
  }
}

/** Like `nodeToValue`, but `undefined` instead of an exception. */
export function tryNodeToValue(node: Node): Value | undefined {
  try {
    return nodeToValue(node);
  } catch (e) {
    if (e instanceof ConversionError) return undefined;
    throw e;
  }
}
