// The Runs tree view: renders RunsModel's items as TreeItems (codicons with theme colours),
// loads older runs a page at a time ("Load more" appends to the flow's children), and
// refreshes from the change feed (coalesced: a burst of step commits redraws once).

import * as vscode from 'vscode';
import type { FeedChange } from '../../engine/service/index';
import type { RunStore } from '../../engine/store/port';
import { RunsModel, type RunsNode } from './runs-model';

export const RUNS_VIEW_ID = 'flowEdn.runs';

export class RunsTree implements vscode.TreeDataProvider<RunsNode>, vscode.Disposable {
  readonly model: RunsModel;
  private readonly changed = new vscode.EventEmitter<RunsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Extra pages loaded per flow (`store\0flow` -> nodes after the first page). */
  private readonly extraPages = new Map<string, RunsNode[]>();
  private flowNodes = new Map<string, RunsNode>();
  private scheduled: NodeJS.Timeout | undefined;
  /** The last rendered roots and when they were computed (the benchmark reads it). */
  lastRootsMs = 0;

  constructor(private readonly stores: () => ReadonlyMap<string, RunStore>) {
    this.model = new RunsModel(stores);
  }

  getTreeItem(node: RunsNode): vscode.TreeItem {
    const i = this.model.item(node);
    const item = new vscode.TreeItem(i.label, i.collapsible ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = i.id;
    item.description = i.description;
    item.tooltip = i.tooltip;
    item.contextValue = i.contextValue;
    item.iconPath = new vscode.ThemeIcon(i.icon.id, i.icon.color !== null ? new vscode.ThemeColor(i.icon.color) : undefined);
    if (node.kind === 'more') item.command = { command: 'flowEdn.runs.loadMore', title: 'Load more', arguments: [node] };
    if (node.kind === 'step' || node.kind === 'branch') item.command = { command: 'flowEdn.runs.reveal', title: 'Reveal in source', arguments: [node] };
    return item;
  }

  getChildren(node?: RunsNode): RunsNode[] {
    if (node === undefined) {
      const started = performance.now();
      const roots = this.model.roots();
      this.flowNodes = new Map(roots.filter((r) => r.kind === 'flow').map((r) => [`${r.store}\0${(r as Extract<RunsNode, { kind: 'flow' }>).flow}`, r]));
      this.lastRootsMs = performance.now() - started;
      return roots;
    }
    if (node.kind === 'flow') return [...this.model.children(node).filter((n) => n.kind !== 'more' || !this.extraPages.has(`${node.store}\0${node.flow}`)), ...(this.extraPages.get(`${node.store}\0${node.flow}`) ?? [])];
    return this.model.children(node);
  }

  getParent(node: RunsNode): RunsNode | undefined {
    if (node.kind === 'run') return this.flowNodes.get(`${node.store}\0${node.run.flow}`);
    return undefined;
  }

  /** Appends the next page of a flow's runs in place of its "more" node. */
  loadMore(more: Extract<RunsNode, { kind: 'more' }>): void {
    const store = this.stores().get(more.store);
    const flowKey = `${more.store}\0${more.flow}`;
    const flow = this.flowNodes.get(flowKey);
    if (store === undefined || flow === undefined || flow.kind !== 'flow') return;
    const before = (this.extraPages.get(flowKey) ?? []).filter((n) => n.kind !== 'more');
    const page = this.model.page(more.store, store, more.flow, more.before, flow.runs, flow.runs - more.left);
    this.extraPages.set(flowKey, [...before, ...page]);
    this.changed.fire(flow);
  }

  /** Store changes: run created, status changed or deleted, steps, waits, branches. */
  changedStore(changes: readonly FeedChange[]): void {
    if (!changes.some((c) => c.kind === 'run' || c.kind === 'step' || c.kind === 'wait' || c.kind === 'branch')) return;
    this.refresh();
  }

  refresh(): void {
    if (this.scheduled !== undefined) return;
    // Coalesced: a run committing steps quickly redraws at most every 100 ms.
    this.scheduled = setTimeout(() => {
      this.scheduled = undefined;
      this.extraPages.clear();
      this.changed.fire(undefined);
    }, 100);
  }

  dispose(): void {
    clearTimeout(this.scheduled);
    this.changed.dispose();
  }
}
