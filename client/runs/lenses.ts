// The run-side code lenses of a flow file (design §8.3), from lens-model.ts's sites: Run,
// Debug and one per scenario above `:flow` (beside the server's Open Flow Graph), Simulate
// Webhook above each webhook, Fire Now above each schedule, and on a `:wait` step with
// pending waits in the store their count, Approve and Reject. Lenses needing the store live
// here, in the client, not in the language server.

import * as vscode from 'vscode';
import { scenarioName, scenarioPaths } from '../../engine/run/simulation';
import { flowLensSites, type LensSite } from './lens-model';
import type { WorkspaceRuns } from './workspace-runs';

/** At most this many scenario lenses; the rest through Run's pick. */
const SCENARIO_LENSES = 4;

export function runLenses(document: vscode.TextDocument, runs: WorkspaceRuns): vscode.CodeLens[] {
  const text = document.getText();
  const sites = flowLensSites(text);
  const uri = document.uri;
  const range = (s: LensSite) => new vscode.Range(document.positionAt(s.start), document.positionAt(s.end));
  const lens = (s: LensSite, title: string, command: string, arg: unknown, tooltip?: string) =>
    new vscode.CodeLens(range(s), { title, command, arguments: [arg], ...(tooltip !== undefined ? { tooltip } : {}) });
  const lenses: vscode.CodeLens[] = [];
  if (sites.flow !== null) {
    lenses.push(lens(sites.flow, '$(play) Run', 'flowEdn.runFlow', uri, 'Run this flow (Flow EDN: Run Flow)'));
    lenses.push(lens(sites.flow, '$(debug-alt) Debug', 'flowEdn.debugFlow', uri, 'Debug this flow'));
    const scenarios = uri.scheme === 'file' ? scenarioPaths(uri.fsPath) : [];
    for (const path of scenarios.slice(0, SCENARIO_LENSES)) {
      lenses.push(lens(sites.flow, `▷ ${scenarioName(path)}`, 'flowEdn.runFlow', { uri, scenario: path }, `Run with ${path}`));
    }
    if (scenarios.length === 0 && /\.flow\.(edn|clj)$/.test(uri.path)) lenses.push(lens(sites.flow, 'New Scenario', 'flowEdn.newScenario', uri, 'Write x.<name>.sim.edn beside this flow'));
  }
  for (const w of sites.webhooks) lenses.push(lens(w, `$(zap) Simulate Webhook ${w.name}`, 'flowEdn.simulateWebhook', { uri, trigger: w.name }));
  for (const s of sites.schedules) lenses.push(lens(s, `$(clock) Fire Now ${s.name}`, 'flowEdn.fireSchedule', { uri, schedule: s.name }));
  if (sites.waits.length > 0 && sites.slug !== null && uri.scheme === 'file') {
    const pending = pendingBySite(runs, uri, sites.slug);
    for (const w of sites.waits) {
      const n = pending.get(w.stepId) ?? 0;
      if (n === 0) continue;
      const arg = (action?: string) => ({ uri, stepId: w.stepId, ...(action ? { action } : {}) });
      lenses.push(lens(w, `$(watch) ${n} pending`, 'flowEdn.resolveWait', arg(), `${n} run(s) wait at :${w.stepId}`));
      lenses.push(lens(w, 'Approve', 'flowEdn.resolveWait', arg('approve')));
      lenses.push(lens(w, 'Reject', 'flowEdn.resolveWait', arg('reject')));
    }
  }
  return lenses;
}

/** Pending waits of this flow's runs, counted per step id. */
function pendingBySite(runs: WorkspaceRuns, uri: vscode.Uri, slug: string): Map<string, number> {
  const counts = new Map<string, number>();
  const store = runs.service(uri).store;
  const flowOf = new Map<string, string | undefined>();
  for (const w of store.findWaits({ status: 'pending' })) {
    if (!flowOf.has(w.runId)) flowOf.set(w.runId, store.getRun(w.runId)?.flow);
    if (flowOf.get(w.runId) === slug) counts.set(w.stepId, (counts.get(w.stepId) ?? 0) + 1);
  }
  return counts;
}
