// The run views of one window: the Approvals webview, the Runs tree, the `flow-edn-run:`
// documents and the actions on runs (reveal, open result/artifact, re-run, debug from a
// step, cancel, delete, copy id), over the stores of the workspace folders (each folder's
// `.flow-edn/runs.db`, opened once it exists) and fed by WorkspaceRuns' change feed.

import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import type { RunService } from '../../engine/service/index';
import type { RunStore } from '../../engine/store/port';
import { ApprovalsHost } from './approvals/host';
import { artifactUri, RunDocuments, stepResultUri } from './run-documents';
import { sourceFileOf, type RunsNode } from './runs-model';
import { RunsTree } from './runs-tree';
import type { WorkspaceRuns } from './workspace-runs';

export class RunViews implements vscode.Disposable {
  readonly approvals: ApprovalsHost;
  readonly tree: RunsTree;
  readonly documents: RunDocuments;
  treeView: vscode.TreeView<RunsNode> | undefined;
  /** How long the constructor took (host thread). */
  readonly createdMs: number;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly runs: WorkspaceRuns,
    extensionUri: vscode.Uri,
    private readonly output: vscode.LogOutputChannel,
  ) {
    const started = performance.now();
    this.approvals = new ApprovalsHost({ extensionUri, services: () => this.services(), revealRun: (s, r) => void this.revealRun(s, r), log: (l) => output.info(l) });
    this.tree = new RunsTree(() => this.stores());
    this.documents = new RunDocuments(() => this.stores());
    this.subscriptions.push(
      runs.onChanges((batch) => {
        this.approvals.changed(batch.service.dbPath, batch.service, batch.changes);
        this.tree.changedStore(batch.changes);
      }),
    );
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      // A store that appears later (the first `flow-edn run` in a terminal) is opened then.
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '.flow-edn/runs.db'), false, true, true);
      watcher.onDidCreate(() => this.storesChanged());
      this.subscriptions.push(watcher);
    }
    this.createdMs = performance.now() - started;
  }

  private storesChanged(): void {
    this.tree.refresh();
    this.approvals.refresh();
  }

  /** The run services of folders whose store exists, by store path. */
  services(): ReadonlyMap<string, RunService> {
    const out = new Map<string, RunService>();
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (!existsSync(join(folder.uri.fsPath, '.flow-edn', 'runs.db'))) continue;
      const service = this.runs.service(folder.uri);
      out.set(service.dbPath, service);
    }
    for (const { service } of this.runs.services()) out.set(service.dbPath, service);
    return out;
  }

  stores(): ReadonlyMap<string, RunStore> {
    return new Map([...this.services()].map(([k, s]) => [k, s.store]));
  }

  private service(store: string): RunService {
    const s = this.services().get(store);
    if (s === undefined) throw new Error(`Flow EDN: the store ${store} is not open in this window`);
    return s;
  }

  /** Reveals a run in the Runs view (from the Approvals page, a webhook answer...). */
  async revealRun(store: string, runId: string): Promise<void> {
    const run = this.service(store).store.getRun(runId);
    if (run === undefined || this.treeView === undefined) return;
    await vscode.commands.executeCommand(`${'flowEdn.runs'}.focus`);
    this.tree.getChildren();
    const node: RunsNode = { kind: 'run', store, run: { id: run.id, flow: run.flow, flowPath: run.flowPath, status: run.status, trigger: run.trigger, createdAt: run.createdAt, updatedAt: run.updatedAt, endedAt: run.endedAt } };
    await this.treeView.reveal(node, { select: true, focus: false, expand: true }).then(undefined, () => undefined);
  }

  /** Shows the step's (or branch's) source: the run's own offsets while the file still holds the run's source, else its line. */
  async reveal(node: RunsNode): Promise<void> {
    if ((node.kind !== 'step' && node.kind !== 'branch') || node.source === null) return;
    const run = this.service(node.store).store.getRun(node.runId);
    const recorded = node.flowPath ?? run?.flowPath ?? null;
    // The CLI records the path it was given, relative to where it ran: the store's folder.
    const flowPath = recorded === null || isAbsolute(recorded) ? recorded : join(dirname(dirname(node.store)), recorded);
    if (flowPath === null || !existsSync(flowPath)) {
      void vscode.window.showInformationMessage(`Flow EDN: the flow file of run ${node.runId} (${flowPath ?? 'unknown'}) is not there any more.`);
      return;
    }
    // A step of an included file: that file, at its line (the run's offsets are of the expanded text).
    const file = sourceFileOf(flowPath, node.source);
    const document = await vscode.workspace.openTextDocument(file);
    const same = file === flowPath && run !== undefined && document.getText() === run.source;
    const range = same ? new vscode.Range(document.positionAt(node.source.start), document.positionAt(node.source.end)) : document.lineAt(Math.min(document.lineCount - 1, node.source.line - 1)).range;
    const editor = await vscode.window.showTextDocument(document, { selection: new vscode.Range(range.start, range.start), preview: true });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  async openResult(node: RunsNode): Promise<vscode.TextDocument | undefined> {
    if (node.kind !== 'step') return undefined;
    const document = await vscode.workspace.openTextDocument(stepResultUri(node.store, node.runId, node.record.stepKey));
    await vscode.window.showTextDocument(document, { preview: true });
    return document;
  }

  async openArtifact(node: RunsNode, which?: string): Promise<vscode.TextDocument | undefined> {
    if (node.kind !== 'step' || node.record.artifacts.length === 0) return undefined;
    const res = which ?? (node.record.artifacts.length === 1 ? node.record.artifacts[0] : await vscode.window.showQuickPick(node.record.artifacts, { placeHolder: 'Which artifact?' }));
    if (res === undefined) return undefined;
    const document = await vscode.workspace.openTextDocument(artifactUri(node.store, res));
    await vscode.window.showTextDocument(document, { preview: true });
    return document;
  }

  private runIdOf(node: RunsNode): string | undefined {
    return node.kind === 'run' ? node.run.id : 'runId' in node ? node.runId : undefined;
  }

  /** A new run with the same scenario snapshot and input (a fork that keeps no step). */
  rerun(node: RunsNode): string | undefined {
    const runId = this.runIdOf(node);
    if (runId === undefined) return undefined;
    const service = this.service(node.store);
    const first = service.store.journal(runId)[0];
    const handle = service.fork({ runId, from: first?.stepKey ?? null });
    void handle.finished.then((r) => this.output.info(`runs: re-run ${r.id} of ${runId} ${r.status}`), (e: unknown) => void vscode.window.showErrorMessage(`Flow EDN: the re-run of ${runId} failed to start: ${e instanceof Error ? e.message : String(e)}`));
    return handle.runId;
  }

  /** Re-runs from this step (a fork keeping the steps before it); under the debugger when one is registered. */
  async debugFromStep(node: RunsNode): Promise<string | undefined> {
    if (node.kind !== 'step') return undefined;
    const service = this.service(node.store);
    const handle = service.fork({ runId: node.runId, from: node.record.stepKey });
    handle.finished.catch((e: unknown) => void vscode.window.showErrorMessage(`Flow EDN: the fork of ${node.runId} from ${node.record.stepKey} failed: ${e instanceof Error ? e.message : String(e)}`));
    const debuggers = vscode.extensions.all.some((e) => ((e.packageJSON as { contributes?: { debuggers?: { type?: string }[] } }).contributes?.debuggers ?? []).some((d) => d.type === 'flow-edn'));
    if (debuggers) {
      const folder = vscode.workspace.workspaceFolders?.find((f) => service.dbPath.startsWith(f.uri.fsPath));
      await vscode.debug.startDebugging(folder, { type: 'flow-edn', request: 'attach', name: `Debug ${handle.runId} from ${node.record.stepKey}`, runId: handle.runId, db: service.dbPath });
    } else {
      this.output.info(`runs: no flow-edn debugger is registered; the fork ${handle.runId} of ${node.runId} from ${node.record.stepKey} runs without it`);
    }
    return handle.runId;
  }

  cancel(node: RunsNode): void {
    const runId = this.runIdOf(node);
    if (runId === undefined) return;
    const ended = this.service(node.store).cancel(runId, 'cancelled from the Runs view', process.env.USER ?? 'vscode');
    if (ended === undefined) void vscode.window.showInformationMessage(`Flow EDN: run ${runId} had already ended; nothing to cancel.`);
  }

  /** Deletes a run that has ended (asks first unless `confirmed`). */
  async delete(node: RunsNode, confirmed = false): Promise<boolean> {
    if (node.kind !== 'run') return false;
    const service = this.service(node.store);
    const run = service.store.getRun(node.run.id);
    if (run === undefined) return false;
    if (run.status === 'running' || run.status === 'waiting') {
      void vscode.window.showWarningMessage(`Flow EDN: run ${run.id} is ${run.status}; cancel it before deleting it.`);
      return false;
    }
    if (!confirmed) {
      const answer = await vscode.window.showWarningMessage(`Delete run ${run.id} of :${run.flow} with its journal, waits, events and artifacts?`, { modal: true }, 'Delete');
      if (answer !== 'Delete') return false;
    }
    return service.store.deleteRun(run.id);
  }

  async copyId(node: RunsNode): Promise<string | undefined> {
    const runId = this.runIdOf(node);
    if (runId !== undefined) await vscode.env.clipboard.writeText(runId);
    return runId;
  }

  /** Flow EDN: Open Approvals: reveals the view, or (`{ panel: true }`) opens it as an editor panel. */
  async openApprovals(arg?: unknown): Promise<void> {
    if (typeof arg === 'object' && arg !== null && (arg as { panel?: unknown }).panel === true) {
      this.approvals.openPanel();
      return;
    }
    await vscode.commands.executeCommand('flowEdn.approvals.focus');
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.approvals.dispose();
    this.tree.dispose();
    this.documents.dispose();
  }
}
