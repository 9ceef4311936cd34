// Secrets a webhook checks requests against: from the flow's simulation file bindings
// (`:bindings {:webhook-signing-secret {:value "whsec_local"}}`, a bare string, or `#env "X"`),
// else the environment (`FLOW_EDN_SECRET_WEBHOOK_SIGNING_SECRET`, then `WEBHOOK_SIGNING_SECRET`).

import { Tagged, type Value } from '../edn/values';
import { kget, kstr } from '../run/data';
import type { FlowProgram } from '../run/program';
import { resolveEnv, type Simulation } from '../run/simulation';

export interface Secret {
  value: string;
  /** Where it came from, for messages (never the value). */
  source: string;
  /** A binding's `:username` (basic auth). */
  username: string | null;
  /** A binding's `:private-key` (ECDSA), so `webhook send` can sign locally. */
  privateKey: string | null;
}

export function envNames(ref: string): string[] {
  const snake = ref.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();
  return [`FLOW_EDN_SECRET_${snake}`, snake];
}

/** The secret `ref` names, or a message that says where to put it. */
export function resolveSecret(ref: string, program: FlowProgram, sim: Simulation, env: NodeJS.ProcessEnv): Secret | { missing: string } {
  const simName = sim.path ?? `${program.path?.replace(/\.flow\.(edn|clj)$/, '') ?? 'flow'}.sim.edn`;
  const slots = [ref, ...[...program.slots.values()].filter((s) => s.secretRef === ref).map((s) => s.id)];
  for (const slot of slots) {
    const raw = sim.bindings.get(slot);
    if (raw === undefined || raw === null) continue;
    let bound: Value;
    try {
      bound = resolveEnv(raw, env, `binding :${slot}`, () => undefined);
      // A map's :value may itself be an #env reference (resolveEnv handles maps too).
    } catch (e) {
      return { missing: (e as Error).message };
    }
    if (typeof bound === 'string') return { value: bound, source: `${simName} :bindings :${slot}`, username: null, privateKey: null };
    const value = kstr(bound, 'value') ?? kstr(bound, 'secret') ?? kstr(bound, 'token') ?? kstr(bound, 'public-key');
    if (value !== null) return { value, source: `${simName} :bindings :${slot}`, username: kstr(bound, 'username'), privateKey: kstr(bound, 'private-key') };
    if (!(bound instanceof Tagged) && kget(bound, 'mock') === undefined) return { missing: `binding :${slot} in ${simName} has no :value; write {:${slot} {:value "..."}}` };
  }
  for (const name of envNames(ref)) {
    const value = env[name];
    if (value !== undefined && value !== '') return { value, source: `$${name}`, username: null, privateKey: null };
  }
  return {
    missing: `no secret bound for :${ref}: add :bindings {:${ref} {:value "..."}} to ${simName}, or set ${envNames(ref)[0]}`,
  };
}
