// `flow-edn runs` lists runs; `flow-edn show RUN` prints a run's timeline (steps, attempts,
// requests, branches with their labels, waits, output) or its report, and
// `show --resource res://...` prints a persisted artifact.

import { parseArgs } from 'node:util';
import type { RunStatus } from '../store/port';
import { formatTimeline, runReport } from '../run/report';
import { openCliStore, requireFormat } from './engine-setup';
import { UsageError, type CommandIO } from './io';

export const runsHelp = `Usage: flow-edn runs [--status STATUS] [--flow SLUG] [--limit N] [--db PATH] [--format text|json]`;
export const showHelp = `Usage: flow-edn show RUN-ID [--db PATH] [--format text|json]
       flow-edn show --resource res://... [--db PATH]`;

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
    else for (const r of runs) io.out(`${r.id}  :${r.flow}  ${r.status.padEnd(9)}  ${iso(r.createdAt)}${r.trigger ? `  "${r.trigger}"` : ''}`);
    return 0;
  } finally {
    store.close();
  }
}

export async function runShow(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { resource: { type: 'string' }, db: { type: 'string' }, format: { type: 'string' } } });
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
      else io.out(Buffer.from(blob.content).toString('utf8'));
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError('show takes one run id (or --resource res://...)');
    const run = store.getRun(positionals[0]!);
    if (!run) {
      io.err(`flow-edn show: no run with id ${positionals[0]} in ${store.path}`);
      return 2;
    }
    if (format === 'json') io.out(JSON.stringify(runReport(store, run.id), null, 2));
    else io.out(formatTimeline(run, store.events(run.id)));
    return 0;
  } finally {
    store.close();
  }
}
