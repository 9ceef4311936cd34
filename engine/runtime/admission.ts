// Concurrency per spec §3, as pure decisions over durable state: the key a delivery belongs
// to (`:key-field` read from the raw input), and which queued deliveries may start given the
// runs active now (at most one per key; arrival order per key; `:drain` and `:coexist`).

import { List, Map as IMap } from 'immutable';
import { printValue } from '../edn/printer';
import { Keyword, type Value } from '../edn/values';
import type { RunRecord, RunStore } from '../store/port';
import type { Concurrency } from './entry-points';

export interface ActiveRun {
  runId: string;
  key: string | null;
  /** Source sha256 the run is pinned to. */
  version: string;
}

export interface Waiting {
  runId: string;
  key: string | null;
  seq: number;
}

/** A keyed flow's key from the raw input, or why there is none. Singleton flows have none. */
export function extractKey(c: Concurrency, raw: Value): { key: string | null } | { missing: string } {
  if (c.type !== 'keyed') return { key: null };
  let v: Value | undefined = raw;
  for (const segment of c.keyField) v = step(v, segment);
  const field = c.keyField.length === 1 ? printValue(c.keyField[0]!) : printValue(List(c.keyField));
  if (v === undefined || v === null || v === '') return { missing: `the payload has no concurrency key: :key-field ${field} is missing (keyed flows read it from the raw payload)` };
  if (typeof v === 'string') return { key: v };
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean' || v instanceof Keyword) return { key: printValue(v) };
  return { missing: `the concurrency key at :key-field ${field} must be a string, number or keyword, not ${printValue(v).slice(0, 60)}` };
}

function step(v: Value | undefined, segment: Value): Value | undefined {
  if (IMap.isMap(v)) {
    const m = v as IMap<Value, Value>;
    if (segment instanceof Keyword) return m.get(segment) ?? m.get(segment.fqn);
    if (typeof segment === 'string') return m.get(segment) ?? m.get(Keyword.parse(segment));
    return m.get(segment);
  }
  if (List.isList(v) && typeof segment === 'number') return (v as List<Value>).get(segment);
  return undefined;
}

/** The slot a run occupies: its key (keyed) or the flow (singleton); per version under `:coexist`. */
export function slotOf(c: Concurrency, key: string | null, version: string): string {
  const base = c.type === 'keyed' ? `key:${key ?? ''}` : 'flow';
  return c.onNewVersion === 'coexist' ? `${base}@${version}` : base;
}

/**
 * The queued deliveries that start now, in arrival order. `current` is the version they
 * start on. A slot takes one run; a later arrival never overtakes an earlier one of its
 * slot; under `:drain` nothing starts while a run of an older version is active.
 */
export function startable(c: Concurrency, current: string, active: ActiveRun[], queue: Waiting[]): Waiting[] {
  if (c.onNewVersion === 'drain' && active.some((a) => a.version !== current)) return [];
  const occupied = new Set(active.map((a) => slotOf(c, a.key, a.version)));
  const out: Waiting[] = [];
  for (const q of [...queue].sort((a, b) => a.seq - b.seq)) {
    const slot = slotOf(c, q.key, current);
    if (occupied.has(slot)) continue; // stays occupied, so later arrivals of this slot wait too
    occupied.add(slot);
    out.push(q);
  }
  return out;
}

/**
 * The flow's running and waiting runs, from durable state. Queried by status (few rows, on
 * the status index) and filtered here: filtering by flow in SQL walks every run of the flow.
 */
export function activeRuns(store: RunStore, flow: string): RunRecord[] {
  return store.listRuns({ status: ['running', 'waiting'] }).filter((r) => r.flow === flow);
}

