// The lenses' other commands: Fire Now on a schedule (RunService.fireSchedule, the run shown
// inline and its outcome told), Approve / Reject a `:wait`'s pending waits (RunService.resolve,
// exactly once; a late click told clearly), and New Scenario (x.<name>.sim.edn written beside
// the flow from engine/scaffold, checked, opened).

import * as vscode from 'vscode';
import { existsSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { decodeValue } from '../../engine/run/codec';
import { checkText } from '../../engine/language/check/index';
import { checkSimulationText } from '../../engine/language/check/simulation';
import { scenarioText } from '../../engine/scaffold/scenario';
import { WaitResolutionError, type ResolveOutcome } from '../../engine/service/index';
import type { RunRecord, WaitRecord } from '../../engine/store/port';
import type { RunDecorations } from './decorations';
import { flowLensSites } from './lens-model';
import { flowDocument, tellOutcome } from './run-flow';
import { newScenarioPath } from './scenario-pick';
import type { WorkspaceRuns } from './workspace-runs';

type Target = { uri?: unknown; schedule?: unknown; stepId?: unknown; action?: unknown; name?: unknown; reason?: unknown };
const fieldOf = (target: unknown, key: keyof Target): string | undefined => {
  const v = typeof target === 'object' && target !== null && !(target instanceof vscode.Uri) ? (target as Target)[key] : undefined;
  return typeof v === 'string' ? v : undefined;
};

/** True to go on with the saved file (saved now if the user says so); false when dismissed. */
async function savedVersion(document: vscode.TextDocument, what: string): Promise<boolean> {
  if (!document.isDirty) return true;
  const choice = await vscode.window.showWarningMessage(`Flow EDN: ${what} uses the saved ${basename(document.uri.fsPath)}; save it first?`, 'Save', 'Use the Saved Version');
  if (choice === 'Save') await document.save();
  return choice !== undefined;
}

export async function fireSchedule(runs: WorkspaceRuns, decorations: RunDecorations, target: unknown): Promise<RunRecord | undefined> {
  const found = await flowDocument(target);
  if (found === undefined) return undefined;
  const { document } = found;
  let schedule = fieldOf(target, 'schedule');
  if (schedule === undefined) {
    const all = flowLensSites(document.getText()).schedules;
    if (all.length === 0) {
      void vscode.window.showInformationMessage(`Flow EDN: ${basename(document.uri.fsPath)} has no schedule.`);
      return undefined;
    }
    schedule = all.length === 1 ? all[0]!.name : (await vscode.window.showQuickPick(all.map((s) => s.name), { title: 'Fire which schedule now?' }));
    if (schedule === undefined) return undefined;
  }
  if (!(await savedVersion(document, `Fire Now (${schedule})`))) return undefined;
  const service = runs.service(document.uri);
  let handle;
  try {
    handle = service.fireSchedule({ flowPath: document.uri.fsPath, schedule });
  } catch (e) {
    void vscode.window.showErrorMessage(`Flow EDN: Fire Now ${schedule}: ${(e as Error).message}`);
    return undefined;
  }
  decorations.follow(document.uri, handle.runId);
  const run = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Flow EDN: schedule ${schedule} fired (run ${handle.runId})` }, () => handle.finished);
  tellOutcome(run, `${basename(document.uri.fsPath)} (schedule ${schedule})`);
  return run;
}

function describeWait(w: WaitRecord): string {
  return `run ${w.runId} · key ${w.key}`;
}

export async function resolveWait(runs: WorkspaceRuns, target: unknown): Promise<ResolveOutcome | undefined> {
  const found = await flowDocument(target);
  if (found === undefined) return undefined;
  const { document } = found;
  const stepId = fieldOf(target, 'stepId');
  const slug = flowLensSites(document.getText()).slug;
  const service = runs.service(document.uri);
  const waits = service.store.findWaits({ status: 'pending' }).filter((w) => (stepId === undefined || w.stepId === stepId) && service.store.getRun(w.runId)?.flow === slug);
  if (waits.length === 0) {
    void vscode.window.showInformationMessage(`Flow EDN: no wait is pending at :${stepId ?? '?'} any more (resolved elsewhere, timed out or cancelled).`);
    return undefined;
  }
  const wait = waits.length === 1 ? waits[0]! : (await vscode.window.showQuickPick(waits.map((w) => ({ label: describeWait(w), wait: w })), { title: `Which wait at :${stepId}?` }))?.wait;
  if (wait === undefined) return undefined;
  let action = fieldOf(target, 'action');
  action ??= (await vscode.window.showQuickPick(['approve', 'reject'], { title: `Resolve ${describeWait(wait)}` }));
  if (action !== 'approve' && action !== 'reject') return undefined;
  let payload;
  if (action === 'reject') {
    const reason = fieldOf(target, 'reason') ?? (await vscode.window.showInputBox({ title: `Reject ${describeWait(wait)}`, prompt: 'Reason (optional)' }));
    if (reason === undefined) return undefined;
    if (reason !== '') payload = decodeValue(`{:reason ${JSON.stringify(reason)}}`);
  }
  try {
    const outcome = await service.resolve({ runId: wait.runId, waitId: wait.id, action, ...(payload !== undefined ? { payload } : {}) });
    const elsewhere = outcome.continuesElsewhere ? ` The run goes on in ${outcome.continuesElsewhere}.` : '';
    void vscode.window.showInformationMessage(`Flow EDN: ${action === 'approve' ? 'approved' : 'rejected'} :${wait.stepId} of run ${wait.runId}; the run is ${outcome.run.status}.${elsewhere}`);
    return outcome;
  } catch (e) {
    const why = e instanceof WaitResolutionError ? `it was already ${e.reason === 'already-resolved' ? 'resolved' : e.reason === 'timed-out' ? 'timed out' : e.reason}` : (e as Error).message;
    void vscode.window.showWarningMessage(`Flow EDN: could not ${action} :${wait.stepId} of run ${wait.runId}: ${why}. Nothing changed.`);
    return undefined;
  }
}

/** Writes x.<name>.sim.edn beside the flow, checks it, opens it; returns its uri. */
export async function newScenario(target: unknown): Promise<vscode.Uri | undefined> {
  const found = await flowDocument(target);
  if (found === undefined) return undefined;
  const { document } = found;
  const flowPath = document.uri.fsPath;
  const probe = newScenarioPath(flowPath, 'x');
  if ('error' in probe) {
    void vscode.window.showErrorMessage(`Flow EDN: New Scenario: ${probe.error}.`);
    return undefined;
  }
  const name = fieldOf(target, 'name') ?? (await vscode.window.showInputBox({
    title: `New scenario of ${basename(flowPath)}`,
    prompt: 'Its name: x.<name>.sim.edn ("default" writes x.sim.edn)',
    validateInput: (v) => {
      const p = newScenarioPath(flowPath, v);
      return 'error' in p ? p.error : existsSync(p.path) ? `${basename(p.path)} exists already` : undefined;
    },
  }));
  if (name === undefined) return undefined;
  const planned = newScenarioPath(flowPath, name);
  if ('error' in planned) {
    void vscode.window.showErrorMessage(`Flow EDN: New Scenario: ${planned.error}.`);
    return undefined;
  }
  if (existsSync(planned.path)) {
    void vscode.window.showErrorMessage(`Flow EDN: ${planned.path} exists already; pick another name or delete it first.`);
    return undefined;
  }
  let text: string;
  try {
    text = scenarioText(document.getText(), { name, flowFile: basename(flowPath), clockStart: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') });
  } catch (e) {
    void vscode.window.showErrorMessage(`Flow EDN: New Scenario: ${(e as Error).message}`);
    return undefined;
  }
  writeFileSync(planned.path, text);
  const findings = checkSimulationText(text, checkText(document.getText()));
  if (findings.length > 0) void vscode.window.showWarningMessage(`Flow EDN: ${basename(planned.path)} was written but does not check clean: ${findings.map((f) => f.message).join('; ')}`);
  const uri = vscode.Uri.file(planned.path);
  await vscode.window.showTextDocument(uri, { preview: false });
  return uri;
}
