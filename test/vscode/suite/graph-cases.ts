// The flow graph inside real VS Code: Open Flow Graph on the founding flow's corrected copy
// draws one element per step and per labelled branch; a click on a node moves the editor's
// selection to the step; the editor's selection highlights the node; edits redraw and a
// broken edit greys the last good graph under a banner; the code lens and Export as SVG;
// a screenshot of editor and graph side by side. Webview pages are reached through the
// runner (Playwright), so these cases need the code-server runner.

import * as vscode from 'vscode';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { open, runnerInfo, say, screenshot, until, webview, workspaceUri, type SuiteCase } from './harness';

const FLOW = 'examples/advanced-order-orchestration-fixed.flow.edn';
const FRAME = 'body[data-drawn-version]';

let document: vscode.TextDocument | undefined;

/** Skips (saying why) when the runner cannot reach into webviews. */
function needsWebviews(): boolean {
  if (runnerInfo().screenshots) return true;
  say('skipped: this runner cannot reach into webview pages (the code-server runner can)');
  return false;
}

function editorOf(doc: vscode.TextDocument): vscode.TextEditor {
  const editor = vscode.window.visibleTextEditors.find((e) => e.document === doc);
  assert.ok(editor, `${doc.uri.fsPath} is not in a visible editor`);
  return editor;
}

export const graphCases: SuiteCase[] = [
  {
    name: 'a code lens above :flow offers Open Flow Graph',
    run: async () => {
      document = await open(FLOW);
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
      const lens = (lenses ?? []).find((l) => l.command?.command === 'flowEdn.openGraph');
      assert.ok(lens, `no Open Flow Graph lens; lenses: ${JSON.stringify((lenses ?? []).map((l) => l.command?.title))}`);
      assert.equal(document.getText(lens.range), ':flow');
      assert.equal(lens.command!.title, 'Open Flow Graph');
    },
  },
  {
    name: 'Open Flow Graph draws every step (data-step-id) and labelled if (data-branch-label) of the corrected founding flow',
    timeoutMs: 90_000,
    run: async () => {
      document = await open(FLOW);
      await vscode.commands.executeCommand('flowEdn.openGraph');
      if (!needsWebviews()) return;
      const text = document.getText();
      const steps = text.split('(flow/step ').length - 1;
      const labels = [...text.matchAll(/\^\{:label "([^"]+)"/g)].map((m) => m[1]!);
      assert.equal(steps, 8);
      assert.equal(labels.length, 2);
      const counts = await webview({
        frameHas: FRAME,
        count: ['[data-step-id]', '[data-branch-label]', ...labels.map((l) => `[data-branch-label="${l}"]`), '.edge-label:text-is("Auto-approve")', '.edge-label:text-is("Wait for manager action")'],
      });
      say(`graph: ${JSON.stringify(counts)}`);
      assert.equal(counts['[data-step-id]'], steps, 'one element per step');
      assert.equal(counts['[data-branch-label]'], labels.length, 'one element per labelled if');
      for (const l of labels) assert.equal(counts[`[data-branch-label="${l}"]`], 1, l);
      assert.equal(counts['.edge-label:text-is("Auto-approve")'], 1, "the :no edge carries the branch's :no label");
      assert.equal(counts['.edge-label:text-is("Wait for manager action")'], 1, "the :yes edge carries the branch's :yes label");
      // The graph opened beside the editor: the flow stays visible.
      editorOf(document);
    },
  },
  {
    name: "clicking a node moves the editor's selection to that step",
    timeoutMs: 60_000,
    run: async () => {
      if (!needsWebviews() || !document) return;
      const doc = document;
      await webview({ frameHas: FRAME, click: '[data-step-id="fulfill-order"]' });
      await until(() => vscode.window.activeTextEditor?.document === doc && doc.getText(vscode.window.activeTextEditor.selection) === ':fulfill-order', 'the selection on :fulfill-order', 15_000);
      const line = vscode.window.activeTextEditor!.selection.start.line;
      assert.match(doc.lineAt(line).text, /\(flow\/step :http :fulfill-order/);
    },
  },
  {
    name: 'selecting text in the editor highlights its node',
    timeoutMs: 60_000,
    run: async () => {
      if (!needsWebviews() || !document) return;
      const editor = editorOf(document);
      const at = document.positionAt(document.getText().indexOf(':operation :set'));
      editor.selection = new vscode.Selection(at, at);
      await webview({ frameHas: FRAME, waitFor: { '[data-step-id="write-audit"].highlighted': 1, '.node.highlighted': 1 } });
    },
  },
  {
    name: 'edits redraw the graph; a broken edit greys the last good graph under a banner',
    timeoutMs: 90_000,
    run: async () => {
      if (!needsWebviews() || !document) return;
      const doc = document;
      const rename = new vscode.WorkspaceEdit();
      const at = doc.getText().indexOf(':send-outcome-email');
      rename.replace(doc.uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + ':send-outcome-email'.length)), ':send-outcome-mail');
      assert.ok(await vscode.workspace.applyEdit(rename));
      await webview({ frameHas: FRAME, waitFor: { '[data-step-id="send-outcome-mail"]': 1, '[data-step-id="send-outcome-email"]': 0 } });
      const close = doc.getText().indexOf('{:status :not-fulfilled})') + '{:status :not-fulfilled}'.length;
      const brk = new vscode.WorkspaceEdit();
      brk.delete(doc.uri, new vscode.Range(doc.positionAt(close), doc.positionAt(close + 1)));
      assert.ok(await vscode.workspace.applyEdit(brk));
      const counts = await webview({ frameHas: FRAME, waitFor: { 'body.stale': 1, '#banner:not([hidden])': 1 }, count: ['[data-step-id]'] });
      assert.equal(counts['[data-step-id]'], 8, 'the last good graph stays drawn');
      const mend = new vscode.WorkspaceEdit();
      mend.insert(doc.uri, doc.positionAt(close), ')');
      assert.ok(await vscode.workspace.applyEdit(mend));
      await webview({ frameHas: FRAME, waitFor: { 'body.stale': 0, '#banner[hidden]': 1 } });
    },
  },
  {
    name: 'screenshots: the flow beside its graph, top down (flowEdn.graph.direction), at full size and fitted',
    timeoutMs: 120_000,
    run: async () => {
      if (!needsWebviews() || !document) return;
      const editor = editorOf(document);
      await vscode.commands.executeCommand('workbench.action.closeSidebar');
      await vscode.commands.executeCommand('workbench.action.closePanel');
      editor.revealRange(new vscode.Range(58, 0, 58, 0), vscode.TextEditorRevealType.AtTop);
      const config = vscode.workspace.getConfiguration('flowEdn');
      await config.update('graph.direction', 'down', vscode.ConfigurationTarget.Workspace);
      try {
        await webview({ frameHas: FRAME, waitFor: { 'body[data-direction="down"]': 1 } });
        const shot = await screenshot({ name: 'vscode-graph', waitForTexts: [], waitForSelectors: ['.codelens-decoration', 'iframe.webview'] });
        say(`graph screenshot: ${shot.path}`);
        await webview({ frameHas: FRAME, click: '#fit' });
        const fitted = await screenshot({ name: 'vscode-graph-fit', waitForTexts: [], waitForSelectors: ['iframe.webview'] });
        say(`fitted graph screenshot: ${fitted.path}`);
        await webview({ frameHas: FRAME, click: '#fit' });
      } finally {
        await config.update('graph.direction', undefined, vscode.ConfigurationTarget.Workspace);
      }
      await webview({ frameHas: FRAME, waitFor: { 'body[data-direction="right"]': 1 } });
    },
  },
  {
    name: 'Export Flow Graph as SVG writes the drawn graph',
    timeoutMs: 60_000,
    run: async () => {
      if (!needsWebviews() || !document) return;
      const target = workspaceUri('scratch/founding.graph.svg');
      const written = await vscode.commands.executeCommand<vscode.Uri | undefined>('flowEdn.exportGraphSvg', target);
      assert.equal(written?.fsPath, target.fsPath);
      assert.ok(existsSync(target.fsPath));
      const svg = readFileSync(target.fsPath, 'utf8');
      assert.ok(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
      assert.equal(svg.split('data-step-id="').length - 1, 8);
      assert.ok(svg.includes('data-branch-label="Fulfillment decision"'));
    },
  },
];
