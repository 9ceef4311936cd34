// The `flow-edn` DebugConfigurationProvider: one launch configuration per scenario of the
// active flow (for launch.json and the Run and Debug view's list), and F5 on a flow file with no
// launch.json starting that flow. The decisions are in launch-config.ts (plain Node, tested).

import * as vscode from 'vscode';
import { isAbsolute } from 'node:path';
import { checkConfiguration, completeConfiguration, scenarioConfigurations, type FlowDebugConfiguration, type LaunchContext, type Resolution } from './launch-config';

export const LANGUAGE_ID = 'flow-edn';

/** The active editor's file when it is a flow file (the flow-edn language). */
export function activeFlowUri(): vscode.Uri | undefined {
  const document = vscode.window.activeTextEditor?.document;
  return document !== undefined && document.languageId === LANGUAGE_ID && document.uri.scheme === 'file' ? document.uri : undefined;
}

function context(folder: vscode.WorkspaceFolder | undefined): LaunchContext {
  const active = activeFlowUri();
  const owner = folder ?? (active !== undefined ? vscode.workspace.getWorkspaceFolder(active) : undefined) ?? vscode.workspace.workspaceFolders?.[0];
  return {
    ...(active !== undefined ? { activeFlow: active.fsPath } : {}),
    ...(owner !== undefined ? { folder: owner.uri.fsPath } : {}),
  };
}

/** The configuration, or undefined (session not started) after telling the user why. */
function settle(resolution: Resolution): vscode.DebugConfiguration | undefined {
  if ('error' in resolution) {
    void vscode.window.showErrorMessage(resolution.error);
    return undefined;
  }
  return resolution.config;
}

export class FlowDebugConfigurationProvider implements vscode.DebugConfigurationProvider {
  /** One configuration per scenario of the active flow; a generic one when no flow is open. */
  provideDebugConfigurations(folder: vscode.WorkspaceFolder | undefined): vscode.DebugConfiguration[] {
    const active = activeFlowUri();
    const owner = folder ?? (active !== undefined ? vscode.workspace.getWorkspaceFolder(active) : undefined);
    if (active === undefined) return [{ type: 'flow-edn', request: 'launch', name: 'Debug the open flow', flow: '${file}', stopOnEntry: false }];
    return scenarioConfigurations(active.fsPath, owner?.uri.fsPath);
  }

  resolveDebugConfiguration(folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration | undefined {
    return settle(completeConfiguration(config as Partial<FlowDebugConfiguration>, context(folder)));
  }

  resolveDebugConfigurationWithSubstitutedVariables(folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration | undefined {
    const ctx = context(folder);
    const flow = typeof config['flow'] === 'string' && isAbsolute(config['flow']) ? vscode.Uri.file(config['flow']) : undefined;
    // The store is the one of the folder holding the flow (the CLI's store there), else the session's folder.
    const flowFolder = flow !== undefined ? vscode.workspace.getWorkspaceFolder(flow) : undefined;
    if (flowFolder !== undefined) ctx.folder = flowFolder.uri.fsPath;
    return settle(checkConfiguration(config as FlowDebugConfiguration, ctx));
  }
}
