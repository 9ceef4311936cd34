// A run as design §7's report: status, output (JSON and exact EDN), error, steps with their
// attempts, branches with labels, waits — and the timeline `flow-edn show` prints.

import { valueToJson } from '../edn/printer';
import type { EventRecord, RunRecord, RunStore } from '../store/port';
import { decodeValue } from './codec';
import { describeLine, type RunEvent } from './events';
import { prettyValue } from '../edn/pretty';
import type { Paint } from './paint';
import { RunError } from './errors';

export interface RunReport {
  runId: string;
  flow: string;
  status: RunRecord['status'];
  output: unknown;
  outputEdn: string | null;
  error: { message: string; step: string | null; code: string; line?: number; file?: string } | null;
  steps: { id: string; type: string; status: string; attempts: number }[];
  branches: { label: string | null; taken: 'yes' | 'no'; branch: string | null; line: number; file?: string }[];
  waits: { step: string; key: string; status: string; expiresAt: string | null }[];
}

export function runReport(store: RunStore, runId: string): RunReport {
  const run = store.getRun(runId);
  if (run === undefined) throw new Error(`no run with id ${runId}`);
  const journal = store.journal(runId).filter((r) => r.stepType !== 'now');
  const events = store.events(runId).map((e) => JSON.parse(e.data) as RunEvent);
  // `:on-error :skip` journals the step as completed with a nil result; its event says skipped.
  const skipped = new Set(events.flatMap((e) => (e.type === 'step-completed' && e.skipped ? [e.stepKey] : [])));
  const steps: RunReport['steps'] = journal.map((r) => ({ id: r.stepId, type: r.stepType, status: skipped.has(r.stepKey) ? 'skipped' : (r.status as string), attempts: r.attempts }));
  // A step that started but has no journal record is in flight or waiting.
  const waits = store.findWaits({ runId });
  for (const w of waits) if (w.status === 'pending' && !steps.some((s) => s.id === w.stepId)) steps.push({ id: w.stepId, type: 'wait', status: 'waiting', attempts: 1 });
  const branches = events.filter((e): e is Extract<RunEvent, { type: 'branch' }> => e.type === 'branch').map((b) => ({ label: b.label, taken: b.taken, branch: b.branch, line: b.line, ...(b.file !== undefined ? { file: b.file } : {}) }));
  let error: RunReport['error'] = null;
  if (run.error) {
    const e = RunError.parse(run.error)!.data;
    error = { message: e.message, step: e.step, code: e.code, ...(e.line !== undefined ? { line: e.line } : {}), ...(e.file !== undefined ? { file: e.file } : {}) };
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
    waits: waits.map((w) => ({ step: w.stepId, key: w.key, status: w.status, expiresAt: w.expiresAt === null ? null : new Date(w.expiresAt).toISOString() })),
  };
}

function time(at: number, start: number): string {
  const d = at - start;
  return d < 1000 ? `+${d}ms` : d < 60_000 ? `+${(d / 1000).toFixed(1)}s` : `+${Math.floor(d / 60_000)}m${Math.round((d % 60_000) / 1000)}s`;
}

export interface TimelineOptions {
  /** Colours (`paint(false)` by default: plain text). */
  paint?: Paint;
  /** Columns for the pretty-printed output (default 100). */
  width?: number;
}

const plain: Paint = { bold: (s) => s, dim: (s) => s, red: (s) => s, green: (s) => s, yellow: (s) => s, cyan: (s) => s };

/**
 * A readable timeline of a run's events. Each fact once: a step resumed after its wait is
 * not started again, a failure's message appears on its step's line only, and the run's
 * end repeats no message already shown.
 */
export function formatTimeline(run: RunRecord, events: EventRecord[], options: TimelineOptions = {}): string {
  const p = options.paint ?? plain;
  const lines: string[] = [];
  const start = run.createdAt;
  const status = run.status.toUpperCase();
  const statusText = run.status === 'completed' ? p.green(status) : run.status === 'failed' ? p.red(status) : run.status === 'waiting' || run.status === 'cancelled' ? p.yellow(status) : status;
  lines.push(`${p.bold(`run ${run.id}`)}  flow :${run.flow}  ${statusText}  started ${new Date(start).toISOString()}${run.trigger ? `  trigger "${run.trigger}"` : ''}`);
  const parsed = events.map((rec) => ({ rec, e: JSON.parse(rec.data) as RunEvent }));
  const started = new Set<string>();
  const shown = new Set<string>();
  // The last failed attempt's message is the step's failure message: printed on the ✘ line.
  const finalError = new Map<string, string>();
  for (const { e } of parsed) if (e.type === 'step-failed' || (e.type === 'step-completed' && e.skipped)) finalError.set(e.stepKey, e.error ?? '');
  const say = (t: string, text: string, message?: string) => {
    lines.push(`${t}  ${text}`);
    if (message) shown.add(message);
  };
  for (const { rec, e } of parsed) {
    const t = p.dim(time(rec.at, start).padStart(8));
    switch (e.type) {
      case 'step-started':
        if (started.has(e.stepKey)) break; // resumed after a wait: already started above
        started.add(e.stepKey);
        say(t, `▶ :${e.stepId} (:${e.stepType}) ${describeLine(e)}`);
        break;
      case 'step-attempt':
        if (e.outcome === 'retry') say(t, `    attempt ${e.attempt} failed, retrying in ${e.delayMs}ms: ${e.error ?? ''}`, e.error);
        else if (e.outcome === 'failed' && e.error !== finalError.get(e.stepKey)) say(t, `    attempt ${e.attempt} failed: ${e.error ?? ''}`, e.error);
        else if (e.outcome === 'ok' && e.attempt > 1) say(t, `    attempt ${e.attempt} ok`);
        break;
      case 'request': {
        const prefix = `${e.method} ${e.url} `;
        const answer = e.status ?? (e.error ? `no answer (${e.error.startsWith(prefix) ? e.error.slice(prefix.length) : e.error})` : 'no answer');
        say(t, `    ${e.mocked ? 'mock ' : ''}${e.method} ${e.url} -> ${answer}${e.purpose !== 'step' ? ` (${e.purpose})` : ''}`);
        break;
      }
      case 'step-completed':
        if (e.skipped) say(t, `${p.yellow('⤼')} :${e.stepId} ${p.yellow('skipped')} (:on-error :skip)${e.error ? `: ${e.error}` : ''}`, e.error);
        else say(t, `${p.green('✔')} :${e.stepId}${e.mocked ? ' (mocked)' : ''}`);
        break;
      case 'step-failed':
        say(t, `${p.red('✘')} :${e.stepId}: ${e.error}`, e.error);
        break;
      case 'branch':
        say(t, `⑂ ${e.label ?? 'branch'} (${describeLine(e)}): ${e.taken === 'yes' ? 'yes' : 'no'}${e.branch ? ` → ${e.branch}` : ''}`);
        break;
      case 'wait-pending':
        say(t, `⏸ :${e.stepId} waiting on key ${JSON.stringify(e.key)}${e.expiresAt ? ` until ${new Date(e.expiresAt).toISOString()}` : ''}`);
        break;
      case 'wait-resolved':
        say(t, `⏵ :${e.stepId} ${e.status}${e.by ? ` by ${e.by}` : ''}`);
        break;
      case 'template-variable-missing':
        say(t, `    ${p.yellow('warning')}: template ${e.template} has no value for {{${e.variable}}}`);
        break;
      case 'run-finished': {
        // A failure's message was printed on its step's line; the end line says only the status.
        const repeated = e.error !== undefined && [...shown].some((m) => m !== '' && e.error!.endsWith(m));
        const text = e.status === 'failed' ? p.red(e.status) : e.status === 'completed' ? p.green(e.status) : p.yellow(e.status);
        say(t, `■ ${text}${e.error && !repeated ? `: ${e.error}` : ''}`, e.error);
        break;
      }
      default:
        break;
    }
  }
  if (run.output !== null) {
    let out = run.output;
    try {
      out = prettyValue(decodeValue(run.output), options.width ?? 100, 'output: '.length);
    } catch {
      // shown as stored
    }
    lines.push(`${p.bold('output:')} ${out}`);
  }
  return lines.join('\n');
}
