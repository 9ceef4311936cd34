// A run as design §7's report: status, output (JSON and exact EDN), error, steps with their
// attempts, branches with labels, waits — and the timeline `flow-edn show` prints.

import { valueToJson } from '../edn/printer';
import type { EventRecord, RunRecord, RunStore } from '../store/port';
import { decodeValue } from './codec';
import type { RunEvent } from './events';
import { RunError } from './errors';

export interface RunReport {
  runId: string;
  flow: string;
  status: RunRecord['status'];
  output: unknown;
  outputEdn: string | null;
  error: { message: string; step: string | null; code: string; line?: number } | null;
  steps: { id: string; type: string; status: string; attempts: number }[];
  branches: { label: string | null; taken: 'yes' | 'no'; branch: string | null; line: number }[];
  waits: { step: string; key: string; status: string; expiresAt: number | null }[];
}

export function runReport(store: RunStore, runId: string): RunReport {
  const run = store.getRun(runId);
  if (run === undefined) throw new Error(`no run with id ${runId}`);
  const journal = store.journal(runId).filter((r) => r.stepType !== 'now');
  const events = store.events(runId).map((e) => JSON.parse(e.data) as RunEvent);
  const steps: RunReport['steps'] = journal.map((r) => ({ id: r.stepId, type: r.stepType, status: r.status as string, attempts: r.attempts }));
  // A step that started but has no journal record is in flight or waiting.
  const waits = store.findWaits({ runId });
  for (const w of waits) if (w.status === 'pending' && !steps.some((s) => s.id === w.stepId)) steps.push({ id: w.stepId, type: 'wait', status: 'waiting', attempts: 1 });
  const branches = events.filter((e): e is Extract<RunEvent, { type: 'branch' }> => e.type === 'branch').map((b) => ({ label: b.label, taken: b.taken, branch: b.branch, line: b.line }));
  let error: RunReport['error'] = null;
  if (run.error) {
    const e = RunError.parse(run.error)!.data;
    error = { message: e.message, step: e.step, code: e.code, ...(e.line !== undefined ? { line: e.line } : {}) };
  }
  const outputValue = run.output === null ? null : decodeValue(run.output);
  return {
    runId: run.id,
    flow: run.flow,
    status: run.status,
    output: run.output === null ? null : valueToJson(outputValue),
    outputEdn: run.output,
    error,
    steps,
    branches,
    waits: waits.map((w) => ({ step: w.stepId, key: w.key, status: w.status, expiresAt: w.expiresAt })),
  };
}

function time(at: number, start: number): string {
  const d = at - start;
  return d < 1000 ? `+${d}ms` : d < 60_000 ? `+${(d / 1000).toFixed(1)}s` : `+${Math.floor(d / 60_000)}m${Math.round((d % 60_000) / 1000)}s`;
}

/** A readable timeline of a run's events. */
export function formatTimeline(run: RunRecord, events: EventRecord[]): string {
  const lines: string[] = [];
  const start = run.createdAt;
  lines.push(`run ${run.id}  flow :${run.flow}  ${run.status.toUpperCase()}  started ${new Date(start).toISOString()}${run.trigger ? `  trigger "${run.trigger}"` : ''}`);
  for (const rec of events) {
    const e = JSON.parse(rec.data) as RunEvent;
    const t = time(rec.at, start).padStart(8);
    switch (e.type) {
      case 'step-started':
        lines.push(`${t}  ▶ :${e.stepId} (:${e.stepType}) line ${e.line}`);
        break;
      case 'step-attempt':
        if (e.outcome !== 'ok') lines.push(`${t}      attempt ${e.attempt} ${e.outcome === 'retry' ? `failed, retrying in ${e.delayMs}ms` : 'failed'}: ${e.error ?? ''}`);
        else if (e.attempt > 1) lines.push(`${t}      attempt ${e.attempt} ok`);
        break;
      case 'request':
        lines.push(`${t}      ${e.mocked ? 'mock ' : ''}${e.method} ${e.url} -> ${e.status ?? e.error ?? 'no answer'}${e.purpose !== 'step' ? ` (${e.purpose})` : ''}`);
        break;
      case 'step-completed':
        lines.push(`${t}  ✔ :${e.stepId}${e.mocked ? ' (mocked)' : ''}`);
        break;
      case 'step-failed':
        lines.push(`${t}  ✘ :${e.stepId}: ${e.error}`);
        break;
      case 'branch':
        lines.push(`${t}  ⑂ ${e.label ?? 'branch'} (line ${e.line}): ${e.taken === 'yes' ? 'yes' : 'no'}${e.branch ? ` → ${e.branch}` : ''}`);
        break;
      case 'wait-pending':
        lines.push(`${t}  ⏸ :${e.stepId} waiting on key ${JSON.stringify(e.key)}${e.expiresAt ? ` until ${new Date(e.expiresAt).toISOString()}` : ''}`);
        break;
      case 'wait-resolved':
        lines.push(`${t}  ⏵ :${e.stepId} ${e.status}${e.by ? ` by ${e.by}` : ''}`);
        break;
      case 'template-variable-missing':
        lines.push(`${t}      warning: template ${e.template} has no value for {{${e.variable}}}`);
        break;
      case 'run-finished':
        lines.push(`${t}  ■ ${e.status}${e.error ? `: ${e.error}` : ''}`);
        break;
      default:
        break;
    }
  }
  if (run.output !== null) lines.push(`output: ${run.output}`);
  return lines.join('\n');
}
