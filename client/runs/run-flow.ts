// Flow EDN: Run Flow and Debug Flow on the active flow (or a lens's): the scenario chosen as
// scenario-pick.ts plans it (asked with a quick pick when there are several, the last one
// remembered per flow in workspaceState), the unsaved buffer run as the source, progress while
// it runs, and a message when it completes, fails or waits (with Open Approvals).

import * as vscode from 'vscode';
import { basename } from 'node:path';
import { RunError } from '../../engine/service/index';
import { describeLine } from '../../engine/run/events';
import type { RunRecord } from '../../engine/store/port';
import { scenarioPlan } from './scenario-pick';
import type { RunDecorations } from './decorations';
import type { WorkspaceRuns } from './workspace-runs';

/** What a lens or a caller may pass: a uri, or a uri with the scenario to use (null: none). */
export interface FlowTarget {
  uri: vscode.Uri;
  scenario?: string | null;
}

export async function flowDocument(target: unknown): Promise<{ document: vscode.TextDocument; scenario?: string | null } | undefined> {
  let uri: vscode.Uri | undefined;
  let scenario: string | null | undefined;
  if (target instanceof vscode.Uri) uri = target;
  else if (typeof target === 'string') uri = vscode.Uri.parse(target);
  else if (typeof target === 'object' && target !== null && 'uri' in target) {
    const t = target as { uri: unknown; scenario?: unknown };
    uri = t.uri instanceof vscode.Uri ? t.uri : typeof t.uri === 'string' ? vscode.Uri.parse(t.uri) : undefined;
    if (t.scenario === null || typeof t.scenario === 'string') scenario = t.scenario;
  }
  uri ??= vscode.window.activeTextEditor?.document.uri;
  if (uri === undefined) {
    void vscode.window.showInformationMessage('Flow EDN: open a flow file first.');
    return undefined;
  }
  const document = await vscode.workspace.openTextDocument(uri);
  if (document.languageId !== 'flow-edn') {
    void vscode.window.showInformationMessage(`Flow EDN: ${uri.fsPath} is not a flow file (*.flow.edn, or .edn under flows/).`);
    return undefined;
  }
  return scenario !== undefined ? { document, scenario } : { document };
}

const rememberKey = (flowPath: string) => `flowEdn.lastScenario:${flowPath}`;

/** The scenario to run `flowPath` with: undefined when the user dismissed the pick. */
export async function chooseScenario(state: vscode.Memento, flowPath: string): Promise<string | null | undefined> {
  const plan = scenarioPlan(flowPath, state.get<string>(rememberKey(flowPath)));
  if (plan.kind === 'start') return plan.scenario;
  const picked = await vscode.window.showQuickPick(
    plan.choices.map((c) => ({ label: c.name, description: basename(c.path), detail: c.last ? 'used last' : undefined, path: c.path })),
    { title: `Run ${basename(flowPath)} with which scenario?`, placeHolder: 'scenario' },
  );
  if (picked === undefined) return undefined;
  await state.update(rememberKey(flowPath), picked.path);
  return picked.path;
}

async function openApprovalsGuarded(): Promise<void> {
  const all = await vscode.commands.getCommands(true);
  if (all.includes('flowEdn.openApprovals')) await vscode.commands.executeCommand('flowEdn.openApprovals');
  else void vscode.window.showInformationMessage('Flow EDN: the Approvals view is not available in this build; resolve the wait with the lens above the :wait step or `flow-edn approve RUN`.');
}

/** Tells the user how a run ended; returns the message shown. */
export function tellOutcome(run: RunRecord, flowName: string): string {
  const ms = (run.endedAt ?? run.updatedAt) - run.createdAt;
  switch (run.status) {
    case 'completed': {
      const message = `Flow EDN: ${flowName} completed (run ${run.id}, ${ms} ms).`;
      void vscode.window.showInformationMessage(message);
      return message;
    }
    case 'waiting': {
      const message = `Flow EDN: ${flowName} is waiting for a person (run ${run.id}).`;
      void vscode.window.showInformationMessage(message, 'Open Approvals').then((b) => (b === 'Open Approvals' ? openApprovalsGuarded() : undefined));
      return message;
    }
    default: {
      const error = RunError.parse(run.error);
      const where = error?.data.line !== undefined ? ` at ${describeLine({ ...error.data, line: error.data.line })}` : '';
      const message = `Flow EDN: ${flowName} ${run.status}${error?.data.step ? ` in step :${error.data.step}` : ''}${where}: ${error?.message ?? 'no reason recorded'} (run ${run.id}).`;
      void vscode.window.showErrorMessage(message);
      return message;
    }
  }
}

export async function runFlow(runs: WorkspaceRuns, decorations: RunDecorations, state: vscode.Memento, target: unknown): Promise<RunRecord | undefined> {
  const found = await flowDocument(target);
  if (found === undefined) return undefined;
  const { document } = found;
  const flowPath = document.uri.fsPath;
  const scenario = found.scenario !== undefined ? found.scenario : await chooseScenario(state, flowPath);
  if (scenario === undefined) return undefined;
  const service = runs.service(document.uri);
  const handle = service.start({ flowPath, source: document.getText(), scenario });
  decorations.follow(document.uri, handle.runId);
  const name = basename(flowPath);
  const run = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Flow EDN: running ${name}${scenario ? ` with ${basename(scenario)}` : ''}`, cancellable: true },
    (_progress, token) => {
      const cancelling = token.onCancellationRequested(() => service.cancel(handle.runId, 'cancelled from the editor'));
      return handle.finished.finally(() => cancelling.dispose());
    },
  );
  tellOutcome(run, name);
  return run;
}
