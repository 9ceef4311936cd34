// Flow EDN: New Flow: asks for a slug, writes SLUG.flow.edn (engine/scaffold's current-dialect
// scaffold, as `flow-edn new` writes it) and its default scenario SLUG.sim.edn into the
// folder's `flows/` (or the folder itself), and opens the flow. Lives in the lazily loaded run bundle.

import * as vscode from 'vscode';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkSlug, newFlowText } from '../../engine/scaffold/new-flow';
import { ScaffoldError, scenarioText } from '../../engine/scaffold/scenario';

/** Why `slug` is not a flow slug, or undefined when it is one. */
export function slugProblem(slug: string): string | undefined {
  try {
    checkSlug(slug);
    return undefined;
  } catch (error) {
    if (error instanceof ScaffoldError) return error.message;
    throw error;
  }
}

/** Where new flows go: the folder's `flows/` when it has one, else the folder. */
function targetDir(folder: vscode.Uri): string {
  const flows = join(folder.fsPath, 'flows');
  return existsSync(flows) && statSync(flows).isDirectory() ? flows : folder.fsPath;
}

/** The command. `slug` (from tests or another command) skips the prompt. Returns the flow's uri. */
export async function newFlow(slug?: unknown): Promise<vscode.Uri | undefined> {
  const active = vscode.window.activeTextEditor?.document.uri;
  const folder = (active && vscode.workspace.getWorkspaceFolder(active)) ?? vscode.workspace.workspaceFolders?.[0];
  if (folder === undefined) {
    void vscode.window.showErrorMessage('Flow EDN: New Flow writes into a workspace folder: open a folder first (File: Open Folder).');
    return undefined;
  }
  const chosen =
    typeof slug === 'string'
      ? slug
      : await vscode.window.showInputBox({
          title: 'Flow EDN: New Flow',
          prompt: 'The new flow\'s slug: it names the files (SLUG.flow.edn, SLUG.sim.edn) and the flow (:slug)',
          placeHolder: 'order-sync',
          validateInput: (value) => slugProblem(value),
        });
  if (chosen === undefined) return undefined;
  const problem = slugProblem(chosen);
  if (problem !== undefined) {
    void vscode.window.showErrorMessage(`Flow EDN: ${problem}`);
    return undefined;
  }
  const dir = targetDir(folder.uri);
  const flowPath = join(dir, `${chosen}.flow.edn`);
  const simPath = join(dir, `${chosen}.sim.edn`);
  const existing = [flowPath, simPath].filter((p) => existsSync(p));
  if (existing.length > 0) {
    void vscode.window.showErrorMessage(`Flow EDN: ${existing.map((p) => vscode.workspace.asRelativePath(p)).join(' and ')} already exist${existing.length === 1 ? 's' : ''}; pick another slug.`);
    return undefined;
  }
  const flowText = newFlowText(chosen);
  const clockStart = new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString().replace('.000Z', 'Z');
  mkdirSync(dir, { recursive: true });
  writeFileSync(flowPath, flowText);
  writeFileSync(simPath, scenarioText(flowText, { name: 'default', flowFile: `${chosen}.flow.edn`, clockStart }));
  const uri = vscode.Uri.file(flowPath);
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
  return uri;
}
