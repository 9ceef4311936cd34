// The Approvals view's host: serves the page in the Flow EDN side bar (a WebviewViewProvider)
// and, on Flow EDN: Open Approvals with `panel`, in an editor panel; sends every pending wait
// of the open stores on ready and after each store change touching waits or runs (coalesced),
// acts on resolve requests (resolve.ts) and tells the page when a wait it shows was resolved
// elsewhere. Messages are validated on arrival (messages.ts).

import * as vscode from 'vscode';
import type { RunService } from '../../../engine/service/index';
import type { FeedChange } from '../../../engine/service/index';
import { approvalsPageHtml } from '../../webviews/approvals/html';
import { isFromPage, type PendingWait, type ToPage } from '../../webviews/approvals/messages';
import { pendingWaits } from './pending';
import { resolveFromPage } from './resolve';

export const APPROVALS_VIEW_ID = 'flowEdn.approvals';

export interface ApprovalsDeps {
  extensionUri: vscode.Uri;
  /** The open stores by key (their file path). */
  services(): ReadonlyMap<string, RunService>;
  /** Shows a run in the Runs view. */
  revealRun(store: string, runId: string): void;
  log(line: string): void;
  /** Called after each list sent (the benchmark and tests wait on it). */
  onSent?(waits: PendingWait[]): void;
}

export class ApprovalsHost implements vscode.WebviewViewProvider, vscode.Disposable {
  private readonly webviews = new Set<vscode.Webview>();
  private shown = new Map<string, PendingWait>();
  /** Waits resolved from this window: no "resolved elsewhere" notice for them. */
  private readonly ours = new Set<string>();
  private scheduled: NodeJS.Immediate | undefined;
  private panel: vscode.WebviewPanel | undefined;
  lastSent: PendingWait[] = [];
  /** The slowest snapshot of the pending waits so far (store reads on the host's thread). */
  slowestSnapshotMs = 0;

  constructor(private readonly deps: ApprovalsDeps) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.attach(view.webview, (d) => view.onDidDispose(d));
  }

  /** Opens (or reveals) the approvals as an editor panel. */
  openPanel(): vscode.WebviewPanel {
    if (this.panel !== undefined) {
      this.panel.reveal();
      return this.panel;
    }
    const root = vscode.Uri.joinPath(this.deps.extensionUri, 'out', 'webview');
    const panel = vscode.window.createWebviewPanel('flowEdn.approvalsPanel', 'Approvals', vscode.ViewColumn.Active, { enableScripts: true, localResourceRoots: [root], retainContextWhenHidden: false });
    this.panel = panel;
    this.attach(panel.webview, (d) => panel.onDidDispose(() => ((this.panel = undefined), d())));
    return panel;
  }

  private attach(webview: vscode.Webview, onDispose: (d: () => void) => void): void {
    const root = vscode.Uri.joinPath(this.deps.extensionUri, 'out', 'webview');
    webview.options = { enableScripts: true, localResourceRoots: [root] };
    webview.html = approvalsPageHtml({
      cspSource: webview.cspSource,
      script: webview.asWebviewUri(vscode.Uri.joinPath(root, 'approvals.js')).toString(),
      style: webview.asWebviewUri(vscode.Uri.joinPath(root, 'approvals.css')).toString(),
      codicons: webview.asWebviewUri(vscode.Uri.joinPath(root, 'codicon.css')).toString(),
    });
    this.webviews.add(webview);
    const sub = webview.onDidReceiveMessage((m: unknown) => void this.received(webview, m));
    onDispose(() => {
      sub.dispose();
      this.webviews.delete(webview);
    });
  }

  private post(webview: vscode.Webview, message: ToPage): void {
    void webview.postMessage(message);
  }

  private async received(webview: vscode.Webview, message: unknown): Promise<void> {
    if (!isFromPage(message)) {
      this.deps.log(`approvals view: ignored a malformed message ${JSON.stringify(message)?.slice(0, 200)}`);
      return;
    }
    switch (message.type) {
      case 'ready':
        this.post(webview, { type: 'waits', waits: this.snapshot(), sentAt: Date.now() });
        break;
      case 'openRun':
        this.deps.revealRun(message.store, message.runId);
        break;
      case 'resolve': {
        const service = this.deps.services().get(message.store);
        if (service === undefined) {
          this.post(webview, { type: 'answer', requestId: message.requestId, waitId: message.waitId, ok: false, message: `the store ${message.store} is not open in this window`, reason: 'no-store' });
          return;
        }
        this.ours.add(message.waitId);
        const answer = await resolveFromPage(service, message, process.env.USER ?? 'vscode');
        this.deps.log(`approvals: ${message.action} ${message.runId}/${message.waitId}: ${answer.message}`);
        for (const w of this.webviews) this.post(w, answer);
        this.refresh();
        break;
      }
    }
  }

  private snapshot(): PendingWait[] {
    const started = performance.now();
    const waits: PendingWait[] = [];
    for (const [key, service] of this.deps.services()) waits.push(...pendingWaits(service.store, key));
    this.slowestSnapshotMs = Math.max(this.slowestSnapshotMs, performance.now() - started);
    return waits;
  }

  /** Sends the list again on the next turn (several changes in one turn send once). */
  refresh(): void {
    if (this.scheduled !== undefined) return;
    this.scheduled = setImmediate(() => {
      this.scheduled = undefined;
      const waits = this.snapshot();
      this.lastSent = waits;
      const now = new Map(waits.map((w) => [w.waitId, w]));
      this.shown = now;
      for (const w of this.webviews) this.post(w, { type: 'waits', waits, sentAt: Date.now() });
      this.deps.onSent?.(waits);
    });
  }

  /** A batch of store changes (any process's). */
  changed(store: string, service: RunService, changes: readonly FeedChange[]): void {
    let touched = false;
    for (const c of changes) {
      if (c.kind === 'wait') {
        touched = true;
        if (c.status !== 'pending' && this.shown.has(c.waitId) && !this.ours.has(c.waitId)) {
          const w = service.store.getWait(c.waitId);
          const shown = this.shown.get(c.waitId)!;
          const message = `wait :${shown.stepId} (key ${shown.key}) of run ${shown.runId} was ${w?.status ?? c.status}${w?.resolvedBy ? ` by ${w.resolvedBy}` : ''} elsewhere`;
          for (const v of this.webviews) this.post(v, { type: 'notice', waitId: c.waitId, message });
        }
      } else if (c.kind === 'run' && c.status === 'deleted') touched = true;
    }
    if (touched && store !== '') this.refresh();
  }

  dispose(): void {
    if (this.scheduled !== undefined) clearImmediate(this.scheduled);
    this.panel?.dispose();
  }
}
