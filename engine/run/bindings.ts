// Connection bindings: a slot of the flow's `:requires` bound by the simulation file to a
// real address (with secrets from `#env`) or to a connection-level mock. Secrets resolved
// here are registered with the redactor so they never reach the journal or events.

import type { Value } from '../edn/values';
import type { Binding } from '../steps/types';
import type { Redactor } from './codec';
import { entries, kget, kstr } from './data';
import type { FlowProgram } from './program';
import { resolveEnv, type Simulation } from './simulation';

export function resolveBinding(slot: string, program: FlowProgram, sim: Simulation, redactor: Redactor, env: NodeJS.ProcessEnv): Binding | { missing: string } {
  const info = program.slots.get(slot);
  const raw = sim.bindings.get(slot);
  const where = sim.path ?? `${program.path?.replace(/\.flow\.(edn|clj)$/, '') ?? 'flow'}.sim.edn`;
  if (raw === undefined || raw === null) {
    return {
      missing: `connection :${slot} has no binding: add :bindings {:${slot} {:base-url "http://127.0.0.1:4010"${info?.authType && info.authType !== 'none' ? ' :token #env "TOKEN"' : ''}}} or a connection mock {:${slot} {:mock {:status 200}}} to ${where}`,
    };
  }
  let resolved: Value;
  try {
    resolved = resolveEnv(raw, env, `binding :${slot}`, (s) => redactor.add(s));
  } catch (e) {
    return { missing: (e as Error).message };
  }
  const mock = kget(resolved, 'mock');
  const baseUrl = kstr(resolved, 'base-url') ?? kstr(resolved, 'url');
  const value = kstr(resolved, 'value');
  if (mock === undefined && baseUrl === null && value === null && info?.type !== 'secret') {
    return { missing: `binding :${slot} in ${where} has neither :base-url nor :mock; add one of them` };
  }
  const token = kstr(resolved, 'token') ?? kstr(resolved, 'api-key');
  const username = kstr(resolved, 'username');
  const password = kstr(resolved, 'password');
  // Secrets written into the simulation file itself are secrets too.
  for (const s of [token, password, value]) redactor.add(s);
  const authType = info?.authType ?? (token ? 'bearer' : username ? 'basic' : null);
  const headers: Record<string, string> = {};
  for (const [k, v] of entries(kget(resolved, 'headers'))) if (typeof v === 'string') headers[k] = v;
  return {
    slot,
    baseUrl,
    mock,
    auth: authType && authType !== 'none'
      ? { type: authType, ...(token !== null ? { token } : {}), ...(info?.authHeader || kstr(resolved, 'header') ? { header: info?.authHeader ?? kstr(resolved, 'header')! } : {}), ...(username !== null ? { username } : {}), ...(password !== null ? { password } : {}) }
      : null,
    headers,
    value,
  };
}
