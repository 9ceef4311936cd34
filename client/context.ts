// The one object the extension's parts share (rust-analyzer's `Ctx`): the extension context,
// the output channel, the language client's life cycle (start, restart, stop), and the
// graph views (created on first use from the client's bundle), and the run side (the
// workspace's run services and their change feed, from the `out/runs.js` bundle on first use).

import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import type { LanguageClient } from './language-client';
import { join } from 'node:path';
import type { GraphPanels, LiveRuns } from './webviews/graph/host';
import type { WorkspaceRuns } from './runs/workspace-runs';
import type { RunViews } from './runs/run-views';
import { runViews } from './views';
import type { EditorActions } from './runs/editor-actions';
import { debugFlow, type DebugFlowOptions } from './debug/vscode/debug-flow';

export class Ctx {
  readonly output: vscode.LogOutputChannel;
  private client: LanguageClient | undefined;
  private bundle: typeof import('./language-client') | undefined;
  private graphPanels: GraphPanels | undefined;
  private runsBundle: typeof import('./runs/index') | undefined;
  private workspaceRuns: WorkspaceRuns | undefined;
  private graphLive: LiveRuns | undefined;
  private actions: EditorActions | undefined;
  private ready: Promise<void> = Promise.reject(new Error('the Flow EDN language server was not started'));

  constructor(readonly extension: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel('Flow EDN', { log: true });
    extension.subscriptions.push(this.output);
    this.ready.catch(() => undefined);
  }

  /** Resolves when the current server is running. */
  serverReady(): Promise<void> {
    return this.ready;
  }

  /** Starts the server in the background; the returned promise is also `serverReady()`. */
  startServer(): Promise<void> {
    this.ready = this.launch();
    this.ready.catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      this.output.error(`language server did not start: ${message}`);
      void vscode.window.showErrorMessage(`Flow EDN: the language server did not start: ${message}`);
    });
    return this.ready;
  }

  /** The graph views; they live in the client's bundle, which sends the typed requests. */
  async graphs(): Promise<GraphPanels> {
    await this.ready;
    if (this.graphPanels === undefined) {
      this.graphPanels = new this.bundle!.GraphPanels(this.extension.extensionUri, () => this.client, this.output, (force) => this.liveRuns(force));
      this.extension.subscriptions.push(this.graphPanels);
    }
    return this.graphPanels;
  }

  /** The run bundle (out/runs.js: views, decorations, simulation), loaded on first use. */
  runsModule(): typeof import('./runs/index') {
    this.runsBundle ??= require(this.extension.asAbsolutePath('out/runs.js')) as typeof import('./runs/index');
    return this.runsBundle;
  }

  /** The workspace's run services (one per folder, on `.flow-edn/runs.db`) and their change feed. */
  runs(): WorkspaceRuns {
    if (this.workspaceRuns === undefined) {
      this.workspaceRuns = new (this.runsModule().WorkspaceRuns)(this.output);
      this.extension.subscriptions.push(this.workspaceRuns);
      // Graphs open before the run side loaded follow runs from now on.
      if (this.graphPanels !== undefined) queueMicrotask(() => this.liveRuns(true));
    }
    return this.workspaceRuns;
  }

  /**
   * The graphs' live side (run bundle), made when a graph needs it: at once with `force`
   * (a run picked, the run side loaded), else only when a folder already has a store, so that
   * opening a graph never creates `.flow-edn/runs.db`.
   */
  private liveRuns(force: boolean): LiveRuns | undefined {
    if (this.graphLive !== undefined || this.graphPanels === undefined) return this.graphLive;
    const hasStore = () => (vscode.workspace.workspaceFolders ?? []).some((f) => existsSync(join(f.uri.fsPath, '.flow-edn', 'runs.db')));
    if (!force && this.workspaceRuns === undefined && !hasStore()) return undefined;
    const live = new (this.runsModule().GraphLive)(this.runs(), this.graphPanels, (m) => this.output.info(m));
    this.graphLive = live;
    this.extension.subscriptions.push(live);
    for (const d of this.graphPanels.documents()) live.refresh(d.uri);
    return live;
  }

  /** A graph panel VS Code restored after a window reload (the serializer's call). */
  async restoreGraph(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    await (await this.graphs()).restore(panel, state);
  }

  /** The Runs tree, the Approvals view and the run documents (client/views.ts; run bundle on first use). */
  runViews(): RunViews {
    return runViews(this);
  }

  /** Run Flow, decorations, webhook simulation, lenses (client/runs/editor-actions.ts), created on first use. */
  editorActions(): EditorActions {
    if (this.actions === undefined) {
      this.actions = new (this.runsModule().EditorActions)(this);
      this.extension.subscriptions.push(this.actions);
    }
    return this.actions;
  }

  /** Opens the graph of a flow document (a uri from a code lens, else the active editor's). */
  async openGraph(target?: unknown): Promise<void> {
    const uri = target instanceof vscode.Uri ? target : typeof target === 'string' ? vscode.Uri.parse(target) : vscode.window.activeTextEditor?.document.uri;
    if (uri === undefined) {
      void vscode.window.showInformationMessage('Flow EDN: open a flow file first; its graph opens beside it.');
      return;
    }
    const document = await vscode.workspace.openTextDocument(uri);
    if (document.languageId !== 'flow-edn') {
      void vscode.window.showInformationMessage(`Flow EDN: ${uri.fsPath} is not a flow file (*.flow.edn, or .edn under flows/).`);
      return;
    }
    await (await this.graphs()).open(document);
  }

  /** Export as SVG: the drawn graph of the current graph view, to `target` or a file the user picks. */
  async exportGraphSvg(target?: unknown): Promise<vscode.Uri | undefined> {
    return (await this.graphs()).exportSvg(target instanceof vscode.Uri ? target : undefined);
  }

  /** Flow EDN: Debug Flow on a flow (a code lens's uri, else the active editor's); options: `DebugFlowOptions`. */
  debugFlow(target?: unknown, options?: unknown): Promise<boolean> {
    return debugFlow(this.extension.workspaceState, target, (options ?? {}) as DebugFlowOptions);
  }

  async restartServer(): Promise<void> {
    await this.stopServer();
    await this.startServer();
  }

  async stopServer(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await client.dispose();
  }

  private async launch(): Promise<void> {
    // Yield first: loading the client bundle happens after activate() has returned.
    await new Promise((resolve) => setImmediate(resolve));
    const serverModule = this.extension.asAbsolutePath('out/server.js');
    if (!existsSync(serverModule)) throw new Error(`${serverModule} is missing; run \`npm run build\``);
    // The language client library is most of the extension's code: it lives in its own
    // bundle (out/languageClient.js), loaded here, after activation, so activating stays cheap.
    const bundle = this.extension.asAbsolutePath('out/languageClient.js');
    this.bundle = require(bundle) as typeof import('./language-client');
    const client = this.bundle.createLanguageClient(serverModule, this.output);
    this.client = client;
    await client.start();
  }
}
