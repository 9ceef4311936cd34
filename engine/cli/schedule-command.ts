// `flow-edn schedule fire FLOW [--trigger ID]`: fires one of the flow's schedules now, as
// its cron would. A running `flow-edn serve` does it (so concurrency and queues apply);
// with no server, an in-process runtime on the same store does, and says so.

import { parseArgs } from 'node:util';
import type { ApiError, FireScheduleResponse } from '../runtime/api-types';
import { readEntryPoints } from '../runtime/entry-points';
import { Runtime } from '../runtime/local-runtime';
import { FlowLoadError, loadProgram } from '../run/program';
import { openCliStore, requireFormat } from './engine-setup';
import { displayPath, readTextFile } from './files';
import { UsageError, type CommandIO } from './io';
import { printRun } from './run-command';
import { networkCode, send, serverUrl } from './runtime-client';
import { API_ROUTES } from '../runtime/api-types';

export const scheduleHelp = `Usage: flow-edn schedule fire FLOW [--trigger ID] [--url URL] [--db PATH] [--format text|json]

Fires the flow's schedule now (its :input, its trigger). A running \`flow-edn serve\` on the
store (or at --url) runs it under its concurrency rules; without one, it runs here.`;

export async function runSchedule(argv: string[], io: CommandIO): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'fire') throw new UsageError(sub === undefined ? 'schedule needs a subcommand: fire' : `unknown schedule subcommand '${sub}'; use fire`);
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { trigger: { type: 'string' }, url: { type: 'string' }, db: { type: 'string' }, format: { type: 'string' } } });
  const format = requireFormat(values.format);
  if (positionals.length !== 1) throw new UsageError('schedule fire takes one flow file');
  const flowPath = positionals[0]!;
  const read = readTextFile(flowPath);
  if ('error' in read) {
    io.err(`flow-edn schedule fire: cannot read '${flowPath}': ${read.error}`);
    return 2;
  }
  let slug: string;
  try {
    const program = loadProgram(read.text, displayPath(flowPath));
    slug = program.slug;
    if (readEntryPoints(program).schedules.length === 0) {
      io.err(`flow-edn schedule fire: :${slug} has no enabled schedule`);
      return 2;
    }
  } catch (e) {
    if (e instanceof FlowLoadError) {
      io.err(`flow-edn schedule fire: the flow does not check:\n${e.message}`);
      return 1;
    }
    throw e;
  }
  const server = serverUrl(values.url, values.db);
  const url = server.base + API_ROUTES.fireSchedule.path.replace(':slug', encodeURIComponent(slug));
  try {
    const answer = await send('POST', url, { 'content-type': 'application/json', ...server.auth }, JSON.stringify(values.trigger ? { trigger: values.trigger } : {}));
    if (format === 'json') io.out(JSON.stringify(answer.json ?? answer.text, null, 2));
    if (answer.status >= 300) {
      io.err(`flow-edn schedule fire: ${(answer.json as ApiError | undefined)?.error?.message ?? answer.text}`);
      return answer.status === 404 || answer.status === 400 ? 2 : 1;
    }
    const r = answer.json as FireScheduleResponse;
    if (format === 'text') io.out(`fired :${slug}/${r.schedule} on ${server.base}: run ${r.runId} ${r.concurrencyDecision} (${r.status})`);
    return r.status === 'failed' ? 1 : 0;
  } catch (e) {
    if (server.from === 'flag') {
      io.err(`flow-edn schedule fire: no answer from ${server.base} (${networkCode(e)})`);
      return 2;
    }
  }
  // No server: fire in this process, on the same store, under the same rules.
  if (format === 'text') io.out(`no flow-edn serve at ${server.base}: firing in this process`);
  const store = openCliStore(values.db);
  const rt = new Runtime({ store, paths: [flowPath], schedules: false, watch: false, reconcileMs: 0, log: format === 'text' ? (l) => io.out(l) : () => undefined });
  try {
    await rt.start();
    const flow = rt.flows.get(slug);
    if (flow === undefined) throw new UsageError(`:${slug} did not load`);
    const chosen = values.trigger ? flow.entry.schedules.filter((s) => s.id === values.trigger || s.trigger === values.trigger) : flow.entry.schedules;
    if (chosen.length !== 1) throw new UsageError(chosen.length === 0 ? `:${slug} has no schedule ${JSON.stringify(values.trigger)}` : `:${slug} has ${chosen.length} schedules; pick one with --trigger`);
    const result = rt.fireSchedule(flow, chosen[0]!.id);
    if (result.decision === 'refused') {
      io.err(`flow-edn schedule fire: ${result.message}`);
      return 1;
    }
    if (result.decision !== 'started') {
      io.out(`run ${result.runId} ${result.decision}: another run holds its concurrency slot; it starts when \`flow-edn serve\` runs`);
      return 0;
    }
    const run = await result.run!;
    return printRun(io, store, run, format);
  } finally {
    await rt.stop();
    store.close();
  }
}
