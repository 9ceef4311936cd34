// A simulated webhook delivery, prepared as the platform would send it: the flow's webhook
// chosen by trigger, its auth computed with the secret bound in the scenario (or the
// environment), a timestamp where the scheme signs one, and a copy safe to show (secrets
// masked). `flow-edn webhook send` and the run service both send what this prepares.

import type { FlowProgram } from '../run/program';
import type { Simulation } from '../run/simulation';
import type { WebhookAuth } from './auth-config';
import { matchesTrigger, readEntryPoints, type WebhookEndpoint } from './entry-points';
import { buildAuth } from './request-builder';
import { resolveSecret } from './secrets';

export interface DeliveryRequest {
  program: FlowProgram;
  sim: Simulation;
  /** Trigger label, event name or interface id; the flow's only webhook when absent. */
  trigger?: string;
  body: Buffer;
  contentType: string;
  /** A deliberately wrong credential, to see the refusal. */
  bad?: boolean;
  env: NodeJS.ProcessEnv;
  /** Wall-clock ms for signed timestamps. */
  now: number;
}

export interface PreparedDelivery {
  endpoint: WebhookEndpoint;
  auth: WebhookAuth;
  /** The endpoint's path with any query credential, relative to the server's base URL. */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: Buffer;
  /** What may be printed: the secret masked in URLs and headers. */
  mask(text: string): string;
  shownHeaders: Record<string, string>;
}

/** Why a delivery cannot be prepared, said for a person (which webhook, which secret). */
export class DeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeliveryError';
  }
}

export function prepareDelivery(r: DeliveryRequest): PreparedDelivery {
  const program = r.program;
  const hooks = readEntryPoints(program).webhooks;
  const chosen = r.trigger !== undefined ? hooks.filter((w) => matchesTrigger(w, r.trigger!)) : hooks;
  const names = hooks.map((w) => `${w.id} (${JSON.stringify(w.trigger)})`).join(', ') || 'none';
  if (chosen.length === 0) throw new DeliveryError(`:${program.slug} has no ${r.trigger ? `webhook ${JSON.stringify(r.trigger)}` : 'enabled webhook'}; its webhooks: ${names}`);
  if (chosen.length > 1) throw new DeliveryError(`:${program.slug} has ${chosen.length} webhooks (${names}); pick one with --trigger`);
  const endpoint = chosen[0]!;
  if (typeof endpoint.auth === 'string') throw new DeliveryError(`webhook ${endpoint.id}: ${endpoint.auth}`);
  const auth = endpoint.auth;
  const secret = auth.type === 'ip-allowlist' ? null : resolveSecret(auth.secretRef, program, r.sim, r.env);
  if (secret !== null && 'missing' in secret) throw new DeliveryError(`cannot sign the request: ${secret.missing}`);
  let built;
  try {
    built = buildAuth(auth, secret, r.body, { now: r.now, bad: r.bad === true });
  } catch (e) {
    throw new DeliveryError(`cannot sign the request: ${(e as Error).message}`);
  }
  const headers: Record<string, string> = { 'content-type': r.contentType, ...built.headers };
  // Secrets shown are masked; signatures are not secrets.
  const secretValue = secret?.value ?? '';
  const mask = (s: string) => (secretValue.length >= 3 ? s.split(secretValue).join('***') : s);
  const shownHeaders = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, k.toLowerCase() === 'authorization' && auth.type === 'basic' ? 'Basic ***' : mask(v)]));
  return { endpoint, auth, path: endpoint.paths[0]!, query: built.query, headers, body: r.body, mask, shownHeaders };
}

/** The full URL of a prepared delivery on a server at `base` (a URL with a path is taken as the endpoint itself). */
export function deliveryUrl(d: PreparedDelivery, base: string, baseIsEndpoint = false): URL {
  const url = new URL(baseIsEndpoint ? base : base.replace(/\/+$/, '') + d.path);
  for (const [k, v] of Object.entries(d.query)) url.searchParams.set(k, v);
  return url;
}
