// What a run on the real clock says while it runs: before a sleep or a retry backoff, one line on stderr saying what it waits for and until when (a virtual clock needs
// none: its timers fire at once; a pending wait ends the command, whose last line says until
// when the wait holds). Ctrl-C stops the process but not the run: the run stays
// resumable (its lease dies with the process), and the message says how to resume it.

import { formatDuration } from '../language/duration';
import type { RunEvent, RunListener } from '../run/events';
import type { CommandIO } from './io';

export interface LiveRun {
  listener: RunListener;
  /** Stops listening for Ctrl-C. */
  dispose(): void;
}

/** Progress lines for a real-clock run, and a Ctrl-C handler that says how to resume. */
export function liveRun(io: CommandIO, realClock: boolean, knownRunId: string | null = null, onSignal: () => void = () => process.exit(130)): LiveRun {
  let runId = knownRunId;
  let current: string | null = null;
  const iso = (t: number) => new Date(t).toISOString();
  const listener: RunListener = (e: RunEvent, at: number) => {
    if (e.type === 'run-started' || e.type === 'run-resumed') runId = e.runId;
    if (e.type === 'step-started') current = e.stepId;
    if (!realClock) return;
    if (e.type === 'sleeping' && e.ms >= 1000) io.err(`… :${current ?? e.stepKey} sleeps ${formatDuration(e.ms)}, until ${iso(e.until)}`);
    else if (e.type === 'step-attempt' && e.outcome === 'retry' && (e.delayMs ?? 0) >= 1000) io.err(`… :${current ?? e.stepKey} attempt ${e.attempt} failed; retrying in ${formatDuration(e.delayMs!)}, at ${iso(at + e.delayMs!)}`);
  };
  const onInt = () => {
    io.err(runId !== null ? `\ninterrupted: run ${runId} stopped${current ? ` at :${current}` : ''} and stays resumable; continue it with: flow-edn resume ${runId}` : '\ninterrupted before the run started');
    onSignal();
  };
  process.once('SIGINT', onInt);
  return { listener, dispose: () => process.removeListener('SIGINT', onInt) };
}
