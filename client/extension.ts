// Entry of the VS Code extension. Activates on the `flow-edn` language only, registers the
// commands from one list, and starts the language server in the background so that
// activation stays within its budget (design §10: <= 50 ms); `exports.timing` records it, in
// wall time and in the host thread's CPU time.

import { cpuClock, moduleLoadStart, moduleLoadStartCpu, threadCpuMs } from './load-start';
import * as vscode from 'vscode';
import type { FlowEdnApi } from './api';
import { commands } from './commands';
import { Ctx } from './context';
import { GRAPH_VIEW_TYPE } from './webviews/graph/view-type';
import { registerRunViews } from './views';
import { registerRunLenses } from './run-lenses';
import { registerDebugging } from './debug/vscode/register';

let ctx: Ctx | undefined;

export function activate(extension: vscode.ExtensionContext): FlowEdnApi {
  const activateStart = performance.now();
  const activateStartCpu = threadCpuMs();
  const current = new Ctx(extension);
  ctx = current;
  for (const [id, factory] of Object.entries(commands)) {
    extension.subscriptions.push(vscode.commands.registerCommand(id, factory(current)));
  }
  extension.subscriptions.push({ dispose: () => void current.stopServer() });
  // Graph panels open when the window reloaded come back (activation event onWebviewPanel).
  extension.subscriptions.push(vscode.window.registerWebviewPanelSerializer(GRAPH_VIEW_TYPE, { deserializeWebviewPanel: (panel, state) => current.restoreGraph(panel, state) }));
  registerRunViews(current);
  // The run lenses' provider is registered on the next turn, outside activate's budget.
  setImmediate(() => extension.subscriptions.push(registerRunLenses(current)));
  registerDebugging(current);
  const timing: FlowEdnApi['timing'] = {
    moduleLoadMs: moduleLoadEnd - moduleLoadStart,
    contextWaitMs: activateStart - moduleLoadEnd,
    activateMs: 0,
    moduleLoadCpuMs: moduleLoadEndCpu - moduleLoadStartCpu,
    activateCpuMs: 0,
    cpuClock,
  };
  current.startServer().then(
    () => (timing.serverReadyMs = performance.now() - activateStart),
    () => undefined,
  );
  void vscode.commands.executeCommand('setContext', 'flowEdn.active', true);
  timing.activateCpuMs = threadCpuMs() - activateStartCpu;
  timing.activateMs = performance.now() - activateStart;
  return { timing, serverReady: () => current.serverReady(), runs: () => current.runs(), graphs: () => current.graphs(), runViews: () => current.runViews(), editorActions: () => current.editorActions() };
}

export async function deactivate(): Promise<void> {
  await ctx?.stopServer();
  ctx = undefined;
}

// Last statement of the module: everything above (and every static import) is evaluated.
const moduleLoadEnd = performance.now();
const moduleLoadEndCpu = threadCpuMs();
