// Syntax nodes produced by the reader. Every node carries `start`/`end` offsets into the
// source text (UTF-16 code units, end exclusive). Nodes are plain objects with no parent
// pointers; `navigate.ts` finds paths by offset.

export interface Span {
  start: number;
  end: number;
}

/** Collections: their children are the forms between the delimiters, discards excluded. */
export interface CollNode extends Span {
  kind: 'list' | 'vector' | 'map' | 'set' | 'fn' | 'reader-cond';
  children: Node[];
  /** False when the closing delimiter is missing (the reader reported it). */
  closed: boolean;
  /** `#:ns{...}` namespaced map prefix, `#?@` splicing reader conditional. */
  prefix: string | null;
}

export interface KeywordNode extends Span {
  kind: 'keyword';
  /** Namespace without the colon, or null. For `::auto` keywords the alias (or null). */
  ns: string | null;
  name: string;
  /** `::kw` auto-resolved keyword. */
  auto: boolean;
}

export interface SymbolNode extends Span {
  kind: 'symbol';
  ns: string | null;
  name: string;
}

export interface StringNode extends Span {
  kind: 'string';
  /** The string's value with escapes resolved. */
  value: string;
  closed: boolean;
}

export type NumberKind = 'int' | 'bigint' | 'float' | 'decimal' | 'ratio';

export interface NumberNode extends Span {
  kind: 'number';
  value: number;
  /** Exact value for `N` integers and integers beyond 2^53. */
  big: bigint | null;
  numberKind: NumberKind;
}

export interface CharNode extends Span {
  kind: 'char';
  value: string;
}

export interface NilNode extends Span {
  kind: 'nil';
}

export interface BooleanNode extends Span {
  kind: 'boolean';
  value: boolean;
}

/** `##Inf`, `##-Inf`, `##NaN`. */
export interface SymbolicNode extends Span {
  kind: 'symbolic';
  value: number;
}

export interface RegexNode extends Span {
  kind: 'regex';
  /** The pattern as written between the quotes (escapes kept, as Clojure does). */
  pattern: string;
  closed: boolean;
}

/** Reader macros that wrap one form. */
export interface WrapNode extends Span {
  kind: 'quote' | 'syntax-quote' | 'unquote' | 'unquote-splicing' | 'deref' | 'var';
  /** Null when the input ended (or a closer came) before the form. */
  form: Node | null;
}

/** `^{...} form`, `^:kw form`, `^Sym form`: metadata kept as a node. */
export interface MetaNode extends Span {
  kind: 'meta';
  meta: Node;
  form: Node | null;
}

/** `#inst "..."`, `#env "NAME"`, `#flow/include "x.edn"`, ... */
export interface TaggedNode extends Span {
  kind: 'tagged';
  /** Tag without the `#`, e.g. `inst`, `flow/include`. */
  tag: string;
  form: Node | null;
}

/** Text the reader could not read; a finding says why. */
export interface ErrorNode extends Span {
  kind: 'error';
  text: string;
}

export type AtomNode =
  | KeywordNode
  | SymbolNode
  | StringNode
  | NumberNode
  | CharNode
  | NilNode
  | BooleanNode
  | SymbolicNode
  | RegexNode;

export type Node = CollNode | AtomNode | WrapNode | MetaNode | TaggedNode | ErrorNode;

export type NodeKind = Node['kind'];

export function isColl(node: Node): node is CollNode {
  switch (node.kind) {
    case 'list':
    case 'vector':
    case 'map':
    case 'set':
    case 'fn':
    case 'reader-cond':
      return true;
    default:
      return false;
  }
}

/** The forms directly inside a node, in source order (metadata before its form). */
export function childrenOf(node: Node): Node[] {
  if (isColl(node)) return node.children;
  switch (node.kind) {
    case 'meta':
      return node.form ? [node.meta, node.form] : [node.meta];
    case 'quote':
    case 'syntax-quote':
    case 'unquote':
    case 'unquote-splicing':
    case 'deref':
    case 'var':
    case 'tagged':
      return node.form ? [node.form] : [];
    default:
      return [];
  }
}

/** Strips metadata wrappers: the form a `^{...}` annotates. */
export function unwrapMeta(node: Node | null): Node | null {
  while (node && node.kind === 'meta') node = node.form;
  return node;
}

/** `:ns/name` or `:name` as written (auto keywords with `::`). */
export function keywordText(node: KeywordNode): string {
  const prefix = node.auto ? '::' : ':';
  return node.ns === null ? prefix + node.name : prefix + node.ns + '/' + node.name;
}

export function symbolText(node: SymbolNode): string {
  return node.ns === null ? node.name : node.ns + '/' + node.name;
}

/** True when `node` is the keyword `:name` (plain, unqualified). */
export function isKeyword(node: Node | null | undefined, name: string): boolean {
  return !!node && node.kind === 'keyword' && node.ns === null && !node.auto && node.name === name;
}

/** True when `node` is the symbol `text` (`ns/name` or `name`). */
export function isSymbol(node: Node | null | undefined, text: string): boolean {
  return !!node && node.kind === 'symbol' && symbolText(node) === text;
}
