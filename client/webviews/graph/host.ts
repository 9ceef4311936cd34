// The graph view's host: one webview panel per flow document, beside its editor. Asks the
// language server for the graph (flowEdn/graph) when opened and after each edit, reveals a
// node's source when the page asks, highlights the nodes the editor's selection touches, and
// exports the drawn graph as SVG. Run states reach the page through `showRunState` (the run
// service's observer calls it; issue 11).

import * as vscode from 'vscode';
import { basename } from 'node:path';
import type { LanguageClient } from 'vscode-languageclient/node';
import * as lspExt from '../../../server/lsp-ext';
import type { GraphResult } from '../../../server/lsp-ext';
import { graphPageHtml } from './html';
import { isFromPage, type FromPage, type GraphDirection, type ToPage } from './messages';

export const GRAPH_VIEW_TYPE = 'flowEdn.graph';
/** Milliseconds after the last edit before the graph is asked for again. */
const EDIT_DELAY_MS = 150;

type RunState = Extract<ToPage, { type: 'runState' }>;

class GraphPanel {
  graph: GraphResult | null = null;
  lastDrawn: Extract<FromPage, { type: 'drawn' }> | null = null;
  runState: RunState | null = null;
  private timer: NodeJS.Timeout | undefined;
  private nextRequestId = 1;
  private readonly svgWaiters = new Map<number, (svg: string) => void>();

  constructor(
    readonly document: vscode.TextDocument,
    readonly panel: vscode.WebviewPanel,
    private readonly host: GraphPanels,
  ) {}

  post(message: ToPage): void {
    void this.panel.webview.postMessage(message);
  }

  async refresh(): Promise<void> {
    const client = this.host.client();
    if (client === undefined) return;
    const result = await client.sendRequest(lspExt.graph, { textDocument: { uri: this.document.uri.toString() } });
    if (result === null) return;
    if (this.graph !== null && result.version < this.graph.version) return;
    this.graph = result;
    this.post({ type: 'graph', fileName: basename(this.document.uri.fsPath), version: result.version, stale: result.stale, problem: result.problem, graph: result.graph, direction: this.host.direction() });
    if (result.version < this.document.version) this.edited();
  }

  edited(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh().catch((e: unknown) => this.host.log(`graph refresh failed: ${String(e)}`)), EDIT_DELAY_MS);
  }

  received(message: unknown): void {
    if (!isFromPage(message)) {
      this.host.log(`graph view: ignored a malformed message ${JSON.stringify(message)?.slice(0, 200)}`);
      return;
    }
    switch (message.type) {
      case 'ready':
        if (this.graph !== null) this.post({ type: 'graph', fileName: basename(this.document.uri.fsPath), version: this.graph.version, stale: this.graph.stale, problem: this.graph.problem, graph: this.graph.graph, direction: this.host.direction() });
        else void this.refresh();
        if (this.runState !== null) this.post(this.runState);
        break;
      case 'reveal':
        void this.reveal(message.nodeId);
        break;
      case 'svg':
        this.svgWaiters.get(message.requestId)?.(message.svg);
        this.svgWaiters.delete(message.requestId);
        break;
      case 'drawn':
        this.lastDrawn = message;
        this.host.log(`graph drawn: v${message.version}, ${message.nodes} nodes, layout ${message.layoutMs.toFixed(1)} ms, render ${message.renderMs.toFixed(1)} ms`);
        break;
      case 'error':
        this.host.log(`graph view: ${message.message}`);
        break;
    }
  }

  /** Shows the node's source in the flow's editor, selecting its id (or label). */
  async reveal(nodeId: string): Promise<void> {
    const node = this.graph?.graph.nodes.find((n) => n.id === nodeId);
    if (node === undefined) return;
    const s = node.selection;
    const range = new vscode.Range(s.start.line, s.start.character, s.end.line, s.end.character);
    const column = vscode.window.visibleTextEditors.find((e) => e.document === this.document)?.viewColumn ?? vscode.ViewColumn.One;
    const editor = await vscode.window.showTextDocument(this.document, { viewColumn: column, selection: range, preserveFocus: false });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  /** The nodes (innermost first) whose source holds the selection. */
  selected(selection: vscode.Selection): void {
    if (this.graph === null || this.graph.stale) return;
    const at = selection.active;
    const holds = (r: GraphResult['graph']['nodes'][number]['range']) => new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character).contains(at);
    const nodes = this.graph.graph.nodes.filter((n) => (n.kind === 'step' || n.kind === 'branch' || n.kind === 'entry') && holds(n.range));
    const size = (n: (typeof nodes)[number]) => (n.range.end.line - n.range.start.line) * 10_000 + n.range.end.character - n.range.start.character;
    nodes.sort((a, b) => size(a) - size(b));
    this.post({ type: 'highlight', nodeIds: nodes.slice(0, 1).map((n) => n.id) });
  }

  exportSvg(): Promise<string> {
    const requestId = this.nextRequestId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the graph view did not answer with its SVG within 10 s')), 10_000);
      this.svgWaiters.set(requestId, (svg) => (clearTimeout(timer), resolve(svg)));
      this.post({ type: 'exportSvg', requestId });
    });
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}

export class GraphPanels implements vscode.Disposable {
  private readonly panels = new Map<string, GraphPanel>();
  private active: GraphPanel | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly extensionUri: vscode.Uri,
    readonly client: () => LanguageClient | undefined,
    private readonly output: vscode.LogOutputChannel,
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

  /** Opens (or reveals) the graph of a flow document beside its editor. */
  async open(document: vscode.TextDocument): Promise<GraphPanel> {
    const key = document.uri.toString();
    const existing = this.panels.get(key);
    if (existing !== undefined) {
      existing.panel.reveal(vscode.ViewColumn.Beside, true);
      return existing;
    }
    const root = vscode.Uri.joinPath(this.extensionUri, 'out', 'webview');
    const panel = vscode.window.createWebviewPanel(GRAPH_VIEW_TYPE, `Graph: ${basename(document.uri.fsPath)}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true, localResourceRoots: [root] });
    const web = panel.webview;
    web.html = graphPageHtml({
      cspSource: web.cspSource,
      script: web.asWebviewUri(vscode.Uri.joinPath(root, 'graph.js')).toString(),
      style: web.asWebviewUri(vscode.Uri.joinPath(root, 'graph.css')).toString(),
      codicons: web.asWebviewUri(vscode.Uri.joinPath(root, 'codicon.css')).toString(),
    });
    const graphPanel = new GraphPanel(document, panel, this);
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

  /** The seam for live states (issue 11): a run's or debug session's state for a flow document. */
  showRunState(uri: vscode.Uri, state: RunState): void {
    const panel = this.panels.get(uri.toString());
    if (panel === undefined) return;
    panel.runState = state;
    panel.post(state);
  }

  panelFor(uri: vscode.Uri): GraphPanel | undefined {
    return this.panels.get(uri.toString());
  }

  dispose(): void {
    for (const p of this.panels.values()) p.panel.dispose();
    this.subscriptions.forEach((s) => s.dispose());
  }
}
