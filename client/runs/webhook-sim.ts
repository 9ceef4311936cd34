// Flow EDN: Simulate Webhook (command and the lens above each webhook trigger / interface):
// pick the webhook, then a payload (a new JSON editor pre-filled with the skeleton of what the
// flow reads from its input, a file, or a payload editor opened before); sign it with the
// default scenario's secret as the platform verifies (RunService.sendWebhook), send it to the
// local runtime (started on demand), show the HTTP answer and reveal the run.

import * as vscode from 'vscode';
import { basename } from 'node:path';
import { webhookPayload } from '../../engine/scaffold/webhook-payload';
import type { WebhookAnswer } from '../../engine/service/index';
import { flowLensSites } from './lens-model';
import { flowDocument } from './run-flow';
import type { RunDecorations } from './decorations';
import type { LocalRuntimes } from './runtime-status';
import type { WorkspaceRuns } from './workspace-runs';

/** Opened payload editors, per flow and webhook, offered again on the next simulation. */
const payloadEditors = new Map<string, vscode.TextDocument>();

async function pickWebhook(document: vscode.TextDocument, wanted: string | undefined): Promise<string | undefined> {
  const hooks = flowLensSites(document.getText()).webhooks;
  if (wanted !== undefined) return wanted;
  if (hooks.length === 0) {
    void vscode.window.showInformationMessage(`Flow EDN: ${basename(document.uri.fsPath)} has no webhook trigger or :webhook interface to simulate.`);
    return undefined;
  }
  if (hooks.length === 1) return hooks[0]!.name;
  const picked = await vscode.window.showQuickPick(hooks.map((h) => ({ label: h.name, description: h.kind })), { title: 'Simulate which webhook?' });
  return picked?.label;
}

/** The payload text, or undefined when the user went to edit a new one (or dismissed). */
async function pickPayload(document: vscode.TextDocument, trigger: string): Promise<string | undefined> {
  const key = `${document.uri.toString()}#${trigger}`;
  const open = payloadEditors.get(key);
  const items: (vscode.QuickPickItem & { id: 'editor' | 'new' | 'file' })[] = [];
  if (open !== undefined && !open.isClosed) items.push({ id: 'editor', label: `Send the payload being edited`, description: open.uri.path });
  items.push({ id: 'new', label: 'New payload…', description: 'a JSON editor with what the flow reads from its input' });
  items.push({ id: 'file', label: 'From a file…' });
  const picked = await vscode.window.showQuickPick(items, { title: `Payload for ${trigger}` });
  if (picked === undefined) return undefined;
  if (picked.id === 'editor') return open!.getText();
  if (picked.id === 'file') {
    const files = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { JSON: ['json'], 'All files': ['*'] }, title: 'Webhook payload' });
    if (files?.[0] === undefined) return undefined;
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(files[0]));
  }
  let skeleton: string;
  try {
    skeleton = webhookPayload(document.getText(), document.uri.fsPath, trigger).json;
  } catch (e) {
    void vscode.window.showErrorMessage(`Flow EDN: ${(e as Error).message}`);
    return undefined;
  }
  const editor = await vscode.workspace.openTextDocument({ language: 'json', content: skeleton });
  payloadEditors.set(key, editor);
  await vscode.window.showTextDocument(editor, vscode.ViewColumn.Beside);
  const send = await vscode.window.showInformationMessage(`Flow EDN: fill in the payload for ${trigger}, then send it.`, 'Send');
  return send === 'Send' ? editor.getText() : undefined;
}

export interface SimulateTarget {
  uri: vscode.Uri | string;
  trigger?: string;
  /** The body to send, skipping the payload pick (tests, other commands). */
  payload?: string;
}

export async function simulateWebhook(runs: WorkspaceRuns, runtimes: LocalRuntimes, decorations: RunDecorations, output: vscode.LogOutputChannel, target: unknown): Promise<WebhookAnswer | undefined> {
  const found = await flowDocument(target);
  if (found === undefined) return undefined;
  const { document } = found;
  const t = (typeof target === 'object' && target !== null && !(target instanceof vscode.Uri) ? target : {}) as Partial<SimulateTarget>;
  const trigger = await pickWebhook(document, t.trigger);
  if (trigger === undefined) return undefined;
  if (document.isDirty) {
    const save = await vscode.window.showWarningMessage(`Flow EDN: the local runtime serves the saved ${basename(document.uri.fsPath)}; save it first?`, 'Save and Send', 'Send the Saved Version');
    if (save === undefined) return undefined;
    if (save === 'Save and Send') await document.save();
  }
  const payload = t.payload ?? (await pickPayload(document, trigger));
  if (payload === undefined) return undefined;
  const service = runs.service(document.uri);
  let answer: WebhookAnswer;
  try {
    const url = await runtimes.start(document.uri);
    answer = await service.sendWebhook({ flowPath: document.uri.fsPath, trigger, payload, url });
  } catch (e) {
    void vscode.window.showErrorMessage(`Flow EDN: Simulate Webhook ${trigger} of ${basename(document.uri.fsPath)}: ${(e as Error).message}`);
    return undefined;
  }
  output.info(`webhook ${trigger}: POST ${answer.request.url} (${answer.request.bytes} bytes) ${JSON.stringify(answer.request.headers)} -> ${answer.status} ${answer.text}`);
  if (answer.runId !== null) {
    decorations.showRun(document.uri, answer.runId);
    void revealRunGuarded(answer.runId);
  }
  void tellAnswer(trigger, answer);
  return answer;
}

async function tellAnswer(trigger: string, answer: WebhookAnswer): Promise<void> {
  const ok = answer.status >= 200 && answer.status < 300;
  const what = `Flow EDN: webhook ${trigger} answered HTTP ${answer.status}${answer.runId ? `, run ${answer.runId}` : ''}${ok ? '' : `: ${answer.text.slice(0, 300)}`}`;
  const chosen = await (ok ? vscode.window.showInformationMessage(what, 'Show Answer') : vscode.window.showErrorMessage(what, 'Show Answer'));
  if (chosen === 'Show Answer') {
    const body = answer.json !== undefined ? JSON.stringify(answer.json, null, 2) : answer.text;
    const doc = await vscode.workspace.openTextDocument({ language: answer.json !== undefined ? 'json' : 'plaintext', content: body + '\n' });
    await vscode.window.showTextDocument(doc, vscode.ViewColumn.Beside);
  }
}

/** Reveals a run in the Runs tree when that view exists in this build. */
export async function revealRunGuarded(runId: string): Promise<boolean> {
  const all = await vscode.commands.getCommands(true);
  if (!all.includes('flowEdn.revealRun')) return false;
  await vscode.commands.executeCommand('flowEdn.revealRun', runId);
  return true;
}
