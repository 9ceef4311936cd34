// `flow-edn cancel`: the command's policy over the one cancellation write
// (`cancellation.ts`): an unknown or ended run is refused with a message saying so; any
// other run is cancelled in the store, and a process executing it (another CLI, `serve`,
// the editor) stops at its next step boundary.

import type { RunRecord, RunStore } from '../store/port';
import { cancelInStore } from './cancellation';
import { clockForRun } from './runner';

export class CancelRefused extends Error {}

export function cancelRun(store: RunStore, runId: string, by: string): RunRecord {
  const run = store.getRun(runId);
  if (run === undefined) throw new CancelRefused(`no run with id ${runId}`);
  if (run.status === 'completed' || run.status === 'failed' || run.status === 'cancelled') throw new CancelRefused(`run ${runId} is already ${run.status}; nothing changed`);
  const cancelled = cancelInStore(store, runId, `cancelled by ${by}`, clockForRun(run).now(), by);
  if (cancelled === undefined) throw new CancelRefused(`run ${runId} ended meanwhile (${store.getRun(runId)?.status ?? 'deleted'}); nothing changed`);
  return cancelled;
}
