// The platform limits (spec §11): the catalog's `limits` table, and its typed lookup as
// numbers. The one source the engine, the runtime and the catalog's own field bounds read,
// so a limit changes in one place.

import type { LimitSpec } from './types';

const KB = 'KB';
const MB = 'MB';

export const limits: LimitSpec[] = [
  { id: 'flow-definition-size', value: 150, unit: KB, docs: 'Flow definition payload, templates and functions excluded.' },
  { id: 'templates-total-size', value: 1, unit: MB, docs: 'All templates together.' },
  { id: 'functions-total-size', value: 1, unit: MB, docs: 'All functions together.' },
  { id: 'package-size', value: 2.1, unit: MB, docs: 'Whole package (approximately).' },
  { id: 'declared-steps', value: 50, unit: 'steps', docs: 'Declared steps per flow.' },
  { id: 'call-flow-depth', value: 5, unit: 'levels', docs: '`flow/call-flow` nesting depth.' },
  { id: 'child-flow-invocations', value: 25, unit: 'calls per run', docs: 'Child flow invocations per run.' },
  { id: 'step-executions-per-run', value: 10_000, unit: 'steps', docs: 'Step executions per run (older docs: 100).' },
  { id: 'http-requests-per-run', value: 50, unit: 'requests', docs: 'HTTP requests per run.' },
  { id: 'llm-tokens-per-run', value: 100_000, unit: 'tokens', docs: 'Tracked LLM tokens per run with platform-managed keys.' },
  { id: 'llm-max-tokens', value: 10_000, unit: 'tokens', docs: 'Per-call `:max-tokens` clamp with platform-managed keys.' },
  { id: 'llm-max-iterations', value: 100, unit: 'iterations', docs: '`:max-iterations` of `:llm` (default 20).' },
  { id: 'llm-max-tool-calls', value: 1000, unit: 'calls', docs: '`:max-tool-calls` of `:llm` (default 100).' },
  { id: 'workflow-duration', value: 30, unit: 'days', docs: 'Longest run (older docs: 7 days).' },
  { id: 'fanout-width', value: 25, unit: 'items', docs: 'Items of one `:fanout` step.' },
  { id: 'fanout-concurrency', value: 5, unit: 'items', docs: '`:max-concurrency` of a `:fanout` step.' },
  { id: 'fanout-steps-per-run', value: 5, unit: 'steps', docs: '`:fanout` step executions per run.' },
  { id: 'fanout-items-per-run', value: 100, unit: 'items', docs: '`:fanout` items per run in total.' },
  { id: 'wait-timeout-default', value: 24, unit: 'hours', docs: 'Default `:wait` timeout.' },
  { id: 'wait-timeout-max', value: 30, unit: 'days', docs: 'Longest `:wait` timeout ("Wait timeout exceeds maximum").' },
  { id: 'checkpoint-timeout-default', value: 24, unit: 'hours', docs: 'Default review/confirm checkpoint timeout.' },
  { id: 'checkpoint-timeout-max', value: 30, unit: 'days', docs: 'Longest review/confirm checkpoint timeout.' },
  { id: 'poll-timeout-max', value: 1, unit: 'hours', docs: 'Longest `flow/poll` `:timeout`.' },
  { id: 'poll-attempts-max', value: 100, unit: 'attempts', docs: 'Most `flow/poll` `:max-attempts`.' },
  { id: 'inline-result-size', value: 512, unit: KB, docs: 'Keep inline step results under this (older docs: 256 KB); persist larger ones.' },
  { id: 'unpersisted-result-max', value: 1, unit: MB, docs: 'An unpersisted step result above this fails the step; also the cap for DB, code and notify payloads.' },
  { id: 'db-result-rows', value: 5000, unit: 'rows', docs: 'Rows a `:db` step returns (`:max-results`).' },
  { id: 'db-result-size', value: 1, unit: MB, docs: '`:db` result payload.' },
  { id: 'http-response-size', value: 10, unit: MB, docs: 'HTTP response size (older docs).' },
  { id: 'blob-retained-write', value: 50, unit: MB, docs: 'Blob persist write, retained tier.' },
  { id: 'blob-ephemeral-write', value: 4, unit: 'GB', docs: 'Blob persist write, ephemeral tier.' },
  { id: 'body-from-ref-retained', value: 10, unit: MB, docs: 'HTTP body loaded from a retained ref.' },
  { id: 'body-from-ref-ephemeral', value: 20, unit: MB, docs: 'HTTP body loaded from an ephemeral ref.' },
  { id: 'kv-key-length', value: 256, unit: 'characters', docs: 'KV key length.' },
  { id: 'kv-value-size', value: 1, unit: MB, docs: 'KV value, serialized.' },
  { id: 'kv-ttl-min', value: 1, unit: 'seconds', docs: 'Shortest KV `:ttl`.' },
  { id: 'kv-ttl-max', value: 31_536_000, unit: 'seconds', docs: 'Longest KV `:ttl` (one year).' },
  { id: 'kv-list-limit', value: 1000, unit: 'keys', docs: 'KV `:list-keys` `:limit`, and the default `:append` `:max-length`.' },
  { id: 'webhook-payload-size', value: 50, unit: MB, docs: 'Webhook request payload.' },
  { id: 'webhook-signed-multipart-size', value: 5, unit: MB, docs: 'Signed multipart webhook payload (413 above).' },
  { id: 'webhook-raw-mime-size', value: 50, unit: MB, docs: 'Raw MIME field of a webhook.' },
  { id: 'search-limit', value: 20, unit: 'hits', docs: '`:search` `:limit` per target (1–20, default 12).' },
  { id: 'search-hydrate-top-k', value: 10, unit: 'hits', docs: '`:search` `:hydrate :top-k` (1–10, default 5).' },
  { id: 'search-hydrate-max-chars', value: 100_000, unit: 'characters', docs: '`:search` `:hydrate :max-chars` (default 20000).' },
  { id: 'blob-ephemeral-ttl', value: 12, unit: 'hours', docs: 'Approximate lifetime of an ephemeral blob (retained: about 90 days).' },
  { id: 'workspace-files-retention', value: 90, unit: 'days', docs: 'Default and longest retention of workspace files.' },
  { id: 'large-inline-string', value: 4000, unit: 'characters', docs: 'Quoted strings longer than this draw a `large_inline_string` lint warning.' },
];


const UNIT_BYTES: Record<string, number> = { KB: 1024, MB: 1024 * 1024, GB: 1024 * 1024 * 1024 };

function spec(id: string) {
  const l = limits.find((x) => x.id === id);
  if (l === undefined) throw new Error(`no limit ${id} in the catalog's limits table`);
  return l;
}

/** A limit's value in its own unit (seconds, items, characters, ...). */
export function limitValue(id: string): number {
  return spec(id).value;
}

/** A size limit in bytes (its unit is KB, MB or GB). */
export function limitBytes(id: string): number {
  const l = spec(id);
  const factor = UNIT_BYTES[l.unit];
  if (factor === undefined) throw new Error(`limit ${id} is in ${l.unit}, not a size`);
  return Math.round(l.value * factor);
}
