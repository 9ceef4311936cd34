// `flow-edn cancel RUN [--by NAME]`: cancels a running or waiting run (its pending waits
// too), then prints the run like `show`.

import { parseArgs } from 'node:util';
import { cancelRun, CancelRefused } from '../run/cancel';
import { engineFor, openCliStore, requireFormat } from './engine-setup';
import { UsageError, type CommandIO } from './io';
import { printRun } from './run-command';
import { resolveRunId } from './run-ids';

export const cancelHelp = `Usage: flow-edn cancel RUN [--by NAME] [--db PATH] [--format text|json]

Cancels a running or waiting run: its status becomes cancelled and its pending waits are
cancelled, so a later approve or reject changes nothing. A run another process is executing
(a terminal, \`serve\`, the editor) stops there at its next step. RUN is a run id, a unique
prefix of one, or \`last\`. Exit 1 when the run had already ended.`;

export async function runCancel(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { by: { type: 'string' }, db: { type: 'string' }, format: { type: 'string' } } });
  const format = requireFormat(values.format);
  if (positionals.length !== 1) throw new UsageError('cancel takes one run id, e.g. `flow-edn cancel r-mxbd`');
  const store = openCliStore(values.db);
  try {
    const runId = resolveRunId(store, positionals[0]!);
    try {
      const run = cancelRun(store, runId, values.by ?? engineFor(store).user ?? 'local-user');
      printRun(io, store, run, format);
      return 0;
    } catch (e) {
      if (!(e instanceof CancelRefused)) throw e;
      io.err(`flow-edn cancel: ${e.message}`);
      return 1;
    }
  } finally {
    store.close();
  }
}
