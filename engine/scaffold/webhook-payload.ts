// A JSON payload skeleton for one of a flow's webhooks (a legacy webhook trigger or a
// `:webhook` interface): every key the flow reads off its input, with placeholders, so a
// person can fill it in and `flow-edn webhook send` it.

import { readEdn } from '../edn/reader';
import { unwrapMeta } from '../edn/nodes';
import { loadProgram } from '../run/program';
import { matchesTrigger, readEntryPoints, type WebhookEndpoint } from '../runtime/entry-points';
import { inputReads } from './input-reads';
import { placeholderJson, skeletonOf } from './placeholder';
import { ScaffoldError } from './scenario';

export interface WebhookPayload {
  webhook: WebhookEndpoint;
  /** Pretty JSON text, ending in a newline. */
  json: string;
}

/** The payload skeleton for the webhook `trigger` (id, label or event name), or the only one. */
export function webhookPayload(flowText: string, flowPath: string, trigger?: string): WebhookPayload {
  const program = loadProgram(flowText, flowPath);
  const hooks = readEntryPoints(program).webhooks;
  const names = hooks.map((w) => `${w.id} (${JSON.stringify(w.trigger)})`).join(', ') || 'none';
  const chosen = trigger !== undefined ? hooks.filter((w) => matchesTrigger(w, trigger)) : hooks;
  if (chosen.length === 0) throw new ScaffoldError(`${flowPath}: :${program.slug} has no ${trigger !== undefined ? `webhook ${JSON.stringify(trigger)}` : 'webhook'}; its webhooks: ${names}`);
  if (chosen.length > 1) throw new ScaffoldError(`${flowPath}: :${program.slug} has ${chosen.length} webhooks (${names}); pick one with --trigger`);
  const flow = unwrapMeta(readEdn(flowText).forms.find((f) => unwrapMeta(f)?.kind === 'map') ?? null);
  if (flow?.kind !== 'map') throw new ScaffoldError(`${flowPath} holds no flow map`);
  return { webhook: chosen[0]!, json: JSON.stringify(placeholderJson(skeletonOf(inputReads(flow))), null, 2) + '\n' };
}
