// The local runtimes of the workspace (one `flow-edn serve` per folder's store, started on
// demand by Simulate Webhook or Start Local Runtime) and their status bar item: address and
// state; a click starts or stops it. The process itself is local-runtime.ts.

import * as vscode from 'vscode';
import { LocalRuntime, type RuntimeState } from './local-runtime';
import type { WorkspaceRuns } from './workspace-runs';

export class LocalRuntimes implements vscode.Disposable {
  private readonly byFolder = new Map<string, LocalRuntime>();
  private readonly item = vscode.window.createStatusBarItem('flowEdn.localRuntime', vscode.StatusBarAlignment.Left, 10);
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly runs: WorkspaceRuns,
    private readonly cliPath: string,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.item.name = 'Flow EDN Local Runtime';
    this.subscriptions.push(vscode.window.onDidChangeActiveTextEditor(() => this.show()));
    this.show();
  }

  /** The runtime of the folder holding `uri` (the first folder without one). */
  of(uri?: vscode.Uri): LocalRuntime {
    const service = this.runs.service(uri);
    const folder = this.runs.folderOf(uri)!;
    const key = folder.toString();
    let runtime = this.byFolder.get(key);
    if (runtime === undefined) {
      runtime = new LocalRuntime({ cliPath: this.cliPath, folder: folder.fsPath, dbPath: service.dbPath, log: (line) => this.output.info(`serve: ${line}`) });
      runtime.onState(() => this.show());
      this.byFolder.set(key, runtime);
    }
    return runtime;
  }

  /** Starts (or finds) the runtime and returns its base URL. */
  async start(uri?: vscode.Uri): Promise<string> {
    const url = await this.of(uri).ensure();
    this.show();
    return url;
  }

  async stop(uri?: vscode.Uri): Promise<void> {
    const runtime = this.of(uri);
    const state = runtime.state;
    if (state.kind === 'running' && !state.ours) {
      void vscode.window.showInformationMessage(`Flow EDN: the local runtime at ${state.url} was started outside the editor (pid ${state.pid}); stop it where it runs.`);
      return;
    }
    await runtime.stop();
    this.show();
  }

  state(uri?: vscode.Uri): RuntimeState {
    return this.of(uri).state;
  }

  private show(): void {
    const document = vscode.window.activeTextEditor?.document;
    let state: RuntimeState;
    try {
      state = this.of(document?.uri).state;
    } catch {
      this.item.hide();
      return;
    }
    // Stopped, it is worth a place only beside a flow file.
    if (state.kind === 'stopped' && document?.languageId !== 'flow-edn') {
      this.item.hide();
      return;
    }
    switch (state.kind) {
      case 'running':
        this.item.text = `$(radio-tower) Flow EDN ${state.url.replace(/^http:\/\//, '')}`;
        this.item.tooltip = `Local runtime (flow-edn serve) at ${state.url}, pid ${state.pid}${state.ours ? '' : ', started outside the editor'}. Click to stop.`;
        this.item.command = 'flowEdn.stopRuntime';
        break;
      case 'starting':
        this.item.text = '$(loading~spin) Flow EDN runtime starting';
        this.item.tooltip = 'Starting flow-edn serve on 127.0.0.1';
        this.item.command = undefined;
        break;
      case 'failed':
        this.item.text = '$(error) Flow EDN runtime';
        this.item.tooltip = `The local runtime did not start: ${state.reason}. Click to try again.`;
        this.item.command = 'flowEdn.startRuntime';
        break;
      default:
        this.item.text = '$(circle-slash) Flow EDN runtime stopped';
        this.item.tooltip = 'The local runtime (flow-edn serve) is not running. Click to start it on 127.0.0.1.';
        this.item.command = 'flowEdn.startRuntime';
    }
    this.item.show();
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
    this.item.dispose();
    for (const runtime of this.byFolder.values()) void runtime.stop();
  }
}
