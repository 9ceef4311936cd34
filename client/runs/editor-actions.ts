// The editor's run actions in one object (issue 13, second half), created on first use from
// the run bundle: Run / Debug Flow, inline decorations, Simulate Webhook with the local
// runtime and its status bar item, Fire Now, Approve / Reject on a `:wait`, New Scenario, and
// the lenses that call them. `client/commands.ts` and the activation's lens provider reach it
// through `Ctx.editorActions()`; tests through `api.editorActions()`.

import * as vscode from 'vscode';
import type { RunRecord } from '../../engine/store/port';
import type { ResolveOutcome, WebhookAnswer } from '../../engine/service/index';
import { RunDecorations, type AppliedDecorations } from './decorations';
import { fireSchedule, newScenario, resolveWait } from './entry-actions';
import { runLenses } from './lenses';
import { runFlow } from './run-flow';
import { LocalRuntimes } from './runtime-status';
import { simulateWebhook } from './webhook-sim';
import type { WorkspaceRuns } from './workspace-runs';

/** What the actions need from the extension (client/context.ts's Ctx provides it). */
export interface ActionsHost {
  readonly extension: vscode.ExtensionContext;
  readonly output: vscode.LogOutputChannel;
  runs(): WorkspaceRuns;
}

export class EditorActions implements vscode.Disposable {
  readonly decorations: RunDecorations;
  readonly runtimes: LocalRuntimes;
  private readonly lensesChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeLenses = this.lensesChanged.event;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly host: ActionsHost) {
    const runs = host.runs();
    this.decorations = new RunDecorations(runs);
    this.runtimes = new LocalRuntimes(runs, host.extension.asAbsolutePath('out/cli.js'), host.output);
    // Pending waits come and go: the `:wait` lenses follow the feed.
    this.subscriptions.push(runs.onChanges((batch) => {
      if (batch.changes.some((c) => c.kind === 'wait')) this.lensesChanged.fire();
    }));
  }

  runFlow(target?: unknown): Promise<RunRecord | undefined> {
    return runFlow(this.host.runs(), this.decorations, this.host.extension.workspaceState, target);
  }

  simulateWebhook(target?: unknown): Promise<WebhookAnswer | undefined> {
    return simulateWebhook(this.host.runs(), this.runtimes, this.decorations, this.host.output, target);
  }

  fireSchedule(target?: unknown): Promise<RunRecord | undefined> {
    return fireSchedule(this.host.runs(), this.decorations, target);
  }

  resolveWait(target?: unknown): Promise<ResolveOutcome | undefined> {
    return resolveWait(this.host.runs(), target);
  }

  newScenario(target?: unknown): Promise<vscode.Uri | undefined> {
    return newScenario(target);
  }

  async startRuntime(target?: unknown): Promise<string | undefined> {
    const uri = target instanceof vscode.Uri ? target : vscode.window.activeTextEditor?.document.uri;
    try {
      const url = await this.runtimes.start(uri);
      void vscode.window.showInformationMessage(`Flow EDN: the local runtime serves this folder's flows at ${url}.`);
      return url;
    } catch (e) {
      void vscode.window.showErrorMessage(`Flow EDN: ${(e as Error).message}`);
      return undefined;
    }
  }

  stopRuntime(target?: unknown): Promise<void> {
    return this.runtimes.stop(target instanceof vscode.Uri ? target : vscode.window.activeTextEditor?.document.uri);
  }

  /** Shows `runId` inline in `uri`'s editors (the Runs tree calls this on selection). */
  showRun(uri: vscode.Uri, runId: string): AppliedDecorations | undefined {
    return this.decorations.showRun(uri, runId);
  }

  lenses(document: vscode.TextDocument): vscode.CodeLens[] {
    return runLenses(document, this.host.runs());
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
    this.lensesChanged.dispose();
    this.decorations.dispose();
    this.runtimes.dispose();
  }
}
