// Flow EDN: Open Example (the walkthrough's first step): copies the example flow shipped with
// the extension (walkthrough/order-approval.flow.edn and its scenario) into the workspace
// folder's `flows/`, keeping files already there, and opens the flow.

import * as vscode from 'vscode';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const EXAMPLE_FILES = ['order-approval.flow.edn', 'order-approval.sim.edn'];

/** `extensionPath` is where the extension is installed; returns the opened flow's uri. */
export async function openExample(extensionPath: string): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (folder === undefined) {
    void vscode.window.showErrorMessage('Flow EDN: the example is copied into a workspace folder: open a folder first (File: Open Folder).');
    return undefined;
  }
  const dir = join(folder.uri.fsPath, 'flows');
  mkdirSync(dir, { recursive: true });
  for (const name of EXAMPLE_FILES) {
    const target = join(dir, name);
    if (!existsSync(target)) copyFileSync(join(extensionPath, 'walkthrough', name), target);
  }
  const uri = vscode.Uri.file(join(dir, EXAMPLE_FILES[0]!));
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
  return uri;
}
