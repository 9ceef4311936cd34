// Destructuring: a binding form (symbol, vector or map, nested) compiles to a binder that
// writes the parts of a value into slots. Vectors: positions, `& rest`, `:as`. Maps:
// `:keys` `:strs` `:syms` (also `:ns/keys`), `{local :key}`, `:or` defaults (evaluated only
// when the key is absent) and `:as`. A seq bound to a map form is read as key/value pairs.

import { List, Map as IMap, Stack } from 'immutable';
import type { Node } from '../../edn/nodes';
import { unwrapMeta } from '../../edn/nodes';
import { Keyword, Sym, type Value } from '../../edn/values';
import { compileError, fail, locate } from '../errors';
import { getKey, type Code, type Frame } from '../runtime';
import { charOf, EMPTY_MAP, items, toSeq } from '../seq';
import { Bytes, describe } from '../values';
import type { CompilerApi, Cx } from './context';
import type { Scope } from './scope';

export type Binder = (f: Frame, v: Value) => void;

const MISSING = Object.freeze({ missing: true }) as unknown as Value;

/** Compiles `target`, binding its names in `scope` (the scope the body will see). */
export function compileBinding(c: CompilerApi, target: Node, scope: Scope, cx: Cx): Binder {
  const t = unwrapMeta(target);
  if (t === null) throw compileError('Missing binding form', target);
  switch (t.kind) {
    case 'symbol': {
      if (t.ns !== null) throw compileError(`Cannot bind the qualified symbol ${t.ns}/${t.name}`, t);
      if (t.name === '&') throw compileError('`&` is only allowed in a vector binding, before the rest name', t);
      const slot = scope.bind(t.name).slot;
      return (f, v) => {
        f[slot] = v;
      };
    }
    case 'vector':
      return located(vectorBinding(c, t.children, scope, cx), t);
    case 'map':
      return located(mapBinding(c, t.children, scope, cx, target), t);
    default:
      throw compileError(`Invalid binding form ${c.text(t)}: a binding must be a symbol, a vector or a map`, t);
  }
}

/** Errors while destructuring name the binding form. */
function located(binder: Binder, at: Node): Binder {
  const { start, end } = at;
  return (f, v) => {
    try {
      binder(f, v);
    } catch (e) {
      throw locate(e, start, end);
    }
  };
}

/** Just the slot when `target` is a plain symbol (no destructuring needed), else null. */
export function simpleSlot(target: Node, scope: Scope): number | null {
  const t = unwrapMeta(target);
  if (t?.kind === 'symbol' && t.ns === null && t.name !== '&') return scope.bind(t.name).slot;
  return null;
}

function vectorBinding(c: CompilerApi, parts: Node[], scope: Scope, cx: Cx): Binder {
  const positional: Binder[] = [];
  let restBinder: Binder | null = null;
  let asBinder: Binder | null = null;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (p.kind === 'symbol' && p.ns === null && p.name === '&') {
      const r = parts[i + 1];
      if (r === undefined) throw compileError('`&` needs a name after it', p);
      restBinder = compileBinding(c, r, scope, cx);
      i++;
      continue;
    }
    if (p.kind === 'keyword' && p.ns === null && p.name === 'as') {
      const a = parts[i + 1];
      if (a === undefined || unwrapMeta(a)?.kind !== 'symbol') throw compileError('`:as` needs a name after it', p);
      asBinder = compileBinding(c, a, scope, cx);
      i++;
      continue;
    }
    positional.push(compileBinding(c, p, scope, cx));
  }
  const n = positional.length;
  return (f, v) => {
    if (Stack.isStack(v)) {
      // Seqs walk from the front, so `(loop [[x & xs] s] (recur xs))` stays linear.
      let cur = v as Stack<Value>;
      for (let i = 0; i < n; i++) {
        const x = cur.first(undefined);
        positional[i]!(f, x === undefined ? null : x);
        cur = cur.shift();
      }
      if (restBinder !== null) restBinder(f, cur.size === 0 ? null : cur);
      if (asBinder !== null) asBinder(f, v);
      return;
    }
    let get: (i: number) => Value;
    let size: number;
    if (v === null) {
      get = () => null;
      size = 0;
    } else if (List.isList(v)) {
      const vec = v as List<Value>;
      get = (i) => (i < vec.size ? (vec.get(i) as Value) : null);
      size = vec.size;
    } else if (typeof v === 'string') {
      get = (i) => (i < v.length ? charOf(v, i) : null);
      size = v.length;
    } else if (v instanceof Bytes) {
      const arr = items(v);
      get = (i) => (i < arr.length ? arr[i]! : null);
      size = arr.length;
    } else {
      return fail(`Cannot destructure ${describe(v)} with a vector binding (nth not supported on this type)`, 'java.lang.UnsupportedOperationException');
    }
    for (let i = 0; i < n; i++) positional[i]!(f, get(i));
    if (restBinder !== null) {
      const rest: Value[] = [];
      for (let i = n; i < size; i++) rest.push(get(i));
      restBinder(f, rest.length === 0 ? null : toSeq(rest));
    }
    if (asBinder !== null) asBinder(f, v);
  };
}

interface KeyPart {
  key: Value;
  binder: Binder;
  dflt: Code | null;
}

/** A seq bound to a map form: key/value pairs (or a single trailing map), as Clojure 1.11. */
function asMap(v: Value): Value {
  if (!Stack.isStack(v)) return v;
  const xs = (v as Stack<Value>).toArray();
  if (xs.length === 1 && IMap.isMap(xs[0])) return xs[0]!;
  if (xs.length % 2 !== 0) return fail(`No value supplied for key: ${describe(xs[xs.length - 1]!)}`, 'java.lang.IllegalArgumentException');
  return EMPTY_MAP.withMutations((m) => {
    for (let i = 0; i < xs.length; i += 2) m.set(xs[i]!, xs[i + 1]!);
  });
}

function mapBinding(c: CompilerApi, parts: Node[], scope: Scope, cx: Cx, at: Node): Binder {
  if (parts.length % 2 !== 0) throw compileError('A map binding form must contain key/value pairs', at);
  // `:or` first, so defaults are known when the names they belong to are bound.
  const defaults = new Map<string, Node>();
  for (let i = 0; i < parts.length; i += 2) {
    const k = parts[i]!;
    const v = parts[i + 1]!;
    if (k.kind === 'keyword' && k.ns === null && k.name === 'or') {
      if (v.kind !== 'map') throw compileError('`:or` takes a map of names to default values', v);
      for (let j = 0; j + 1 < v.children.length; j += 2) {
        const name = v.children[j]!;
        if (name.kind !== 'symbol') throw compileError('`:or` keys must be the local names being bound', name);
        defaults.set(name.name, v.children[j + 1]!);
      }
    }
  }
  const keyParts: KeyPart[] = [];
  let asBinder: Binder | null = null;
  const dfltFor = (name: string): Code | null => {
    const d = defaults.get(name);
    return d === undefined ? null : c.compile(d, { ...cx, scope, tail: false });
  };
  for (let i = 0; i < parts.length; i += 2) {
    const k = parts[i]!;
    const v = parts[i + 1]!;
    if (k.kind === 'keyword' && (k.name === 'keys' || k.name === 'strs' || k.name === 'syms')) {
      if (v.kind !== 'vector') throw compileError(`\`:${k.name}\` takes a vector of names`, v);
      for (const n of v.children) {
        if (n.kind !== 'symbol' && n.kind !== 'keyword') throw compileError(`\`:${k.name}\` names must be symbols`, n);
        const ns = n.ns ?? k.ns;
        const key = k.name === 'keys' ? Keyword.of(n.name, ns) : k.name === 'strs' ? n.name : new Sym(ns, n.name);
        const dflt = dfltFor(n.name);
        const slot = scope.bind(n.name).slot;
        keyParts.push({ key, dflt, binder: (f, x) => void (f[slot] = x) });
      }
      continue;
    }
    if (k.kind === 'keyword' && k.ns === null && k.name === 'as') {
      if (unwrapMeta(v)?.kind !== 'symbol') throw compileError('`:as` needs a name after it', v);
      asBinder = compileBinding(c, v, scope, cx);
      continue;
    }
    if (k.kind === 'keyword' && k.ns === null && k.name === 'or') continue;
    // `{local :key}` or `{[a b] :key}`: the key side is the binding form.
    const key = c.quoted(v);
    const local = unwrapMeta(k);
    const dflt = local?.kind === 'symbol' ? dfltFor(local.name) : null;
    keyParts.push({ key, dflt, binder: compileBinding(c, k, scope, cx) });
  }
  return (f, value) => {
    const m = asMap(value);
    for (const part of keyParts) {
      let x = getKey(m, part.key, MISSING);
      if (x === MISSING) x = part.dflt !== null ? part.dflt(f) : null;
      part.binder(f, x);
    }
    if (asBinder !== null) asBinder(f, m);
  };
}
