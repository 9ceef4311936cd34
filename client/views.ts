// The Flow EDN view container's views, registered at activation without loading the engine:
// thin providers that load the run bundle (out/runs.js, `RunViews`) when a view first asks
// for content (the Runs tree's first getChildren, the Approvals view's first resolve, the
// first `flow-edn-run:` document). Commands reach the same `RunViews` through `runViews`.

import * as vscode from 'vscode';
import type { Ctx } from './context';
import type { RunsNode, RunViews } from './runs/index';

const views = new WeakMap<Ctx, RunViews>();
const treeChanged = new vscode.EventEmitter<RunsNode | undefined>();
let treeView: vscode.TreeView<RunsNode> | undefined;

/** The window's run views, created (and the run bundle loaded) on first use. */
export function runViews(ctx: Ctx): RunViews {
  let v = views.get(ctx);
  if (v === undefined) {
    const created = new (ctx.runsModule().RunViews)(ctx.runs(), ctx.extension.extensionUri, ctx.output);
    v = created;
    views.set(ctx, v);
    created.treeView = treeView;
    ctx.extension.subscriptions.push(created, created.tree.onDidChangeTreeData((n) => treeChanged.fire(n)));
  }
  return v;
}

export function registerRunViews(ctx: Ctx): void {
  const tree: vscode.TreeDataProvider<RunsNode> = {
    onDidChangeTreeData: treeChanged.event,
    getChildren: (node) => runViews(ctx).tree.getChildren(node),
    getTreeItem: (node) => runViews(ctx).tree.getTreeItem(node),
    getParent: (node) => runViews(ctx).tree.getParent(node),
  };
  treeView = vscode.window.createTreeView('flowEdn.runs', { treeDataProvider: tree, showCollapseAll: true });
  ctx.extension.subscriptions.push(
    treeChanged,
    treeView,
    vscode.window.registerWebviewViewProvider('flowEdn.approvals', { resolveWebviewView: (view) => runViews(ctx).approvals.resolveWebviewView(view) }),
    vscode.workspace.registerTextDocumentContentProvider('flow-edn-run', { provideTextDocumentContent: (uri) => runViews(ctx).documents.provideTextDocumentContent(uri) }),
  );
}
