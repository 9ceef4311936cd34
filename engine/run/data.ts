// Small helpers for reading EDN values the way flows write them: keyword-keyed maps,
// keyword-or-string names, durations.

import { List, Map as IMap } from 'immutable';
import { durationMs } from '../language/duration';
import { Keyword, Tagged, type Value } from '../edn/values';

export function isMapValue(v: Value | undefined): v is IMap<Value, Value> {
  return IMap.isMap(v);
}

/** `(get m :name)` for a keyword key, falling back to a string key. */
export function kget(m: Value | undefined, name: string): Value | undefined {
  if (!IMap.isMap(m)) return undefined;
  const map = m as IMap<Value, Value>;
  const v = map.get(Keyword.of(name));
  return v !== undefined ? v : map.get(name);
}

export function kstr(m: Value | undefined, name: string): string | null {
  const v = kget(m, name);
  return typeof v === 'string' ? v : v instanceof Keyword ? v.fqn : null;
}

export function knum(m: Value | undefined, name: string): number | null {
  const v = kget(m, name);
  return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : null;
}

/** A keyword's or string's name: `:approve` and "approve" both give `approve`. */
export function nameOf(v: Value | undefined): string | null {
  if (typeof v === 'string') return v;
  if (v instanceof Keyword) return v.fqn;
  return null;
}

export function asList(v: Value | undefined): Value[] {
  if (List.isList(v) || (v !== null && typeof v === 'object' && 'toArray' in (v as object) && !IMap.isMap(v))) return (v as List<Value>).toArray();
  return [];
}

/** A duration value in ms: "2h", or a number in `unit`. */
export function durationValueMs(v: Value | undefined, unit: 'seconds' | 'ms'): number | null {
  if (typeof v === 'string' || typeof v === 'number') return durationMs(v, unit);
  return null;
}

/** Map entries of a keyword-keyed map as [name, value] pairs. */
export function entries(m: Value | undefined): [string, Value][] {
  if (!IMap.isMap(m)) return [];
  const out: [string, Value][] = [];
  (m as IMap<Value, Value>).forEach((v, k) => {
    const name = nameOf(k);
    if (name !== null) out.push([name, v]);
  });
  return out;
}

export function isEnvRef(v: Value | undefined): v is Tagged {
  return v instanceof Tagged && v.tag === 'env';
}

export function kmap(obj: Record<string, Value>): IMap<Value, Value> {
  return IMap(Object.entries(obj).map(([k, v]) => [Keyword.of(k), v] as [Value, Value]));
}
