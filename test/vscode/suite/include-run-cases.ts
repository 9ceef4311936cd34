// Run Flow on a flow spread over `#flow/include` files, inside real VS Code: the run runs the
// expanded text, and its decorations land in the included file where the steps and the
// labelled `if` are written (body.clj, opened beside the flow), on their own lines; none on the
// flow file, whose text holds only the include directive. Screenshot of both editors. The Runs
// tree's step names the included file, and Reveal opens it at the step's line. An included
// file opened alone, the flow closed, shows its part of the flow's latest run: a run made here,
// and a run made by `flow-edn run` in another process on a flow this window never opened.

import * as vscode from 'vscode';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXTENSION_ID, type FlowEdnApi } from '../../../client/api';
import type { RunRecord } from '../../../engine/store/port';
import { say, screenshot, until, workspaceRoot, workspaceUri, type SuiteCase } from './harness';

export const includeRunCases: SuiteCase[] = [
  {
    name: 'Run Flow on a flow with #flow/include: the branch and step outcomes show in the included body.clj, on their lines',
    timeoutMs: 60_000,
    async run() {
      const extension = vscode.extensions.getExtension<FlowEdnApi>(EXTENSION_ID)!;
      cpSync(join(extension.extensionPath, 'test', 'fixtures', 'debug', 'include'), join(workspaceRoot(), 'include-run'), { recursive: true });
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      const flowUri = workspaceUri('include-run/orders.flow.edn');
      const bodyUri = workspaceUri('include-run/body.clj');
      const flow = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(flowUri), { viewColumn: vscode.ViewColumn.One, preview: false });
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(bodyUri), { viewColumn: vscode.ViewColumn.Two, preview: false });
      const run = await vscode.commands.executeCommand<RunRecord>('flowEdn.runFlow', flow.document.uri);
      assert.ok(run, 'Run Flow returned no run');
      assert.equal(run.status, 'completed', run.error ?? '');
      const decorations = extension.exports.editorActions().decorations;
      const applied = () => decorations.applied.get(bodyUri.toString());
      await until(() => applied()?.runId === run.id && applied()!.notes.length === 5, `five notes of run ${run.id} on body.clj (now ${JSON.stringify(applied())})`, 15_000);
      const body = readFileSync(bodyUri.fsPath, 'utf8').split('\n');
      const on = (text: RegExp) => applied()!.notes.filter((n) => text.test(body[n.line]!));
      for (const step of ['score', 'label', 'audit', 'shout']) {
        const notes = on(new RegExp(`flow/step :function :${step}\\b`));
        assert.equal(notes.length, 1, `one note on the line of :${step}`);
        assert.match(notes[0]!.text, /^✓ completed/);
        assert.equal(notes[0]!.character, body[notes[0]!.line]!.length, 'at the end of the line');
      }
      assert.deepEqual(on(/\(if \(> \(:total scored\) 50\)$/).map((n) => n.text), ['⎇ Big order? → Shout']);
      assert.deepEqual(applied()!.dims.map((d) => d.text), ['labelled'], 'the untaken arm dimmed');
      const onFlow = decorations.applied.get(flowUri.toString());
      assert.equal(onFlow?.runId, run.id);
      assert.deepEqual(onFlow?.notes, [], 'no note on the flow file: its text holds only the include directive');
      const shot = await screenshot({ name: 'vscode-include-run', waitForTexts: ['flow/step :function :shout'], waitForSelectors: [] });
      say(`screenshot ${shot.path}`);

      // The Runs tree: the run's :shout step names body.clj, and Reveal opens body.clj at its line.
      const tree = extension.exports.runViews().tree;
      const flowNode = tree.getChildren().find((n) => n.kind === 'flow' && n.flow === 'include-orders');
      assert.ok(flowNode, 'the flow in the Runs tree');
      const runNode = tree.getChildren(flowNode).find((n) => n.kind === 'run' && n.run.id === run.id);
      assert.ok(runNode, `run ${run.id} under its flow`);
      const shout = tree.getChildren(runNode).find((n) => n.kind === 'step' && n.record.stepId === 'shout');
      assert.ok(shout !== undefined && shout.kind === 'step', 'the :shout step under the run');
      assert.equal(shout.source?.file, 'body.clj');
      await vscode.commands.executeCommand('workbench.action.focusFirstEditorGroup');
      await vscode.commands.executeCommand('flowEdn.runs.reveal', shout);
      await until(() => vscode.window.activeTextEditor?.document.uri.fsPath === bodyUri.fsPath, 'Reveal to open body.clj', 5_000);
      const at = vscode.window.activeTextEditor!.selection.active.line;
      assert.match(body[at]!, /flow\/step :function :shout/, `Reveal put the cursor on the :shout line (line ${at + 1})`);
    },
  },
  {
    name: 'An included file opened alone (its flow closed) shows its part of the flow\'s latest run, from this window or from the CLI',
    timeoutMs: 60_000,
    async run() {
      const extension = vscode.extensions.getExtension<FlowEdnApi>(EXTENSION_ID)!;
      const decorations = extension.exports.editorActions().decorations;
      const notesOn = (uri: vscode.Uri) => decorations.applied.get(uri.toString());
      // The run of the case above, its flow closed: body.clj alone gets the five notes again.
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      const bodyUri = workspaceUri('include-run/body.clj');
      const last = decorations.applied.get(bodyUri.toString())?.runId;
      assert.ok(last, 'the case above decorated body.clj');
      decorations.applied.delete(bodyUri.toString());
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(bodyUri), { preview: false });
      assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.fsPath.endsWith('orders.flow.edn') && vscode.window.visibleTextEditors.some((e) => e.document === d)), 'the flow is not shown');
      await until(() => notesOn(bodyUri)?.runId === last && notesOn(bodyUri)!.notes.length === 5, `five notes of ${last} on body.clj opened alone (now ${JSON.stringify(notesOn(bodyUri))})`, 15_000);

      // A flow this window never opened, run by the CLI in another process; then its body.clj alone.
      cpSync(join(extension.extensionPath, 'test', 'fixtures', 'debug', 'include'), join(workspaceRoot(), 'include-cli'), { recursive: true });
      const cli = join(extension.extensionPath, 'out', 'cli.js');
      const runId = await new Promise<string>((resolve, reject) => {
        execFile(process.execPath, [cli, 'run', 'include-cli/orders.flow.edn'], { cwd: workspaceRoot(), env: { ...process.env, NO_COLOR: '1', ELECTRON_RUN_AS_NODE: '1' } }, (error, stdout, stderr) => {
          const id = /^run (r-\S+)/m.exec(stdout)?.[1];
          if (error || id === undefined) reject(new Error(`flow-edn run failed: ${error?.message ?? ''}\n${stdout}\n${stderr}`));
          else resolve(id);
        });
      });
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      const cliBody = workspaceUri('include-cli/body.clj');
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(cliBody), { preview: false });
      await until(() => notesOn(cliBody)?.runId === runId && notesOn(cliBody)!.notes.length === 5, `five notes of the CLI's run ${runId} on include-cli/body.clj (now ${JSON.stringify(notesOn(cliBody))})`, 15_000);
      assert.deepEqual(notesOn(cliBody)!.dims.map((d) => d.text), ['labelled'], 'the untaken arm dimmed');
      const shot = await screenshot({ name: 'vscode-include-alone', waitForTexts: ['flow/step :function :shout'], waitForSelectors: [] });
      say(`screenshot ${shot.path}`);

      // Edited on disk so that the run no longer matches: the notes go.
      const edit = new vscode.WorkspaceEdit();
      edit.insert(cliBody, new vscode.Position(0, 0), ';; edited\n');
      await vscode.workspace.applyEdit(edit);
      await vscode.workspace.textDocuments.find((d) => d.uri.toString() === cliBody.toString())!.save();
      await until(() => notesOn(cliBody) === undefined, 'the notes cleared once body.clj no longer matches the run', 15_000);
    },
  },
];
