// The run side of the extension host: one RunService (engine/service) per workspace folder,
// opened on first use on the folder's `.flow-edn/runs.db` (the CLI's store there, node:sqlite
// in the host), with one change-feed subscription each fanned out to every view. The Runs
// tree, the Approvals view, decorations, the graph's live states and the debugger share it.
// Lives in the lazily loaded `out/runs.js` bundle (client/runs/index.ts), never in activation.

import * as vscode from 'vscode';
import * as path from 'node:path';
import { RunService, type FeedChange, type FeedSubscription } from '../../engine/service/index';
import { StoreError, type DriverChoice } from '../../engine/store/index';

/** Changes of one folder's store, as the feed delivers them. */
export interface FolderChanges {
  readonly folder: vscode.Uri;
  readonly service: RunService;
  readonly changes: readonly FeedChange[];
}

export type ChangesListener = (batch: FolderChanges) => void;

interface Opened {
  readonly service: RunService;
  readonly subscription: FeedSubscription;
}

export class WorkspaceRuns implements vscode.Disposable {
  private readonly opened = new Map<string, Opened>();
  private readonly listeners = new Set<ChangesListener>();
  private readonly folderWatch: vscode.Disposable;

  constructor(
    private readonly output: vscode.LogOutputChannel,
    private readonly options: {
      workerPath?: string;
      /** The SQLite driver (tests force one that cannot load). @default 'auto' */
      driver?: DriverChoice;
      /** Shows the one message saying runs are off. @default vscode.window.showErrorMessage */
      notify?: (message: string) => void;
    } = {},
  ) {
    this.folderWatch = vscode.workspace.onDidChangeWorkspaceFolders((e) => {
      for (const removed of e.removed) void this.closeFolder(removed.uri);
    });
  }

  /** The workspace folder a file belongs to (the first folder when it is outside them all). */
  folderOf(uri?: vscode.Uri): vscode.Uri | undefined {
    if (uri !== undefined) {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      if (folder !== undefined) return folder.uri;
    }
    const first = vscode.workspace.workspaceFolders?.[0]?.uri;
    if (first !== undefined) return first;
    return uri !== undefined ? vscode.Uri.file(path.dirname(uri.fsPath)) : undefined;
  }

  /** The run service of the folder holding `uri` (or of the first folder), opened on first use. */
  service(uri?: vscode.Uri): RunService {
    const folder = this.folderOf(uri);
    if (folder === undefined) throw new Error('Flow EDN: open a folder first; its runs are kept in .flow-edn/runs.db there.');
    return this.open(folder).service;
  }

  /** Every service opened so far, with its folder. */
  services(): { folder: vscode.Uri; service: RunService }[] {
    return [...this.opened.entries()].map(([key, o]) => ({ folder: vscode.Uri.parse(key), service: o.service }));
  }

  /** Called with each batch of store changes of every opened folder (any process's changes). */
  onChanges(listener: ChangesListener): vscode.Disposable {
    this.listeners.add(listener);
    return new vscode.Disposable(() => this.listeners.delete(listener));
  }

  private open(folder: vscode.Uri): Opened {
    const key = folder.toString();
    const existing = this.opened.get(key);
    if (existing !== undefined) return existing;
    let service: RunService;
    try {
      service = new RunService({
        root: folder.fsPath,
        ...(this.options.workerPath !== undefined ? { workerPath: this.options.workerPath } : {}),
        ...(this.options.driver !== undefined ? { driver: this.options.driver } : {}),
      });
    } catch (error) {
      this.storeFailed(error);
      throw error;
    }
    this.output.info(`runs: opened ${service.dbPath} (${service.store.driver})`);
    void service.recovered.then((runs) => {
      if (runs.length > 0) this.output.info(`runs: resumed ${runs.length} run(s) left by a process that ended: ${runs.map((r) => r.id).join(', ')}`);
    });
    const subscription = service.subscribe((changes) => {
      for (const listener of [...this.listeners]) {
        try {
          listener({ folder, service, changes });
        } catch (error) {
          this.output.error(`runs: a view failed on a store change: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
        }
      }
    });
    const opened = { service, subscription };
    this.opened.set(key, opened);
    return opened;
  }

  private noDriverShown = false;

  /** No SQLite driver in this host (VS Code older than 1.101): said once; the language features are another process. */
  private storeFailed(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.output.error(`runs: the store did not open: ${message}`);
    if (!(error instanceof StoreError) || error.code !== 'no-driver' || this.noDriverShown) return;
    this.noDriverShown = true;
    const text =
      `Flow EDN: running flows needs node:sqlite, which this VS Code's extension host (Node ${process.versions.node}) cannot load; ` +
      'VS Code 1.101 or later has it. Checking, completion, hover and the graph keep working; `flow-edn run` runs flows from a terminal.';
    (this.options.notify ?? ((t: string) => void vscode.window.showErrorMessage(t)))(text);
  }

  private async closeFolder(folder: vscode.Uri): Promise<void> {
    const key = folder.toString();
    const opened = this.opened.get(key);
    if (opened === undefined) return;
    this.opened.delete(key);
    opened.subscription.dispose();
    await opened.service.close();
  }

  dispose(): void {
    this.folderWatch.dispose();
    this.listeners.clear();
    for (const key of [...this.opened.keys()]) void this.closeFolder(vscode.Uri.parse(key));
  }
}
