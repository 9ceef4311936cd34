// Values <-> EDN text for the store (journal results, inputs, outputs), JSON <-> values for
// HTTP bodies, and secret redaction for everything that leaves the engine. Stored text is
// data the engine wrote: it always reads back, and source lints never apply to it.

import { nodeToValue } from '../edn/convert';
import { printFloat, printString, printValue, type PrintOptions } from '../edn/printer';
import { readEdn } from '../edn/reader';
import { List, Map as IMap, Set as ISet, Stack } from 'immutable';
import { Keyword, Sym, Tagged, type Value } from '../edn/values';

/** Tags for names that do not read back as written (`(keyword "a b")`, a JSON key `"{"`). */
const KEYWORD_TAG = 'flow-edn/keyword';
const SYMBOL_TAG = 'flow-edn/symbol';
/** Characters that end a token in the reader (and Unicode spaces, to be safe). */
const TOKEN_END = /[\s,()[\]{}";@^`~\\]/;
const SYMBOL_NAME = /^(?:[A-Za-z*!_?<>=$%&.][A-Za-z0-9*+!_?<>=$%&.'#:-]*|[+-](?:[A-Za-z*!_?<>=$%&.+-][A-Za-z0-9*+!_?<>=$%&.'#:-]*)?)$/;

/** Whether `:fqn` reads back as this very keyword (namespace split as the reader splits). */
function keywordReadsBack(k: Keyword): boolean {
  const t = k.fqn;
  if (t.length === 0 || t[0] === ':' || TOKEN_END.test(t)) return false;
  const slash = t.indexOf('/');
  if (slash < 0) return k.ns === null;
  if (slash > 0 && slash < t.length - 1) return k.ns === t.slice(0, slash) && k.name === t.slice(slash + 1);
  if (t.length > 1) return false;
  return k.ns === null;
}

function symbolReadsBack(s: Sym): boolean {
  if (s.fqn === '/') return s.ns === null;
  if (s.name === 'nil' || s.name === 'true' || s.name === 'false') return s.ns !== null && SYMBOL_NAME.test(s.ns) && SYMBOL_NAME.test(s.name);
  return s.ns === null ? SYMBOL_NAME.test(s.name) : SYMBOL_NAME.test(s.ns) && SYMBOL_NAME.test(s.name) && !s.name.includes('/');
}

const storeOptions: PrintOptions = {
  keyword: (k) => (keywordReadsBack(k) ? k.toString() : `#${KEYWORD_TAG} [${k.ns === null ? 'nil' : printString(k.ns)} ${printString(k.name)}]`),
  // An integer-valued double past 2^53 would read back as a big integer: keep it a double.
  number: (n) => (Number.isInteger(n) && !Number.isSafeInteger(n) ? printFloat(n) : printValue(n)),
  symbol: (s) => (symbolReadsBack(s) ? s.fqn : `#${SYMBOL_TAG} [${s.ns === null ? 'nil' : printString(s.ns)} ${printString(s.name)}]`),
};

export function encodeValue(v: Value): string {
  return printValue(v, storeOptions);
}

/** Parses EDN text written by `encodeValue`. Throws only on text that is not EDN at all:
 *  the reader's style lints (long strings, workspace-id look-alikes) are warnings for source
 *  files and never make stored data unreadable. */
export function decodeValue(text: string): Value {
  const parsed = readEdn(text);
  const error = parsed.findings.find((f) => f.severity === 'error');
  if (error !== undefined || parsed.forms.length !== 1) {
    throw new Error(`stored value is not readable EDN: ${error?.message ?? 'expected one form'}`);
  }
  const value = nodeToValue(parsed.forms[0]!);
  return text.includes('#flow-edn/') ? untag(value) : value;
}

/** Turns the store's name tags back into keywords and symbols. */
function untag(v: Value): Value {
  if (v instanceof Tagged) {
    if (v.tag === KEYWORD_TAG && List.isList(v.value)) {
      const [ns, name] = (v.value as List<Value>).toArray();
      return Keyword.of(String(name), typeof ns === 'string' ? ns : null);
    }
    if (v.tag === SYMBOL_TAG && List.isList(v.value)) {
      const [ns, name] = (v.value as List<Value>).toArray();
      return new Sym(typeof ns === 'string' ? ns : null, String(name));
    }
    return new Tagged(v.tag, untag(v.value));
  }
  if (List.isList(v)) return (v as List<Value>).map(untag);
  if (Stack.isStack(v)) return (v as Stack<Value>).map(untag);
  if (ISet.isSet(v)) return (v as ISet<Value>).map(untag);
  if (IMap.isMap(v)) return IMap<Value, Value>().withMutations((m) => (v as IMap<Value, Value>).forEach((val, key) => m.set(untag(key), untag(val))));
  return v;
}

/** JSON data -> values: objects become maps with keyword keys, arrays vectors. */
export { jsonToValue } from '../interp/json';

/**
 * Replaces every occurrence of a secret in text with `***`, in every encoding the engine
 * produces: raw, JSON-escaped, EDN-escaped, URL- and form-encoded, base64 (the caller adds
 * base64 of `user:secret`, which only it can build). JSON data and values are redacted string
 * by string (keys too), so the result is always well formed whatever the secret holds.
 */
export class Redactor {
  private readonly secrets: string[] = [];
  private readonly seen = new Set<string>();
  add(secret: string | null | undefined): void {
    if (!secret || secret.length < 3 || this.seen.has(secret)) return;
    this.seen.add(secret);
    const forms = [
      secret,
      JSON.stringify(secret).slice(1, -1),
      printString(secret).slice(1, -1),
      encodeURIComponent(secret),
      new URLSearchParams({ s: secret }).toString().slice(2),
      encodeURI(secret),
      Buffer.from(secret, 'utf8').toString('base64'),
      Buffer.from(secret, 'utf8').toString('base64url'),
    ];
    for (const f of forms) if (f.length >= 3 && !this.secrets.includes(f)) this.secrets.push(f);
    this.secrets.sort((a, b) => b.length - a.length);
  }
  get size(): number {
    return this.seen.size;
  }
  text(s: string): string {
    if (this.secrets.length === 0) return s;
    let out = s;
    // Repeat until stable: a replacement can join the halves of another encoding.
    for (let pass = 0; pass < 4; pass++) {
      const before = out;
      for (const secret of this.secrets) if (out.includes(secret)) out = out.split(secret).join('***');
      if (out === before) break;
    }
    return out;
  }
  json<T>(data: T): T {
    if (this.secrets.length === 0) return data;
    return this.walkJson(data) as T;
  }
  private walkJson(data: unknown): unknown {
    if (typeof data === 'string') return this.text(data);
    if (Array.isArray(data)) return data.map((x) => this.walkJson(x));
    if (data !== null && typeof data === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(data as Record<string, unknown>)) {
        Object.defineProperty(out, this.text(k), { value: this.walkJson(v), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    return data;
  }
  /** A value with every string, keyword and symbol name redacted (before it is encoded). */
  value(v: Value): Value {
    if (this.secrets.length === 0) return v;
    return this.walkValue(v);
  }
  private walkValue(v: Value): Value {
    if (typeof v === 'string') return this.text(v);
    if (v instanceof Keyword) {
      const t = this.text(v.fqn);
      return t === v.fqn ? v : Keyword.parse(t);
    }
    if (v instanceof Sym) {
      const t = this.text(v.fqn);
      return t === v.fqn ? v : new Sym(null, t);
    }
    if (v instanceof Tagged) return new Tagged(v.tag, this.walkValue(v.value));
    if (List.isList(v)) return (v as List<Value>).map((x) => this.walkValue(x));
    if (Stack.isStack(v)) return (v as Stack<Value>).map((x) => this.walkValue(x));
    if (ISet.isSet(v)) return (v as ISet<Value>).map((x) => this.walkValue(x));
    if (IMap.isMap(v)) return IMap<Value, Value>().withMutations((m) => (v as IMap<Value, Value>).forEach((val, key) => m.set(this.walkValue(key), this.walkValue(val))));
    return v;
  }
}
