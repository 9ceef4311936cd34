// A schedule's fire turned into an admission: the schedule's `:input` as the raw payload,
// `:flow/ctx` saying which schedule and when (and whether it is a catch-up), and the cursor
// committed with the queue entry, so a fire is neither lost nor doubled by a crash.

import type { Value } from '../edn/values';
import type { LoadedFlow } from './flows';
import type { AdmissionResult, Runtime } from './local-runtime';

/** What a schedule fire touches: a narrow view of the Runtime. */
export type ScheduleContext = Pick<Runtime, 'admit' | 'emit' | 'flows' | 'log' | 'store'>;
import { MISSED_CAP, type ScheduleFire } from './scheduler';

export function scheduledFire(rt: ScheduleContext, fire: ScheduleFire): void {
  const flow = rt.flows.get(fire.spec.flow);
  const entry = flow?.entry.schedules.find((s) => s.id === fire.spec.id);
  if (flow === undefined || entry === undefined) return;
  const when = new Date(fire.at).toISOString();
  if (fire.catchUp) rt.log(`schedule :${flow.slug}/${entry.id} missed ${fire.missed >= MISSED_CAP ? `${MISSED_CAP} or more` : fire.missed} fire${fire.missed === 1 ? '' : 's'} while the server was down (last due ${when}): one catch-up run`);
  const result = admitSchedule(rt, flow, entry.id, fire.at, { 'catch-up': fire.catchUp, missed: fire.missed }, () => rt.store.setScheduleCursor(flow.slug, entry.id, fire.at));
  if (result.decision === 'refused') rt.store.setScheduleCursor(flow.slug, entry.id, fire.at);
  rt.emit({ type: 'schedule-fired', flow: flow.slug, schedule: entry.id, at: fire.at, missed: fire.missed, catchUp: fire.catchUp, runId: result.decision === 'refused' ? null : result.runId });
}

export function admitSchedule(rt: ScheduleContext, flow: LoadedFlow, id: string, at: number, extra: Record<string, Value>, alsoCommit: (() => void) | undefined): AdmissionResult {
  const entry = flow.entry.schedules.find((s) => s.id === id)!;
  const result = rt.admit({
    flow,
    raw: entry.input,
    ctx: { schedule: id, 'scheduled-at': new Date(at).toISOString(), ...extra },
    trigger: entry.trigger,
    source: 'schedule',
    payloadHash: null,
    ...(alsoCommit ? { alsoCommit } : {}),
  });
  if (result.decision === 'refused') rt.log(`schedule :${flow.slug}/${id} did not start a run: ${result.message}`);
  else rt.log(`schedule :${flow.slug}/${id} fired for ${new Date(at).toISOString()} -> run ${result.runId} (${result.decision})`);
  return result;
}
