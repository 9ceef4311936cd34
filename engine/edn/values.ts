// Runtime values of EDN data: what the checker compares and the interpreter computes with.
// Collections are immutable.js persistent collections (vectors are `List`, lists are
// `Stack`, maps `Map`, sets `Set`); keywords are interned, so `===` compares them. Custom
// value classes implement `equals`/`hashCode`, which immutable.js uses for value equality.

import { hash, List, Map as IMap, Set as ISet, Stack, is } from 'immutable';

export class Keyword {
  private static readonly table = new Map<string, Keyword>();
  readonly fqn: string;
  private constructor(
    readonly ns: string | null,
    readonly name: string,
  ) {
    this.fqn = ns === null ? name : ns + '/' + name;
  }
  /** The one keyword for `ns/name`: `Keyword.of('order-id')`, `Keyword.of('name', 'flow')`. */
  static of(name: string, ns: string | null = null): Keyword {
    const fqn = ns === null ? name : ns + '/' + name;
    let kw = Keyword.table.get(fqn);
    if (kw === undefined) {
      kw = new Keyword(ns, name);
      Keyword.table.set(fqn, kw);
    }
    return kw;
  }
  /** Parses `:a/b`, `a/b` or `b`. */
  static parse(text: string): Keyword {
    const t = text.startsWith(':') ? text.slice(1) : text;
    const slash = t.indexOf('/');
    return slash > 0 && slash < t.length - 1 ? Keyword.of(t.slice(slash + 1), t.slice(0, slash)) : Keyword.of(t);
  }
  equals(other: unknown): boolean {
    return this === other;
  }
  hashCode(): number {
    return hash(':' + this.fqn);
  }
  toString(): string {
    return ':' + this.fqn;
  }
}

export class Sym {
  readonly fqn: string;
  constructor(
    readonly ns: string | null,
    readonly name: string,
  ) {
    this.fqn = ns === null ? name : ns + '/' + name;
  }
  equals(other: unknown): boolean {
    return other instanceof Sym && other.fqn === this.fqn;
  }
  hashCode(): number {
    return hash("'" + this.fqn);
  }
  toString(): string {
    return this.fqn;
  }
}

export class Char {
  constructor(readonly value: string) {}
  equals(other: unknown): boolean {
    return other instanceof Char && other.value === this.value;
  }
  hashCode(): number {
    return hash('\\' + this.value);
  }
  toString(): string {
    return this.value;
  }
}

/** A tagged literal whose tag the reader does not interpret (`#inst` keeps its string). */
export class Tagged {
  constructor(
    readonly tag: string,
    readonly value: Value,
  ) {}
  equals(other: unknown): boolean {
    return other instanceof Tagged && other.tag === this.tag && is(other.value, this.value);
  }
  /** JSON-ready form: `#inst`/`#uuid` as their text, others `{tag, value}`; subclasses
   *  (instants, durations, exceptions of the interpreter) give their own. */
  toJsonData(convert: (v: Value) => unknown): unknown {
    return this.tag === 'inst' || this.tag === 'uuid' ? convert(this.value) : { tag: this.tag, value: convert(this.value) };
  }
  hashCode(): number {
    return hash('#' + this.tag) ^ hash(this.value);
  }
}

/** `#"..."`: the pattern as written (Java syntax). */
export class Regex {
  constructor(readonly pattern: string) {}
  equals(other: unknown): boolean {
    return this === other;
  }
  hashCode(): number {
    return hash('#"' + this.pattern);
  }
}

export type Value =
  | null
  | boolean
  | number
  | bigint
  | string
  | Keyword
  | Sym
  | Char
  | Tagged
  | Regex
  | List<Value>
  | Stack<Value>
  | IMap<Value, Value>
  | ISet<Value>
  | ValueFunction;

/** A callable value (a `fn`, a keyword used as a function is not one of these). */
export interface ValueFunction {
  (...args: Value[]): Value;
  readonly fnName?: string;
}

export const kw = Keyword.of;

export function isKeywordValue(v: unknown): v is Keyword {
  return v instanceof Keyword;
}

export function isVector(v: unknown): v is List<Value> {
  return List.isList(v);
}

export function isList(v: unknown): v is Stack<Value> {
  return Stack.isStack(v);
}

export function isMap(v: unknown): v is IMap<Value, Value> {
  return IMap.isMap(v);
}

export function isSet(v: unknown): v is ISet<Value> {
  return ISet.isSet(v);
}

/** Clojure equality: by value for collections (a list equals a vector with the same items). */
export function valueEquals(a: Value, b: Value): boolean {
  return is(a, b);
}
