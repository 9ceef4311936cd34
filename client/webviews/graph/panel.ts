// One graph view: a webview panel drawing one flow document. Asks the language server for
// the graph (flowEdn/graph) when opened and after each edit, reveals a node's source when the
// page asks, highlights the nodes the editor's selection touches, exports the drawn SVG, and
// keeps the run state it shows (live from the store, a picked run, a debug session's pause).

import * as vscode from 'vscode';
import { basename } from 'node:path';
import * as lspExt from '../../../server/lsp-ext';
import type { GraphResult } from '../../../server/lsp-ext';
import { isFromPage, type FromPage, type RunStateMessage, type ToPage } from './messages';

/** Milliseconds after the last edit before the graph is asked for again. */
const EDIT_DELAY_MS = 150;

/** What a panel needs of its owner (GraphPanels). */
export interface PanelHost {
  client(): import('vscode-languageclient/node').LanguageClient | undefined;
  direction(): 'right' | 'down';
  log(message: string): void;
  /** The graph or the text changed: the live run state is recomputed (stale or not). */
  changed(panel: GraphPanel): void;
}

export class GraphPanel {
  graph: GraphResult | null = null;
  lastDrawn: Extract<FromPage, { type: 'drawn' }> | null = null;
  /** The run state the page shows now (null: none). */
  runState: RunStateMessage | null = null;
  /** A run picked in the Runs view (null: the flow's newest run is followed). */
  pinnedRun: string | null = null;
  /** A debug session's pause: kept over live updates of the same run until it says otherwise. */
  debugPause: { runId: string; paused: string | null } | null = null;
  private timer: NodeJS.Timeout | undefined;
  private nextRequestId = 1;
  private readonly svgWaiters = new Map<number, (svg: string) => void>();

  constructor(
    readonly document: vscode.TextDocument,
    readonly panel: vscode.WebviewPanel,
    private readonly host: PanelHost,
  ) {}

  post(message: ToPage): void {
    void this.panel.webview.postMessage(message);
  }

  /** The step ids drawn (for the run state: steps never reached read pending or skipped). */
  stepIds(): string[] {
    return (this.graph?.graph.nodes ?? []).flatMap((n) => (n.kind === 'step' && n.stepId ? [n.stepId] : []));
  }

  private postGraph(): void {
    const g = this.graph!;
    this.post({ type: 'graph', fileName: basename(this.document.uri.fsPath), version: g.version, stale: g.stale, problem: g.problem, graph: g.graph, direction: this.host.direction(), uri: this.document.uri.toString() });
  }

  async refresh(): Promise<void> {
    const client = this.host.client();
    if (client === undefined) return;
    const result = await client.sendRequest(lspExt.graph, { textDocument: { uri: this.document.uri.toString() } });
    if (result === null) return;
    if (this.graph !== null && result.version < this.graph.version) return;
    this.graph = result;
    this.postGraph();
    this.host.changed(this);
    if (result.version < this.document.version) this.edited();
  }

  edited(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh().catch((e: unknown) => this.host.log(`graph refresh failed: ${String(e)}`)), EDIT_DELAY_MS);
  }

  /** Shows a run's state (the pause a debug session set for that run is kept). */
  showRunState(state: RunStateMessage): void {
    const pause = this.debugPause;
    const paused = pause !== null && pause.runId === state.runId && state.status !== 'completed' && state.status !== 'failed' && state.status !== 'cancelled' ? pause.paused : state.paused;
    this.runState = { ...state, paused };
    this.post(this.runState);
  }

  received(message: unknown): void {
    if (!isFromPage(message)) {
      this.host.log(`graph view: ignored a malformed message ${JSON.stringify(message)?.slice(0, 200)}`);
      return;
    }
    switch (message.type) {
      case 'ready':
        if (this.graph !== null) this.postGraph();
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
