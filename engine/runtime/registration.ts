// What happens when a flow is loaded, reloaded or removed: its webhook paths are routed (a
// path another flow holds is refused), its schedules armed, its endpoints printed, and, when a
// new version replaces one with active runs, `:on-new-version` applied to those runs.

import { describeAuth } from './auth-config';
import type { LoadedFlow } from './flows';
import { activeRuns } from './admission';
import type { Runtime } from './local-runtime';

/** What loading a flow touches of the runtime. */
export type RegistrationContext = Pick<Runtime, 'routes' | 'scheduler' | 'store' | 'executor' | 'publicUrl' | 'log'>;

export function registerFlow(rt: RegistrationContext, flow: LoadedFlow, previous: LoadedFlow | null): void {
  if (previous !== null) unroute(rt, previous);
  const lines: string[] = [];
  for (const w of flow.entry.webhooks) {
    for (const path of w.paths) {
      const claim = rt.routes.claim(path, w);
      if (!claim.claimed) rt.log(`flow :${flow.slug}: webhook ${w.id} not served at ${path}: flow :${claim.heldBy} already serves that path`);
    }
    lines.push(`  POST ${rt.publicUrl}${w.paths[0]}  webhook ${JSON.stringify(w.trigger)}  (${describeAuth(w.auth)})`);
    for (const extra of w.paths.slice(1)) lines.push(`  POST ${rt.publicUrl}${extra}`);
  }
  if (rt.scheduler !== null) {
    try {
      rt.scheduler.setFlow(flow.slug, flow.entry.schedules.map((s) => ({ flow: flow.slug, id: s.id, cron: s.cron, zone: s.zone })));
    } catch (e) {
      rt.log(`flow :${flow.slug}: schedules not armed: ${(e as Error).message}`);
    }
  }
  const next = new Map((rt.scheduler?.nextFires(flow.slug) ?? []).map((n) => [n.id, n.next]));
  for (const s of flow.entry.schedules) {
    const at = next.get(s.id);
    lines.push(`  schedule ${s.id}  ${JSON.stringify(s.cron)} ${s.zone}  ${rt.scheduler === null ? '(schedules off)' : at ? `next ${new Date(at).toISOString()}` : '(never fires)'}`);
  }
  const c = flow.entry.concurrency;
  rt.log(`flow :${flow.slug} ${previous ? 'reloaded' : 'loaded'} from ${flow.path} (version ${flow.version.slice(0, 8)}; ${c.type}${c.type === 'keyed' ? ` by ${c.keyField.map(String).join(' ')}` : ''}, on new version ${c.onNewVersion})`);
  for (const line of lines) rt.log(line);
  if (lines.length === 0) rt.log('  (no webhooks or schedules: run it with flow-edn run)');
  applyNewVersion(rt, flow);
}

export function unregisterFlow(rt: RegistrationContext, flow: LoadedFlow): void {
  unroute(rt, flow);
  rt.scheduler?.removeFlow(flow.slug);
}

function unroute(rt: RegistrationContext, flow: LoadedFlow): void {
  rt.routes.releaseFlow(flow.slug);
}

/**
 * Runs of other versions still active: `:supersede` cancels them (a running one at its next
 * step), `:drain` lets them finish first (new runs wait), `:coexist` lets both run.
 */
function applyNewVersion(rt: RegistrationContext, flow: LoadedFlow): void {
  const old = activeRuns(rt.store, flow.slug).filter((r) => r.sourceHash !== flow.version);
  if (old.length === 0) return;
  const policy = flow.entry.concurrency.onNewVersion;
  const ids = old.map((r) => r.id).join(', ');
  if (policy === 'supersede') {
    rt.log(`flow :${flow.slug}: version ${flow.version.slice(0, 8)} supersedes ${old.length} active run${old.length === 1 ? '' : 's'} of older versions (${ids})`);
    for (const r of old) void rt.executor.cancel(r.id, `superseded by version ${flow.version.slice(0, 8)} of ${flow.path} (:on-new-version :supersede)`);
  } else if (policy === 'drain') {
    rt.log(`flow :${flow.slug}: ${old.length} run${old.length === 1 ? '' : 's'} of older versions drain first (${ids}); new runs wait for them (:on-new-version :drain)`);
  } else {
    rt.log(`flow :${flow.slug}: ${old.length} run${old.length === 1 ? '' : 's'} of older versions keep running beside version ${flow.version.slice(0, 8)} (:on-new-version :coexist)`);
  }
}
