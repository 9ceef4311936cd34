// The debugger and `#flow/include` inside real VS Code: the included files of a flow (here
// outside flows/, so VS Code's built-in `clojure` language) are in a language the extension
// contributes breakpoints for; breakpoints added there reach the session, the run stops in an
// included :functions entry's code and in the included body, and VS Code shows those files,
// with inline values in the included body.

import * as vscode from 'vscode';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { EXTENSION_ID } from '../../../client/api';
import { deadline, say, until, workspaceRoot, workspaceUri, type SuiteCase } from './harness';

interface DapMessage {
  type: string;
  event?: string;
  body?: Record<string, unknown>;
}

interface Frame {
  id: number;
  name: string;
  line: number;
  source?: { path?: string };
}

/** A frame's source path as a file path (code-server hands back `vscode-remote:` URIs), real. */
function realFile(path: string | undefined): string {
  const p = path ?? '';
  const file = p.includes('://') ? vscode.Uri.parse(p).fsPath : p;
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

function lineOf(path: string, needle: string): number {
  const i = readFileSync(path, 'utf8').split('\n').findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `no line with ${needle} in ${path}`);
  return i;
}

export const includeDebugCases: SuiteCase[] = [
  {
    name: 'debug: breakpoints in #flow/include files (clojure language) bind, the run stops there and VS Code shows the included file',
    timeoutMs: 90_000,
    async run() {
      const extension = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(extension, `${EXTENSION_ID} is not installed`);
      cpSync(join(extension.extensionPath, 'test', 'fixtures', 'debug', 'include'), join(workspaceRoot(), 'include-debug'), { recursive: true });
      const flow = workspaceUri('include-debug/orders.flow.edn').fsPath;
      const body = workspaceUri('include-debug/body.clj');
      const score = workspaceUri('include-debug/functions/score.edn');

      // The gutter takes breakpoints in a file only when a debugger contributes its language.
      const contributed = (extension.packageJSON.contributes.breakpoints as { language: string }[]).map((b) => b.language);
      for (const uri of [body, score]) {
        const document = await vscode.workspace.openTextDocument(uri);
        assert.ok(contributed.includes(document.languageId), `${uri.fsPath} opens as ${document.languageId}; breakpoints are contributed for ${contributed.join(', ')}`);
      }

      const recur = lineOf(score.fsPath, '(recur (inc i)');
      const label = lineOf(body.fsPath, 'labelled (flow/step');
      const breakpoints = [new vscode.SourceBreakpoint(new vscode.Location(score, new vscode.Position(recur, 0))), new vscode.SourceBreakpoint(new vscode.Location(body, new vscode.Position(label, 0)))];
      vscode.debug.addBreakpoints(breakpoints);
      const sent: DapMessage[] = [];
      let wake = () => {};
      const tracker = vscode.debug.registerDebugAdapterTrackerFactory('flow-edn', {
        createDebugAdapterTracker: () => ({
          onDidSendMessage: (m: DapMessage) => {
            sent.push(m);
            wake();
          },
        }),
      });
      const nextStop = (from: number, what: string) =>
        deadline(
          new Promise<DapMessage>((resolve) => {
            wake = () => {
              const hit = sent.slice(from).find((m) => m.type === 'event' && (m.event === 'stopped' || m.event === 'terminated'));
              if (hit !== undefined) resolve(hit);
            };
            wake();
          }),
          45_000,
          what,
        );
      try {
        const started = await vscode.debug.startDebugging(vscode.workspace.workspaceFolders![0], { type: 'flow-edn', request: 'launch', name: 'include', flow });
        assert.equal(started, true, 'the session did not start');
        let stopped = await nextStop(0, 'a stop in functions/score.edn');
        assert.equal(stopped.event, 'stopped', JSON.stringify(stopped.body));
        const session = vscode.debug.activeDebugSession!;
        let frames = ((await session.customRequest('stackTrace', { threadId: 1 })) as { stackFrames: Frame[] }).stackFrames;
        assert.equal(realFile(frames[0]!.source?.path), realFile(score.fsPath), JSON.stringify(frames[0]));
        assert.equal(frames[0]!.line, recur + 1);
        // VS Code opens the top frame's file: the included one.
        await until(() => vscode.window.activeTextEditor !== undefined && realFile(vscode.window.activeTextEditor.document.uri.fsPath) === realFile(score.fsPath), 'VS Code to show functions/score.edn', 15_000);
        say(`stopped in ${frames[0]!.source?.path}:${frames[0]!.line} (${frames[0]!.name}); editor ${vscode.window.activeTextEditor?.document.languageId}`);

        vscode.debug.removeBreakpoints([breakpoints[0]!]);
        let from = sent.length;
        await session.customRequest('continue', { threadId: 1 });
        stopped = await nextStop(from, 'a stop at the :label step in body.clj');
        assert.equal(stopped.event, 'stopped', JSON.stringify(stopped.body));
        frames = ((await session.customRequest('stackTrace', { threadId: 1 })) as { stackFrames: Frame[] }).stackFrames;
        assert.equal(frames[0]!.name, ':label (:function)');
        assert.equal(realFile(frames[0]!.source?.path), realFile(body.fsPath));
        assert.equal(frames[0]!.line, label + 1);
        await until(() => vscode.window.activeTextEditor !== undefined && realFile(vscode.window.activeTextEditor.document.uri.fsPath) === realFile(body.fsPath), 'VS Code to show body.clj', 15_000);
        // Inline values in the included file: `scored`, bound above the stop, with its value.
        const shown = vscode.window.activeTextEditor!.document;
        assert.equal(shown.languageId, 'clojure');
        const inline = await vscode.commands.executeCommand<vscode.InlineValue[]>('vscode.executeInlineValueProvider', shown.uri, new vscode.Range(0, 0, label, 0), {
          frameId: frames[0]!.id,
          stoppedLocation: new vscode.Range(label, 0, label, 0),
        });
        const texts = (inline ?? []).map((v) => ('text' in v ? v.text : ''));
        assert.ok(texts.some((t) => /^scored = \{.*:total 60/.test(t)), `inline values in body.clj: ${JSON.stringify(texts)}`);

        vscode.debug.removeBreakpoints([breakpoints[1]!]);
        from = sent.length;
        await session.customRequest('continue', { threadId: 1 });
        stopped = await nextStop(from, 'the run to end');
        assert.equal(stopped.event, 'terminated');
      } finally {
        vscode.debug.removeBreakpoints(breakpoints);
        tracker.dispose();
        if (vscode.debug.activeDebugSession !== undefined) await vscode.debug.stopDebugging();
      }
    },
  },
];
