// JSON <-> values. JSON objects become maps with keyword keys (`"order-id"` -> `:order-id`,
// `"a/b"` -> `:a/b`), arrays vectors. Back to JSON, keywords and symbols become their names,
// sets arrays, instants ISO strings, durations ISO-8601 durations, bytes base64, UUIDs strings,
// exceptions `{type, message, data}`.

import { List, Map as IMap, Set as ISet, Stack } from 'immutable';
import { Char, Keyword, Regex, Sym, Tagged, type Value } from '../edn/values';
import { printValue } from '../edn/printer';
import { Bytes, Duration, ExceptionValue, Instant } from './values';

export function jsonToValue(json: unknown): Value {
  if (json === null || json === undefined) return null;
  switch (typeof json) {
    case 'boolean':
    case 'number':
    case 'string':
      return json;
    case 'object':
      if (Array.isArray(json)) return List(json.map(jsonToValue));
      return IMap<Value, Value>().withMutations((m) => {
        for (const [k, v] of Object.entries(json as Record<string, unknown>)) m.set(Keyword.parse(k), jsonToValue(v));
      });
    default:
      return null;
  }
}

function keyText(k: Value): string {
  if (typeof k === 'string') return k;
  if (k instanceof Keyword || k instanceof Sym) return k.fqn;
  return printValue(k);
}

/** JSON-ready data for reports and HTTP bodies. */
export function valueToJsonData(v: Value | undefined): unknown {
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
  if (v instanceof Instant) return v.iso;
  if (v instanceof Duration) return v.value;
  if (v instanceof Bytes) return Buffer.from(v.bytes).toString('base64');
  if (v instanceof ExceptionValue) return { type: v.javaClass, message: v.message, data: valueToJsonData(v.data) };
  if (v instanceof Tagged) return v.tag === 'uuid' || v.tag === 'inst' ? valueToJsonData(v.value) : { tag: v.tag, value: valueToJsonData(v.value) };
  if (IMap.isMap(v)) {
    const out: Record<string, unknown> = {};
    (v as IMap<Value, Value>).forEach((val, key) => {
      out[keyText(key)] = valueToJsonData(val);
    });
    return out;
  }
  if (List.isList(v) || Stack.isStack(v) || ISet.isSet(v)) return (v as List<Value>).toArray().map(valueToJsonData);
  return String(v);
}
