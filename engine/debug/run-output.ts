// What the debug console prints as the run goes: outgoing requests, retries, branches taken,
// waits, steps settled. From the events the session's own service tells as its executions
// emit them, and from the change feed for what other processes do while the run waits.

import type { RunEvent } from '../run/events';
import type { FeedChange } from '../service/index';

/** A line for an event this service's execution told as it happened (`RunService.onEvent`). */
export function describeEvent(event: RunEvent): string | null {
  return describeChange(event.type === 'branch' ? { seq: 0, kind: 'branch', runId: event.runId, at: 0, branch: event } : { seq: 0, kind: 'event', runId: event.runId, at: 0, event });
}

export function describeChange(c: FeedChange): string | null {
  if (c.kind === 'branch') {
    const b = c.branch;
    return `branch ${b.label !== null ? JSON.stringify(b.label) : `line ${b.line}`}: ${b.taken}${b.branch !== null ? ` -> ${b.branch}` : ''}`;
  }
  if (c.kind !== 'event') return null;
  const e = c.event;
  switch (e.type) {
    case 'request':
      return `${e.mocked ? '(mock) ' : ''}${e.method} ${e.url}${e.attempt !== undefined ? ` [attempt ${e.attempt}]` : ''} -> ${e.status ?? e.error ?? 'no answer'}`;
    case 'step-attempt':
      return e.outcome === 'ok' ? null : `step ${e.stepKey} attempt ${e.attempt} ${e.outcome === 'retry' ? `failed${e.status !== undefined ? ` (${e.status})` : ''}, retrying${e.delayMs !== undefined ? ` in ${e.delayMs} ms` : ''}` : `failed${e.error !== undefined ? `: ${e.error}` : ''}`}`;
    case 'step-completed':
      return `step ${e.stepKey} completed${e.mocked ? ' (mocked)' : ''}${e.skipped ? ` (error skipped: ${e.error})` : ''}`;
    case 'step-failed':
      return `step ${e.stepKey} failed: ${e.error}`;
    case 'wait-pending':
      return `wait :${e.stepId} pending (key ${JSON.stringify(e.key)})`;
    case 'wait-resolved':
      return `wait :${e.stepId} ${e.status}${e.by !== null ? ` by ${e.by}` : ''}`;
    case 'sleeping':
      return `step ${e.stepKey} sleeps until ${new Date(e.until).toISOString()}`;
    default:
      return null;
  }
}
