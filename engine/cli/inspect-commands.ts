// `flow-edn runs` lists runs; `flow-edn show RUN` prints a run's timeline (steps, attempts,
// requests, branches with their labels, waits, output) or its report, and
// `show --resource res://...` prints a persisted artifact.

import { parseArgs } from 'node:util';
import type { RunStatus } from '../store/port';
import { formatTimeline, runReport } from '../run/report';
import { openCliStore, requireFormat } from './engine-setup';
import { UsageError, type CommandIO } from './io';
import { paint } from '../run/paint';
import { prettyValue } from '../edn/pretty';
import { decodeValue } from '../run/codec';
import { resolveRunId } from './run-ids';
import { formatStepReport } from './step-text';
import { stepIdsOf, stepReport } from '../run/step-report';

export const runsHelp = `Usage: flow-edn runs [--status STATUS] [--flow SLUG] [--limit N] [--db PATH] [--format text|json]`;
export const showHelp = `Usage: flow-edn show RUN [--step ID] [--flow SLUG] [--db PATH] [--format text|json]
       flow-edn show --resource res://... [--db PATH]

RUN is a run id, a unique prefix of one, or \`last\` (the newest run; of one flow with
--flow SLUG or last:SLUG). With --step, prints every occurrence of that step: its config as
it ran (templates rendered, secrets as ***), input, each attempt with the request sent and
the response received (or the wait's notification), the wait's resolution and the result.`;

const statuses = ['running', 'waiting', 'completed', 'failed', 'cancelled'];

export async function runRuns(argv: string[], io: CommandIO): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { status: { type: 'string' }, flow: { type: 'string' }, limit: { type: 'string' }, db: { type: 'string' }, format: { type: 'string' } } });
  const format = requireFormat(values.format);
  if (values.status && !statuses.includes(values.status)) throw new UsageError(`--status must be one of ${statuses.join(', ')}`);
  const store = openCliStore(values.db, 'existing');
  try {
    const runs = store.listRuns({ ...(values.status ? { status: values.status as RunStatus } : {}), ...(values.flow ? { flow: values.flow.replace(/^:/, '') } : {}), limit: Number(values.limit ?? 50) });
    const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
    if (format === 'json') io.out(JSON.stringify({ runs: runs.map((r) => ({ runId: r.id, flow: r.flow, status: r.status, trigger: r.trigger, startedAt: iso(r.createdAt), endedAt: iso(r.endedAt) })) }, null, 2));
    else if (runs.length === 0) io.out('no runs');
    else {
      const p = paint(io.colour);
      const colourOf: Record<string, (s: string) => string> = { completed: p.green, failed: p.red, waiting: p.yellow, cancelled: p.yellow };
      for (const r of runs) io.out(`${p.bold(r.id)}  :${r.flow}  ${(colourOf[r.status] ?? ((s: string) => s))(r.status.padEnd(9))}  ${iso(r.createdAt)}${r.trigger ? `  "${r.trigger}"` : ''}`);
    }
    return 0;
  } finally {
    store.close();
  }
}

export async function runShow(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { resource: { type: 'string' }, step: { type: 'string' }, flow: { type: 'string' }, db: { type: 'string' }, format: { type: 'string' } } });
  const format = requireFormat(values.format);
  const store = openCliStore(values.db, 'existing');
  try {
    if (values.resource) {
      const blob = store.getBlob(values.resource);
      if (!blob) {
        io.err(`flow-edn show: no resource ${values.resource} in ${store.path}`);
        return 2;
      }
      if (format === 'json') io.out(JSON.stringify({ uri: blob.uri, contentType: blob.contentType, size: blob.size, content: Buffer.from(blob.content).toString('utf8') }, null, 2));
      else io.out(resourceText(blob.contentType, Buffer.from(blob.content).toString('utf8'), io.width ?? 100));
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError('show takes one run id (or --resource res://...)');
    const runId = resolveRunId(store, positionals[0]!, values.flow);
    const run = store.getRun(runId)!;
    if (values.step !== undefined) {
      const stepId = values.step.replace(/^:/, '');
      const report = stepReport(store, run.id, stepId);
      if (report === undefined) {
        const reached = stepIdsOf(store, run.id);
        io.err(`flow-edn show: run ${run.id} has no step :${stepId}; it reached ${reached.length ? reached.map((s) => ':' + s).join(', ') : 'no steps'}`);
        return 2;
      }
      if (format === 'json') io.out(JSON.stringify(report, null, 2));
      else io.out(formatStepReport(report, io.width ?? 100, paint(io.colour)));
      return 0;
    }
    if (format === 'json') io.out(JSON.stringify(runReport(store, run.id), null, 2));
    else io.out(formatTimeline(run, store.events(run.id), { paint: paint(io.colour), width: io.width ?? 100 }));
    return 0;
  } finally {
    store.close();
  }
}

/** A resource as text: EDN pretty-printed to the width, anything else as stored. */
function resourceText(contentType: string, text: string, width: number): string {
  if (!/edn/.test(contentType)) return text;
  try {
    return prettyValue(decodeValue(text), width);
  } catch {
    return text;
  }
}
