// One step of a run, for `flow-edn show RUN --step ID`: each occurrence (`id#0`, `id#1`, ...)
// with its config as it ran (templates rendered, secrets as `***`), input, every attempt
// (timing, request sent and response received, error), the wait's record and the result.
// Built from the run's events, journal and waits; times are ISO-8601.

import { printValue, valueToJson } from '../edn/printer';
import type { Value } from '../edn/values';
import type { EventRecord, JournalRecord, RunStore, WaitRecord } from '../store/port';
import { decodeValue } from './codec';
import { kget } from './data';
import type { RunEvent } from './events';

export interface RequestReport {
  purpose: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
  mocked: boolean;
}

export interface ResponseReport {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface AttemptReport {
  n: number;
  status: 'ok' | 'retry' | 'failed' | 'waiting' | 'running';
  startedAt: string | null;
  durationMs: number | null;
  request: RequestReport | null;
  response: ResponseReport | null;
  error: string | null;
}

export interface WaitReport {
  key: string;
  status: string;
  createdAt: string;
  expiresAt: string | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
  resolution: unknown;
  resolutionEdn: string | null;
}

export interface OccurrenceReport {
  key: string;
  status: 'completed' | 'failed' | 'skipped' | 'waiting' | 'running';
  config: unknown;
  configEdn: string | null;
  input: unknown;
  inputEdn: string | null;
  attempts: AttemptReport[];
  result: unknown;
  resultEdn: string | null;
  error: string | null;
  wait?: WaitReport;
}

export interface StepReport {
  runId: string;
  step: { id: string; type: string | null; occurrences: OccurrenceReport[] };
}

const iso = (t: number | null | undefined): string | null => (t === null || t === undefined ? null : new Date(t).toISOString());

function decodeSafely(text: string | null): Value | undefined {
  if (text === null) return undefined;
  try {
    return decodeValue(text);
  } catch {
    return undefined;
  }
}

/** The config (and the input it gives: `:input`, else `:data`) from its EDN text. */
function setConfig(o: OccurrenceReport, text: string): void {
  o.configEdn = text;
  const config = decodeSafely(text);
  o.config = config === undefined ? text : valueToJson(config);
  const input = config === undefined ? undefined : (kget(config, 'input') ?? kget(config, 'data'));
  o.inputEdn = input === undefined ? null : printValue(input);
  o.input = input === undefined ? null : valueToJson(input);
}

/** The step ids a run reached, in order of first appearance. */
export function stepIdsOf(store: RunStore, runId: string): string[] {
  const ids: string[] = [];
  for (const e of store.events(runId)) {
    if (e.type !== 'step-started') continue;
    const id = (JSON.parse(e.data) as { stepId: string }).stepId;
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

/** The report of step `stepId` of run `runId`, or undefined when the run never reached it. */
export function stepReport(store: RunStore, runId: string, stepId: string): StepReport | undefined {
  const events = store.events(runId);
  const journal = new Map<string, JournalRecord>(store.journal(runId).filter((r) => r.stepId === stepId).map((r) => [r.stepKey, r]));
  const waits = new Map<string, WaitRecord>(store.findWaits({ runId }).filter((w) => w.stepId === stepId).map((w) => [w.stepKey, w]));
  const occurrences = new Map<string, OccurrenceReport & { open: Map<number, AttemptReport>; startedAt: number; skipped: boolean }>();
  let type: string | null = null;
  const attemptOf = (o: OccurrenceReport & { open: Map<number, AttemptReport> }, n: number | undefined): AttemptReport => {
    const num = n ?? (o.attempts.length > 0 && o.attempts[o.attempts.length - 1]!.status === 'running' ? o.attempts.length : o.attempts.length + 1);
    let a = o.open.get(num);
    if (a === undefined) {
      a = { n: num, status: 'running', startedAt: null, durationMs: null, request: null, response: null, error: null };
      o.open.set(num, a);
      o.attempts.push(a);
    }
    return a;
  };
  for (const rec of events as EventRecord[]) {
    const e = JSON.parse(rec.data) as RunEvent;
    if (!('stepKey' in e) || !e.stepKey.startsWith(stepId + '#')) continue;
    if (e.type === 'step-started') {
      type = e.stepType;
      if (!occurrences.has(e.stepKey)) {
        const o = { key: e.stepKey, status: 'running' as const, config: null, configEdn: null, input: null, inputEdn: null, attempts: [], result: null, resultEdn: null, error: null, open: new Map(), startedAt: rec.at, skipped: false };
        occurrences.set(e.stepKey, o);
        if (e.config !== undefined) setConfig(o, e.config);
      }
      continue;
    }
    const o = occurrences.get(e.stepKey);
    if (o === undefined) continue;
    switch (e.type) {
      case 'step-config':
        setConfig(o, e.config);
        break;
      case 'request': {
        const a = attemptOf(o, e.attempt);
        a.request = { purpose: e.purpose, method: e.method, url: e.url, headers: e.headers, body: e.body, mocked: e.mocked };
        a.response = e.response ?? (e.status !== null ? { status: e.status, headers: {}, body: '' } : null);
        if (e.error) a.error = e.error;
        a.startedAt ??= iso(rec.at);
        break;
      }
      case 'step-attempt': {
        const a = attemptOf(o, e.attempt);
        a.status = e.outcome;
        a.error = e.error ?? a.error;
        // A wait's attempt spans the suspension: it started when the wait was first reached.
        const ended = e.startedAt !== undefined && e.durationMs !== undefined ? e.startedAt + e.durationMs : null;
        a.startedAt ??= iso(e.startedAt ?? (o.attempts.length === 1 ? o.startedAt : rec.at));
        a.durationMs = ended !== null && a.startedAt !== null ? ended - Date.parse(a.startedAt) : (e.durationMs ?? null);
        break;
      }
      case 'step-completed':
        if (e.skipped) o.skipped = true;
        // One attempt that sent nothing has no attempt event of its own.
        if (o.attempts.length === 0) o.attempts.push({ n: 1, status: 'ok', startedAt: iso(o.startedAt), durationMs: e.durationMs, request: null, response: null, error: null });
        for (const a of o.attempts) {
          if (a.status !== 'running') continue;
          // A wait's attempt (its notification sent, then resolved): it ends with the step.
          a.status = 'ok';
          a.startedAt ??= iso(o.startedAt);
          a.durationMs = rec.at - Date.parse(a.startedAt!);
        }
        break;
      case 'wait-pending': {
        const a = attemptOf(o, o.attempts.length === 0 ? 1 : o.attempts[o.attempts.length - 1]!.n);
        a.startedAt ??= iso(o.startedAt);
        break;
      }
      default:
        break;
    }
  }
  const out: OccurrenceReport[] = [];
  for (const o of occurrences.values()) {
    const j = journal.get(o.key);
    const w = waits.get(o.key);
    const { open: _open, startedAt: _s, skipped, ...rest } = o;
    const occurrence: OccurrenceReport = rest;
    if (j !== undefined) {
      occurrence.status = skipped ? 'skipped' : j.status;
      occurrence.resultEdn = j.result;
      const result = decodeSafely(j.result);
      occurrence.result = result === undefined ? null : valueToJson(result);
      if (j.error) occurrence.error = (JSON.parse(j.error) as { message?: string }).message ?? j.error;
      if (skipped) occurrence.error = o.attempts.find((a) => a.status === 'failed')?.error ?? null;
    } else if (w?.status === 'pending') occurrence.status = 'waiting';
    for (const a of occurrence.attempts) if (a.status === 'running' && occurrence.status === 'waiting') a.status = 'waiting';
    if (w !== undefined) {
      const resolution = decodeSafely(w.resolution);
      occurrence.wait = {
        key: w.key,
        status: w.status,
        createdAt: iso(w.createdAt)!,
        expiresAt: iso(w.expiresAt),
        resolvedAt: iso(w.resolvedAt),
        resolvedBy: w.resolvedBy,
        resolution: resolution === undefined ? null : valueToJson(resolution),
        resolutionEdn: w.resolution,
      };
    }
    out.push(occurrence);
  }
  if (out.length === 0) return undefined;
  return { runId, step: { id: stepId, type, occurrences: out } };
}
