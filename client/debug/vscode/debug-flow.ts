// **Flow EDN: Debug Flow** (`flowEdn.debugFlow`): debugs a flow file (a code lens's uri, else
// the active editor's) with one of its scenarios: the one named in the arguments, the only
// one, or a pick (the last pick of that flow offered first). No launch.json needed.

import * as vscode from 'vscode';
import { scenarioConfigurations, type FlowDebugConfiguration } from './launch-config';
import { activeFlowUri } from './provider';

export interface DebugFlowOptions {
  /** `default`, or `name` of `x.name.sim.edn`. @default asked when the flow has several */
  scenario?: string;
  /** Run Without Debugging. */
  noDebug?: boolean;
  stopOnEntry?: boolean;
}

const pickKey = (uri: vscode.Uri) => `flowEdn.debug.scenario:${uri.toString()}`;
const scenarioOf = (config: FlowDebugConfiguration) => config.scenario ?? 'default';

function targetUri(target: unknown): vscode.Uri | undefined {
  if (target instanceof vscode.Uri) return target;
  if (typeof target === 'string') return target.includes(':') && !/^[A-Za-z]:[\\/]/.test(target) ? vscode.Uri.parse(target) : vscode.Uri.file(target);
  return activeFlowUri();
}

/** Starts the session; resolves with whether it started. */
export async function debugFlow(state: vscode.Memento, target?: unknown, options: DebugFlowOptions = {}): Promise<boolean> {
  const uri = targetUri(target);
  if (uri === undefined || uri.scheme !== 'file') {
    void vscode.window.showInformationMessage('Flow EDN: open a flow file (x.flow.edn) to debug it, or run Debug Flow from its code lens.');
    return false;
  }
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  const configs = scenarioConfigurations(uri.fsPath, folder?.uri.fsPath);
  let chosen: FlowDebugConfiguration | undefined;
  if (options.scenario !== undefined) {
    chosen = configs.find((c) => scenarioOf(c) === options.scenario);
    if (chosen === undefined) {
      void vscode.window.showErrorMessage(`Flow EDN: ${uri.fsPath} has no scenario '${options.scenario}'; it has ${configs.map(scenarioOf).join(', ')}.`);
      return false;
    }
  } else if (configs.length === 1) {
    chosen = configs[0];
  } else {
    const last = state.get<string>(pickKey(uri));
    const items = configs
      .map((config) => ({ label: scenarioOf(config), description: config.name, config }))
      .sort((a, b) => Number(b.label === last) - Number(a.label === last));
    const picked = await vscode.window.showQuickPick(items, { title: 'Debug flow: pick a scenario', placeHolder: 'the scenario gives the input, the mocks and the clock' });
    if (picked === undefined) return false;
    chosen = picked.config;
    await state.update(pickKey(uri), picked.label);
  }
  const config: FlowDebugConfiguration = { ...chosen!, flow: uri.fsPath, ...(options.stopOnEntry !== undefined ? { stopOnEntry: options.stopOnEntry } : {}) };
  return vscode.debug.startDebugging(folder, config, { noDebug: options.noDebug === true });
}
