// Simulation files (design §6): `x.sim.edn` or `x.<name>.sim.edn` beside `x.flow.edn`,
// holding the run input, bindings for connection slots (real addresses, `#env` secrets or
// connection-level mocks), step mocks, the clock and the expected outcome.

import { Map as IMap } from 'immutable';
import { nodeToValue } from '../edn/convert';
import { readEdn } from '../edn/reader';
import { Tagged, type Value } from '../edn/values';
import { entries, isEnvRef, kget, kstr } from './data';
import { scenarioName } from './scenario-files';

export interface Simulation {
  /** Scenario name: `default` for `x.sim.edn`, `name` for `x.name.sim.edn`. */
  name: string;
  path: string | null;
  /** The file's text, kept in the run as its snapshot (secrets stay `#env` references). */
  text: string;
  input: Value;
  trigger: string | null;
  /** Slot id -> binding map (`:base-url`, `:token`, `:mock`, ...), unresolved. */
  bindings: Map<string, Value>;
  /** Step id -> mock. */
  mocks: Map<string, Value>;
  clock: { start: number | null; virtual: boolean } | null;
  expect: Value | null;
}

export class SimulationError extends Error {}

export const emptySimulation = (): Simulation => ({
  name: 'none',
  path: null,
  text: '{}',
  input: IMap(),
  trigger: null,
  bindings: new Map(),
  mocks: new Map(),
  clock: null,
  expect: null,
});

/** Parses simulation text. Throws SimulationError naming the file and line on bad input. */
export function parseSimulation(text: string, path: string | null): Simulation {
  const where = path ?? 'simulation';
  const parsed = readEdn(text);
  const first = parsed.findings[0];
  if (first) {
    const line = text.slice(0, first.start).split('\n').length;
    throw new SimulationError(`${where}:${line}: ${first.message}`);
  }
  if (parsed.forms.length !== 1 || parsed.forms[0]!.kind !== 'map') throw new SimulationError(`${where}: a simulation file holds one map, e.g. {:input {...} :mocks {...}}`);
  const value = nodeToValue(parsed.forms[0]!);
  const clockValue = kget(value, 'clock');
  let clock: Simulation['clock'] = null;
  if (clockValue !== undefined && clockValue !== null) {
    const start = kget(clockValue, 'start');
    let ms: number | null = null;
    if (typeof start === 'string' || start instanceof Tagged) {
      const iso = start instanceof Tagged ? String(start.value) : start;
      ms = Date.parse(iso);
      if (Number.isNaN(ms)) throw new SimulationError(`${where}: :clock :start ${JSON.stringify(iso)} is not a date; write e.g. "2026-11-29T10:00:00Z"`);
    } else if (typeof start === 'number') ms = start;
    clock = { start: ms, virtual: kget(clockValue, 'virtual') !== false };
  }
  const input = kget(value, 'input');
  return {
    name: scenarioName(path),
    path,
    text,
    input: input === undefined ? IMap() : input,
    trigger: kstr(value, 'trigger'),
    bindings: new Map(entries(kget(value, 'bindings'))),
    mocks: new Map(entries(kget(value, 'mocks'))),
    clock,
    expect: kget(value, 'expect') ?? null,
  };
}

export { defaultSimulationPath, scenarioName, scenarioPaths } from './scenario-files';

/** Replaces `#env "NAME"` references with the environment's values. */
export function resolveEnv(v: Value, env: NodeJS.ProcessEnv, where: string, secrets: (s: string) => void): Value {
  if (isEnvRef(v)) {
    const name = String(v.value);
    const value = env[name];
    if (value === undefined) throw new SimulationError(`${where} reads #env "${name}", which is not set in the environment; export ${name}=... or bind a value.`);
    secrets(value);
    return value;
  }
  if (IMap.isMap(v)) return (v as IMap<Value, Value>).map((x, k) => resolveEnv(x, env, `${where} ${String(k)}`, secrets));
  return v;
}
