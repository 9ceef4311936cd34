// The graph views' owner: one panel per flow document, beside its editor (panel.ts), opened
// by the command, restored after a window reload (the serializer hands back the panel and the
// page's saved state), and fed run states: live from the store through the run bundle's
// GraphLive (`live`), a run picked in the Runs view (`showRun`), a debug session (`showRunState`).

import * as vscode from 'vscode';
import { basename } from 'node:path';
import type { LanguageClient } from 'vscode-languageclient/node';
import { graphPageHtml } from './html';
import type { GraphDirection, RunStateMessage } from './messages';
import { GraphPanel, type PanelHost } from './panel';
import { GRAPH_VIEW_TYPE } from './view-type';

export { GRAPH_VIEW_TYPE, GraphPanel };

/** The live side (client/runs/graph-live.ts): recomputes the run state a graph shows. */
export interface LiveRuns {
  refresh(uri: vscode.Uri): void;
}

/** What a graph view shows, for the live side. */
export interface GraphDocument {
  uri: vscode.Uri;
  /** The document's text now (read when needed: matching a run by its source). */
  text(): string;
  stepIds: string[];
  /** A picked run, or null to follow the flow's newest run. */
  pinnedRun: string | null;
  /** The run shown now, or null. */
  shownRun: string | null;
}

/** The page's saved state as the serializer gets it back (only the fields the host reads). */
interface SavedPage {
  uri?: unknown;
  runId?: unknown;
  pinned?: unknown;
}

export class GraphPanels implements vscode.Disposable, PanelHost {
  private readonly panels = new Map<string, GraphPanel>();
  private active: GraphPanel | undefined;
  private readonly subscriptions: vscode.Disposable[];

  /**
   * `live(force)`: the live side, made on demand by the extension's context (with `force`,
   * always; without, only when a store exists or the run side is loaded already).
   */
  constructor(
    private readonly extensionUri: vscode.Uri,
    readonly client: () => LanguageClient | undefined,
    private readonly output: vscode.LogOutputChannel,
    private readonly live: (force: boolean) => LiveRuns | undefined = () => undefined,
  ) {
    this.subscriptions = [
      vscode.workspace.onDidChangeTextDocument((e) => this.panels.get(e.document.uri.toString())?.edited()),
      vscode.window.onDidChangeTextEditorSelection((e) => this.panels.get(e.textEditor.document.uri.toString())?.selected(e.selections[0]!)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('flowEdn.graph.direction')) return;
        for (const p of this.panels.values()) p.post({ type: 'direction', direction: this.direction() });
      }),
    ];
  }

  log(message: string): void {
    this.output.info(message);
  }

  direction(): GraphDirection {
    return vscode.workspace.getConfiguration('flowEdn').get<string>('graph.direction') === 'down' ? 'down' : 'right';
  }

  changed(panel: GraphPanel): void {
    this.live(panel.pinnedRun !== null)?.refresh(panel.document.uri);
  }

  /** Opens (or reveals) the graph of a flow document beside its editor. */
  async open(document: vscode.TextDocument): Promise<GraphPanel> {
    const existing = this.panels.get(document.uri.toString());
    if (existing !== undefined) {
      existing.panel.reveal(vscode.ViewColumn.Beside, true);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(GRAPH_VIEW_TYPE, `Graph: ${basename(document.uri.fsPath)}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, this.webviewOptions());
    return this.adopt(document, panel, null);
  }

  /**
   * Takes over a panel VS Code restored after a window reload (the serializer calls this with
   * the page's saved state): the same flow document, the same picked run.
   */
  async restore(panel: vscode.WebviewPanel, saved: unknown): Promise<GraphPanel | undefined> {
    const state = (typeof saved === 'object' && saved !== null ? saved : {}) as SavedPage;
    const uri = typeof state.uri === 'string' ? vscode.Uri.parse(state.uri) : undefined;
    let document: vscode.TextDocument | undefined;
    try {
      if (uri !== undefined) document = await vscode.workspace.openTextDocument(uri);
    } catch (error) {
      this.log(`graph view: cannot restore the graph of ${uri?.toString()}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (document === undefined || this.panels.has(document.uri.toString())) {
      panel.dispose();
      return undefined;
    }
    panel.webview.options = this.webviewOptions();
    const pinned = state.pinned === true && typeof state.runId === 'string' ? state.runId : null;
    return this.adopt(document, panel, pinned);
  }

  private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'out', 'webview')] };
  }

  private async adopt(document: vscode.TextDocument, panel: vscode.WebviewPanel, pinnedRun: string | null): Promise<GraphPanel> {
    const key = document.uri.toString();
    const root = vscode.Uri.joinPath(this.extensionUri, 'out', 'webview');
    const web = panel.webview;
    panel.title = `Graph: ${basename(document.uri.fsPath)}`;
    web.html = graphPageHtml({
      cspSource: web.cspSource,
      script: web.asWebviewUri(vscode.Uri.joinPath(root, 'graph.js')).toString(),
      style: web.asWebviewUri(vscode.Uri.joinPath(root, 'graph.css')).toString(),
      codicons: web.asWebviewUri(vscode.Uri.joinPath(root, 'codicon.css')).toString(),
    });
    const graphPanel = new GraphPanel(document, panel, this);
    graphPanel.pinnedRun = pinnedRun;
    this.panels.set(key, graphPanel);
    this.active = graphPanel;
    panel.webview.onDidReceiveMessage((m: unknown) => graphPanel.received(m));
    panel.onDidChangeViewState((e) => {
      if (e.webviewPanel.active) this.active = graphPanel;
    });
    panel.onDidDispose(() => {
      graphPanel.dispose();
      this.panels.delete(key);
      if (this.active === graphPanel) this.active = undefined;
    });
    await graphPanel.refresh();
    return graphPanel;
  }

  /** The panel export acts on: the active graph view, else the active editor's. */
  current(): GraphPanel | undefined {
    const editor = vscode.window.activeTextEditor;
    return (this.active?.panel.active ? this.active : undefined) ?? (editor ? this.panels.get(editor.document.uri.toString()) : undefined) ?? this.active;
  }

  /** Writes the drawn graph to `target` (asked for when not given); returns where. */
  async exportSvg(target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const panel = this.current();
    if (panel === undefined) {
      void vscode.window.showInformationMessage('Flow EDN: open a flow graph first (Flow EDN: Open Flow Graph).');
      return undefined;
    }
    const svg = await panel.exportSvg();
    const where = target ?? (await vscode.window.showSaveDialog({ defaultUri: panel.document.uri.with({ path: panel.document.uri.path.replace(/(\.flow)?\.(edn|clj)$/, '') + '.graph.svg' }), filters: { SVG: ['svg'] } }));
    if (where === undefined) return undefined;
    await vscode.workspace.fs.writeFile(where, new TextEncoder().encode(svg));
    return where;
  }

  /**
   * Shows run `runId` on the graph of the flow file `uri` (opened beside its editor if it is
   * not open): the Runs view calls this for the run selected there. The run stays picked
   * (live updates of it keep coming) until another is picked; `null` goes back to following
   * the flow's newest run.
   */
  async showRun(uri: vscode.Uri, runId: string | null): Promise<void> {
    const panel = this.panels.get(uri.toString()) ?? (await this.open(await vscode.workspace.openTextDocument(uri)));
    panel.pinnedRun = runId;
    this.live(runId !== null)?.refresh(uri);
  }

  /**
   * A debug session's state for a flow document (its `paused` step is kept over the live
   * updates of the same run); `runId: null` clears what the graph shows.
   */
  showRunState(uri: vscode.Uri, state: RunStateMessage): void {
    const panel = this.panels.get(uri.toString());
    if (panel === undefined) return;
    panel.debugPause = state.runId !== null ? { runId: state.runId, paused: state.paused } : null;
    panel.showRunState(state);
  }

  /** The live side's update: shown unless a debug session's pause applies (then merged). */
  postLiveState(uri: vscode.Uri, state: RunStateMessage): void {
    this.panels.get(uri.toString())?.showRunState(state);
  }

  /** The documents drawn now, for the live side. */
  documents(): GraphDocument[] {
    return [...this.panels.values()].map((p) => ({ uri: p.document.uri, text: () => p.document.getText(), stepIds: p.stepIds(), pinnedRun: p.pinnedRun, shownRun: p.runState?.runId ?? null }));
  }

  panelFor(uri: vscode.Uri): GraphPanel | undefined {
    return this.panels.get(uri.toString());
  }

  dispose(): void {
    for (const p of this.panels.values()) p.panel.dispose();
    this.subscriptions.forEach((s) => s.dispose());
  }
}
