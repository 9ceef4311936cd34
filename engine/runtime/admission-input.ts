// The input a runtime-started run receives: the raw payload (a map, or wrapped as
// `{:payload ..}`) with `:flow/ctx` saying where it came from. One definition for webhook
// deliveries, schedule fires (serve and the run service) and the API.

import { Map as IMap } from 'immutable';
import { Keyword, type Value } from '../edn/values';

export interface RunOrigin {
  runId: string;
  source: 'webhook' | 'schedule' | 'api' | 'manual';
  trigger: string | null;
  /** Epoch ms on the runtime's clock. */
  receivedAt: number;
  payloadHash: string | null;
  /** Extra `:flow/ctx` entries. */
  ctx: Record<string, Value>;
}

export function admissionInput(raw: Value, o: RunOrigin): Value {
  const ctx = IMap<Value, Value>([
    [Keyword.of('run-id'), o.runId],
    [Keyword.of('workflow-id'), o.runId],
    [Keyword.of('source'), Keyword.of(o.source)],
    [Keyword.of('trigger'), o.trigger],
    [Keyword.of('received-at'), new Date(o.receivedAt).toISOString()],
    ...(o.payloadHash !== null ? ([[Keyword.of('payload-sha256'), o.payloadHash]] as [Value, Value][]) : []),
    ...Object.entries(o.ctx).map(([name, v]) => [Keyword.of(name), v] as [Value, Value]),
  ]);
  const ctxKey = Keyword.of('ctx', 'flow');
  return IMap.isMap(raw) ? (raw as IMap<Value, Value>).set(ctxKey, ctx) : IMap<Value, Value>([[Keyword.of('payload'), raw], [ctxKey, ctx]]);
}
