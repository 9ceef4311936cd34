// JSON <-> values. JSON objects become maps with keyword keys (`"order-id"` -> `:order-id`,
// `"a/b"` -> `:a/b`), arrays vectors. Back to JSON, keywords and symbols become their names,
// sets arrays, instants ISO strings, durations ISO-8601 durations, bytes base64, UUIDs strings,
// exceptions `{type, message, data}`.

import { List, Map as IMap } from 'immutable';
import { Keyword, type Value } from '../edn/values';
import { valueToJson } from '../edn/printer';

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
        for (const [k, v] of Object.entries(json as Record<string, unknown>)) m.set(k.startsWith(':') ? Keyword.of(k) : Keyword.parse(k), jsonToValue(v));
      });
    default:
      return null;
  }
}

/** JSON-ready data for reports and HTTP bodies: the EDN printer's `valueToJson`, which asks
 *  tagged values (instants, durations, bytes, exceptions) for their own JSON form. */
export const valueToJsonData = valueToJson;
