// The `flow-edn` session inside the extension host (`flowEdn.debug.adapter: inline`): the DAP
// session of client/debug around the workspace's run service, so a debugged run executes in
// the service's worker thread, lands in the workspace store and feeds every view live. Lives
// in the lazily loaded out/runs.js bundle (exported from client/runs/index.ts).

import * as vscode from 'vscode';
import { RunService } from '../../../engine/service/index';
import { defaultStorePath } from '../../../engine/store/index';
import { FlowDebugSession } from '../session';
import type { WorkspaceRuns } from '../../runs/workspace-runs';

/**
 * The service of the workspace folder whose store is `dbPath`; another store (a `db` in
 * launch.json) gets a service of its own, closed with the session.
 */
function serviceFor(runs: WorkspaceRuns, dbPath: string, owned: RunService[]): RunService {
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (defaultStorePath(folder.uri.fsPath) === dbPath) return runs.service(folder.uri);
  }
  const own = new RunService({ dbPath, recover: false });
  owned.push(own);
  return own;
}

export function inlineDebugAdapter(runs: WorkspaceRuns): vscode.DebugAdapterInlineImplementation {
  const owned: RunService[] = [];
  const session = new FlowDebugSession({ service: (dbPath) => serviceFor(runs, dbPath, owned) });
  const dispose = session.dispose.bind(session);
  session.dispose = () => {
    dispose();
    for (const service of owned.splice(0)) void service.close();
  };
  return new vscode.DebugAdapterInlineImplementation(session);
}
