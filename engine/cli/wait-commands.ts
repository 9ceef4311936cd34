// `flow-edn approve|reject RUN [--step ID] [--payload EDN] [--by NAME]` resolve a pending
// wait and resume the run from this process; `flow-edn waits` lists pending waits.

import { parseArgs } from 'node:util';
import { resolveAndResume, WaitResolutionError } from '../run/waits';
import { engineFor, openCliStore, parseData, requireFormat } from './engine-setup';
import { UsageError, type CommandIO } from './io';
import { printRun } from './run-command';
import { resolveRunId } from './run-ids';
import { liveRun } from './live-progress';
import { paint } from '../run/paint';

export const approveHelp = `Usage: flow-edn approve|reject RUN [--step ID] [--payload EDN|JSON] [--by NAME] [--db PATH] [--format text|json]

Resolves the run's pending wait (with {:action :approve|:reject :by NAME} merged with the
payload) and resumes the run here. A second resolution, or one after the timeout, is
refused and changes nothing (exit 1). RUN is a run id, a unique prefix of one, or \`last\`.`;

export const waitsHelp = `Usage: flow-edn waits [--all] [--db PATH] [--format text|json]

Lists pending waits (with --all, resolved ones too).`;

export function resolveCommand(action: 'approve' | 'reject') {
  return async (argv: string[], io: CommandIO): Promise<number> => {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { step: { type: 'string' }, payload: { type: 'string' }, by: { type: 'string' }, db: { type: 'string' }, format: { type: 'string' } },
    });
    const format = requireFormat(values.format);
    if (positionals.length !== 1) throw new UsageError(`${action} takes one run id, e.g. \`flow-edn ${action} r-abc --step manager-approval\``);
    const payload = values.payload !== undefined ? parseData(values.payload, '--payload') : undefined;
    const store = openCliStore(values.db, 'existing');
    try {
      const runId = resolveRunId(store, positionals[0]!);
      const live = liveRun(io, store.getRun(runId)!.clock === null, runId);
      const { run, continuesElsewhere } = await resolveAndResume({ ...engineFor(store), listeners: [live.listener] }, {
        runId,
        action,
        ...(values.step ? { stepId: values.step.replace(/^:/, '') } : {}),
        ...(payload !== undefined ? { payload } : {}),
        ...(values.by ? { by: values.by } : {}),
      }).finally(() => live.dispose());
      if (continuesElsewhere !== undefined) {
        // Another process holds the run (a debug session owns it while it waits): it goes on there.
        const line = `the ${action === 'approve' ? 'approval' : 'rejection'} is recorded; run ${runId} continues in the process that holds it (${continuesElsewhere ?? 'another process'}), e.g. a debug session`;
        if (format === 'json') io.err(line);
        else io.out(line);
      }
      return printRun(io, store, run, format);
    } catch (e) {
      if (e instanceof WaitResolutionError) {
        if (format === 'json') io.out(JSON.stringify({ error: { message: e.message, reason: e.reason } }, null, 2));
        io.err(`flow-edn ${action}: ${e.message}`);
        return e.reason === 'no-run' ? 2 : 1;
      }
      throw e;
    } finally {
      store.close();
    }
  };
}

export async function runWaits(argv: string[], io: CommandIO): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { all: { type: 'boolean' }, db: { type: 'string' }, format: { type: 'string' } } });
  const format = requireFormat(values.format);
  const store = openCliStore(values.db, 'existing');
  try {
    const waits = store.findWaits(values.all ? {} : { status: 'pending' });
    if (format === 'json') {
      io.out(JSON.stringify({ waits: waits.map((w) => ({ runId: w.runId, step: w.stepId, key: w.key, status: w.status, expiresAt: w.expiresAt === null ? null : new Date(w.expiresAt).toISOString() })) }, null, 2));
    } else if (waits.length === 0) io.out(values.all ? 'no waits' : 'no pending waits');
    else {
      const p = paint(io.colour);
      for (const w of waits) io.out(`${p.bold(w.runId)}  :${w.stepId}  key ${JSON.stringify(w.key)}  ${w.status === 'pending' ? p.yellow(w.status) : w.status}${w.expiresAt ? `  expires ${new Date(w.expiresAt).toISOString()}` : ''}`);
    }
    return 0;
  } finally {
    store.close();
  }
}
