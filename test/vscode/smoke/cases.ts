// The smoke subset run against the extension installed from the .vsix (no checkout, no
// node_modules): it is the installed copy, it activates on a flow file, diagnostics and a
// quick fix arrive, New Flow and Open Example write flows that run to completion / to their
// wait in the store on node:sqlite, and a host without a SQLite driver says so once while
// checking keeps working. Runs start through Flow EDN: Run Flow (flowEdn.runFlow), as a user
// starts them.

import * as vscode from 'vscode';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EXTENSION_ID, type FlowEdnApi } from '../../../client/api';
import type { WorkspaceRuns } from '../../../client/runs/workspace-runs';
import type { RunRecord } from '../../../engine/store/port';
import { codeOf, deadline, diagnosticsWhere, open, say, until, workspaceUri, type SuiteCase } from '../suite/harness';

const extension = () => {
  const found = vscode.extensions.getExtension<FlowEdnApi>(EXTENSION_ID);
  assert.ok(found, `${EXTENSION_ID} is not installed`);
  return found;
};
const api = async (): Promise<FlowEdnApi> => (extension().isActive ? extension().exports : await extension().activate());

/** Writes a scratch flow file and opens it. */
async function scratch(name: string, text: string): Promise<vscode.TextDocument> {
  const uri = workspaceUri(`scratch/${name}.flow.edn`);
  mkdirSync(dirname(uri.fsPath), { recursive: true });
  writeFileSync(uri.fsPath, text);
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document, { preview: false });
  return document;
}
const HEAD = '{:slug :smoke\n :concurrency {:type :singleton :on-new-version :supersede}\n :flow\n ';

export const smokeCases: SuiteCase[] = [
  {
    name: 'the extension is the copy installed from the vsix, without node_modules or sources',
    async run() {
      const path = extension().extensionPath;
      say(`installed at ${path}`);
      assert.match(path, /[/\\]flow-edn\.flow-edn-\d+\.\d+\.\d+$/, 'installed extensions live in publisher.name-version folders');
      for (const absent of ['node_modules', 'engine', 'client', 'test']) assert.ok(!existsSync(join(path, absent)), `${absent} is in the installed extension`);
      // The local runtime (Simulate Webhook) runs the CLI's bundle from the extension.
      assert.ok(existsSync(join(path, 'out/cli.js')), 'out/cli.js (the local runtime) is missing from the installed extension');
      for (const present of ['out/extension.js', 'out/runs.js', 'out/runWorker.js', 'snippets/flow-edn.json', 'walkthrough/order-approval.flow.edn']) assert.ok(existsSync(join(path, present)), `${present} is missing`);
    },
  },
  {
    name: 'activates on a flow file and starts the language server',
    async run() {
      assert.equal(extension().isActive, false, 'active before any flow file was opened');
      const document = await open('examples/hello-world.flow.edn');
      assert.equal(document.languageId, 'flow-edn');
      await until(() => extension().isActive, 'the extension to activate on onLanguage:flow-edn');
      await deadline(extension().exports.serverReady(), 30_000, 'the language server to start');
    },
  },
  {
    name: 'diagnostics arrive, and the quick fix mends a misspelt step type',
    async run() {
      const broken = await open('broken.flow.edn');
      await diagnosticsWhere(broken.uri, (d) => ['unknown-step-type', 'missing-required-key'].every((c) => d.some((x) => codeOf(x) === c)), 'the checker codes on broken.flow.edn');
      const document = await scratch('typo', `${HEAD}'(let [input (flow/input) w (flow/step :wiat :approval {:key "k" :timeout "1h"})] w)}\n`);
      const [typo] = (await diagnosticsWhere(document.uri, (d) => d.some((x) => codeOf(x) === 'unknown-step-type'), 'unknown-step-type on :wiat')).filter((x) => codeOf(x) === 'unknown-step-type');
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, typo!.range, vscode.CodeActionKind.QuickFix.value);
      const fix = actions.find((a) => a.edit !== undefined && /:wait/.test(a.title));
      assert.ok(fix, `no quick fix to :wait; offered: ${actions.map((a) => a.title).join(' | ')}`);
      assert.ok(await vscode.workspace.applyEdit(fix.edit!));
      assert.match(document.getText(), /flow\/step :wait :approval/);
      await diagnosticsWhere(document.uri, (d) => !d.some((x) => codeOf(x) === 'unknown-step-type'), 'unknown-step-type to clear after the fix');
    },
  },
  {
    name: 'Flow EDN: New Flow writes a flow that checks clean and whose scenario runs to completion on node:sqlite',
    timeoutMs: 45_000,
    async run() {
      const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('flowEdn.newFlow', 'smoke-greeting');
      assert.ok(uri, 'New Flow returned no file');
      assert.equal(uri.fsPath, workspaceUri('flows/smoke-greeting.flow.edn').fsPath, 'written into the folder\'s flows/');
      assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, uri.fsPath, 'New Flow opens the flow');
      const scenario = workspaceUri('flows/smoke-greeting.sim.edn').fsPath;
      assert.ok(existsSync(scenario), 'the default scenario is written beside it');
      // The server has the file once it answers for it; then its findings are published.
      await vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', uri);
      await new Promise((r) => setTimeout(r, 1_000));
      const findings = vscode.languages.getDiagnostics(uri);
      assert.deepEqual(findings.map((d) => `${codeOf(d)}: ${d.message}`), [], 'the new flow checks clean');
      const service = (await api()).runs().service(uri);
      assert.equal(service.store.driver, 'node:sqlite', 'the extension host runs on node:sqlite');
      const run = await deadline(Promise.resolve(vscode.commands.executeCommand<RunRecord | undefined>('flowEdn.runFlow', uri)), 20_000, 'Run Flow to finish');
      assert.ok(run, 'Run Flow started no run');
      assert.equal(run.status, 'completed', `run ${run.id}: ${run.error ?? ''}`);
      assert.ok(existsSync(workspaceUri('.flow-edn/runs.db').fsPath), 'the run is kept in the workspace store');
    },
  },
  {
    name: 'Flow EDN: Open Example copies the walkthrough flow; its run waits, and approving completes it',
    timeoutMs: 45_000,
    async run() {
      const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('flowEdn.openExample');
      assert.ok(uri, 'Open Example returned no file');
      assert.equal(uri.fsPath, workspaceUri('flows/order-approval.flow.edn').fsPath);
      const service = (await api()).runs().service(uri);
      const waiting = await deadline(Promise.resolve(vscode.commands.executeCommand<RunRecord | undefined>('flowEdn.runFlow', uri)), 20_000, 'Run Flow to reach the wait');
      assert.ok(waiting, 'Run Flow started no run');
      assert.equal(waiting.status, 'waiting', `run ${waiting.id}: ${waiting.error ?? ''}`);
      await deadline(service.resolve({ runId: waiting.id, action: 'approve', by: 'smoke' }), 20_000, 'the approval');
      await until(() => service.store.getRun(waiting.id)?.status === 'completed', 'the approved run to complete', 20_000);
    },
  },
  {
    name: 'without a SQLite driver the run side says so once and checking keeps working',
    async run() {
      const bundle = require(join(extension().extensionPath, 'out/runs.js')) as { WorkspaceRuns: typeof WorkspaceRuns };
      const output = vscode.window.createOutputChannel('Flow EDN smoke', { log: true });
      const shown: string[] = [];
      const runs = new bundle.WorkspaceRuns(output, { driver: 'better-sqlite3', notify: (m) => shown.push(m) });
      try {
        for (let i = 0; i < 2; i++) assert.throws(() => runs.service(workspaceUri('flows/hello.edn')), /better-sqlite3/);
        assert.equal(shown.length, 1, `said ${shown.length} times`);
        assert.match(shown[0]!, /node:sqlite/);
        assert.match(shown[0]!, /1\.101/);
      } finally {
        runs.dispose();
        output.dispose();
      }
      const document = await scratch('after-no-driver', `${HEAD}'(let [r (flow/step :htpp :f {:url "https://example.com"})] r)}\n`);
      await diagnosticsWhere(document.uri, (d) => d.some((x) => codeOf(x) === 'unknown-step-type'), 'diagnostics after the store failed to open');
    },
  },
];
