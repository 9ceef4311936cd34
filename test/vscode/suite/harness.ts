// Helpers for the suite that runs inside the extension host: a small case runner, waits on
// VS Code events (diagnostics, activation, screenshot handshake) with deadlines instead of
// sleeps, and the workspace paths the runner prepared.

import * as vscode from 'vscode';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { controlFiles, type RunnerInfo, type ScreenshotDone, type ScreenshotRequest, type WebviewDone, type WebviewRequest } from '../control';
import { askRunner } from '../handshake';

export interface SuiteCase {
  name: string;
  run: () => Promise<void>;
  /** @default 30000 */
  timeoutMs?: number;
}

/** Prints through the console; the code-server runner forwards lines with this tag. */
export function say(line: string): void {
  console.log(`[flow-edn-test] ${line}`);
}

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the suite needs the test workspace open as a folder');
  return folder.uri.fsPath;
}

export function workspaceUri(relative: string): vscode.Uri {
  return vscode.Uri.file(join(workspaceRoot(), relative));
}

export function runnerInfo(): RunnerInfo {
  const file = controlFiles(workspaceRoot()).runner;
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as RunnerInfo) : { runner: 'electron', screenshots: false };
}

/** Rejects after `ms` with a message naming what was awaited. */
export function deadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Resolves with the diagnostics of `uri` once `accept` holds for them, checking now and on
 * every onDidChangeDiagnostics for that document.
 */
export function diagnosticsWhere(
  uri: vscode.Uri,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean,
  what: string,
  ms = 20_000,
): Promise<vscode.Diagnostic[]> {
  let subscription: vscode.Disposable | undefined;
  const found = new Promise<vscode.Diagnostic[]>((resolve) => {
    const check = () => {
      const diagnostics = vscode.languages.getDiagnostics(uri);
      if (accept(diagnostics)) resolve(diagnostics);
    };
    subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((u) => u.toString() === uri.toString())) check();
    });
    check();
  });
  const describe = () => `${what}; diagnostics now: ${JSON.stringify(vscode.languages.getDiagnostics(uri).map(codeOf))}`;
  return deadline(found, ms, what).catch((error: Error) => {
    throw new Error(`${error.message.replace(what, describe())}`);
  }).finally(() => subscription?.dispose());
}

export function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  if (code === undefined) return '';
  return typeof code === 'object' ? String(code.value) : String(code);
}

/**
 * Resolves once `condition` holds, re-checking on each `event` and every `everyMs` for state
 * that has no event of its own (e.g. `Extension.isActive`); rejects at the deadline.
 */
export function until(condition: () => boolean, what: string, ms = 10_000, everyMs = 20): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const met = new Promise<void>((resolve) => {
    const check = () => (condition() ? resolve() : (timer = setTimeout(check, everyMs)));
    check();
  });
  return deadline(met, ms, what).finally(() => clearTimeout(timer));
}

/** Asks the runner for a screenshot (see ../control.ts) and waits for it to be taken. */
export function screenshot(request: ScreenshotRequest, ms = 45_000): Promise<ScreenshotDone> {
  const files = controlFiles(workspaceRoot());
  return askRunner<ScreenshotDone>({ dir: files.dir, requestFile: files.screenshotRequest, doneFile: files.screenshotDone, request, ms, what: `the runner's screenshot ${request.name}`, traceFile: files.trace });
}

/** Asks the runner to act inside a webview's page (see ../control.ts); rejects on its error. */
export async function webview(request: WebviewRequest, ms = 60_000): Promise<WebviewDone['counts']> {
  const files = controlFiles(workspaceRoot());
  const result = await askRunner<WebviewDone>({ dir: files.dir, requestFile: files.webviewRequest, doneFile: files.webviewDone, request, ms, what: `the runner's webview request ${JSON.stringify(request)}`, traceFile: files.trace });
  if (result.error) throw new Error(`${result.error} (counts: ${JSON.stringify(result.counts)})`);
  return result.counts;
}

/** Opens a workspace file in an editor and returns its document. */
export async function open(relative: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(relative));
  await vscode.window.showTextDocument(document, { preview: false });
  return document;
}

/** Markdown or plain text of hover contents, joined. */
export function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

/** Completion labels as strings. */
export function labels(list: vscode.CompletionList | undefined): string[] {
  return (list?.items ?? []).map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
}
