// The Approvals view's model: every pending wait of a store (whoever started its run), with
// its flow, step, key, the run's clock, the notification that was sent (the wait step's
// `request` event) and the Complete form's fields (what the flow reads off the wait's result,
// from engine/scaffold's read analysis; cached per flow source).

import type { CollNode } from '../../../engine/edn/nodes';
import { readEdn } from '../../../engine/edn/reader';
import { stepResultReads, type InputTree } from '../../../engine/scaffold/input-reads';
import type { RunRecord, RunStore, WaitRecord } from '../../../engine/store/port';
import type { PayloadField, PendingWait, SentNotification } from '../../webviews/approvals/messages';

/** Keys the engine itself puts in an approval's result: not form fields. */
const RESOLUTION_KEYS = new Set(['action', 'by']);

function flatten(tree: InputTree, prefix: string[] = []): PayloadField[] {
  const out: PayloadField[] = [];
  for (const k of tree.values()) {
    const path = [...prefix, k.name];
    if (k.children.size === 0) out.push({ path, keyword: k.keyword });
    else out.push(...flatten(k.children, path));
  }
  return out;
}

/** Form fields per (source hash, step id). */
const fieldCache = new Map<string, PayloadField[]>();

export function payloadFields(run: Pick<RunRecord, 'source' | 'sourceHash'>, stepId: string): PayloadField[] {
  const cacheKey = `${run.sourceHash}\u0000${stepId}`;
  let fields = fieldCache.get(cacheKey);
  if (fields === undefined) {
    const flow = readEdn(run.source).forms.find((f) => f.kind === 'map') as CollNode | undefined;
    fields = flow === undefined ? [] : flatten(stepResultReads(flow, stepId)).filter((f) => !(f.path.length === 1 && RESOLUTION_KEYS.has(f.path[0]!)));
    if (fieldCache.size > 200) fieldCache.clear();
    fieldCache.set(cacheKey, fields);
  }
  return fields;
}

/** Readable lines of a JSON body: its string values (a mail's subject and text), else the body. */
function readable(body: string | null): { subject: string | null; text: string | null } {
  if (body === null) return { subject: null, text: null };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { subject: null, text: body };
  }
  let subject: string | null = null;
  const lines: string[] = [];
  const walk = (v: unknown, key: string | null): void => {
    if (typeof v === 'string') {
      if (subject === null && key !== null && /^(subject|title)$/i.test(key)) subject = v;
      else if (key === null || /^(text|value|body|message|content|html)$/i.test(key)) lines.push(v);
    } else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(json, null);
  return { subject, text: lines.length > 0 ? lines.join('\n') : body };
}

export function sentNotification(store: RunStore, wait: WaitRecord): SentNotification | null {
  for (const e of store.events(wait.runId).reverse()) {
    if (e.type !== 'request') continue;
    const data = JSON.parse(e.data) as { stepKey?: string; purpose?: string; method?: string; url?: string; status?: number | null; mocked?: boolean; body?: string | null };
    if (data.stepKey !== wait.stepKey || data.purpose !== 'notification') continue;
    return { method: data.method ?? 'POST', url: data.url ?? '', status: data.status ?? null, mocked: data.mocked === true, ...readable(data.body ?? null) };
  }
  return null;
}

export function runClock(run: Pick<RunRecord, 'clock'>, wallNow: number): { virtual: boolean; now: number } {
  if (run.clock) {
    const state = JSON.parse(run.clock) as { virtual?: boolean; now?: number };
    if (state.virtual === true && typeof state.now === 'number') return { virtual: true, now: state.now };
  }
  return { virtual: false, now: wallNow };
}

/** Every pending wait of one store, oldest first. */
export function pendingWaits(store: RunStore, storeKey: string, wallNow = Date.now()): PendingWait[] {
  const out: PendingWait[] = [];
  const runs = new Map<string, RunRecord | undefined>();
  for (const wait of store.findWaits({ status: 'pending' })) {
    if (!runs.has(wait.runId)) runs.set(wait.runId, store.getRun(wait.runId));
    const run = runs.get(wait.runId);
    if (run === undefined) continue;
    out.push({
      store: storeKey,
      waitId: wait.id,
      runId: run.id,
      flow: run.flow,
      flowPath: run.flowPath,
      stepId: wait.stepId,
      stepKey: wait.stepKey,
      key: wait.key,
      createdAt: wait.createdAt,
      expiresAt: wait.expiresAt,
      clock: runClock(run, wallNow),
      notification: sentNotification(store, wait),
      fields: payloadFields(run, wait.stepId),
    });
  }
  return out;
}
