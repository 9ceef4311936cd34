// Live run states on the flow graph inside real VS Code: Flow EDN: Run Flow (the command) on a
// flow with a held :http step, a labelled if and a :wait changes the drawn nodes' `data-state`
// as it goes (running, done, the branch taken, waiting; a screenshot while :slow runs and one
// at the wait), a newer run is followed, a run picked with showRun stays shown, an edit marks
// the states stale, a debug session's pause is kept over live updates, the panel
// serializer's restore path brings the graph back with the picked run, and a run the CLI makes
// in another process on the same store is followed. A window reload
// itself cannot be driven here (it would end the extension host running this suite), so the
// serializer's `restore` is called as VS Code calls it after a reload.

import * as vscode from 'vscode';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { EXTENSION_ID, type FlowEdnApi } from '../../../client/api';
import { GRAPH_VIEW_TYPE } from '../../../client/webviews/graph/view-type';
import type { RunRecord } from '../../../engine/store/port';
import { deadline, open, runnerInfo, say, screenshot, webview, workspaceUri, type SuiteCase } from './harness';

const FLOW = 'scratch/live-graph.flow.edn';
const FRAME = '[data-step-id="slow"]';

function flowText(port: number): string {
  return `{:slug :live-graph :name "Live graph"
 :concurrency {:type :singleton :on-new-version :supersede}
 :invocations {:default {:inputs []}}
 :interfaces {:manual [{:id :run :invocation :default}]}
 :flow '(let [input (flow/input)
              a (flow/step :function :double {:code '(fn [x] (* 2 (:n x))) :input {:n (:n input)}})
              slow (flow/step :http :slow {:url "http://127.0.0.1:${port}/slow" :method :get})
              b ^{:label "Big?" :yes "Big" :no "Small"}
                (if (> a 10)
                  (flow/step :function :big {:code '(fn [x] x) :input {:v a}})
                  (flow/step :function :small {:code '(fn [x] x) :input {:v a}}))
              ok (flow/step :wait :approve {:key (str "live-graph-" a) :timeout "1h"})
              done (flow/step :function :finish {:code '(fn [x] x) :input {:b b}})]
          done)}
`;
}

async function api(): Promise<FlowEdnApi> {
  const extension = vscode.extensions.getExtension<FlowEdnApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed`);
  return extension.isActive ? extension.exports : await extension.activate();
}

function write(relative: string, text: string): vscode.Uri {
  const uri = workspaceUri(relative);
  mkdirSync(dirname(uri.fsPath), { recursive: true });
  writeFileSync(uri.fsPath, text);
  return uri;
}

let server: Server | undefined;
let release: () => void = () => undefined;
let document: vscode.TextDocument | undefined;
let bigRun: string | undefined;

/** Skips (saying why) when the runner cannot reach into webviews. */
function needsWebviews(): boolean {
  if (runnerInfo().screenshots) return true;
  say('skipped: this runner cannot reach into webview pages (the code-server runner can)');
  return false;
}

export const graphLiveCases: SuiteCase[] = [
  {
    name: 'graph live: Run Flow changes the nodes’ states (running, done, branch taken, waiting); screenshots while it runs and at the wait',
    timeoutMs: 150_000,
    async run() {
      if (!needsWebviews()) return;
      let held = new Promise<void>((r) => (release = r));
      server = createServer((_req, res) => void held.then(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')));
      await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
      const port = (server.address() as AddressInfo).port;
      const uri = write(FLOW, flowText(port));
      write('scratch/live-graph.sim.edn', '{:input {:n 7}}');
      write('scratch/live-graph.small.sim.edn', '{:input {:n 2}}');
      // The flow and its graph only, top down and fitted, for pictures of the whole run.
      await vscode.commands.executeCommand('workbench.action.closeSidebar');
      await vscode.commands.executeCommand('workbench.action.joinAllGroups');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      document = await open(FLOW);
      const config = vscode.workspace.getConfiguration('flowEdn');
      await config.update('graph.direction', 'down', vscode.ConfigurationTarget.Workspace);
      try {
        await vscode.commands.executeCommand('flowEdn.openGraph', uri);
        await webview({ frameHas: FRAME, waitFor: { '[data-step-id]': 6, '[data-branch-label="Big?"]': 1, 'body[data-direction="down"]': 1 }, click: '#fit' });

        // Flow EDN: Run Flow itself, as a person starts it (it resolves with the run once it waits).
        const running = Promise.resolve(vscode.commands.executeCommand<RunRecord | undefined>('flowEdn.runFlow', { uri, scenario: workspaceUri('scratch/live-graph.sim.edn').fsPath }));
        await webview({ frameHas: FRAME, waitFor: { 'body[data-run-id]': 1, 'body[data-run-status="running"]': 1, '[data-step-id="double"][data-state="done"]': 1, '[data-step-id="slow"][data-state="running"]': 1, '[data-step-id="approve"][data-state="pending"]': 1 } });
        const during = await screenshot({ name: 'vscode-graph-live-running', waitForTexts: [], waitForSelectors: ['iframe.webview'] });
        say(`graph live screenshot while :slow runs: ${during.path}`);
        release();
        const counts = await webview({
          frameHas: FRAME,
          waitFor: { '[data-step-id="slow"][data-state="done"]': 1, '[data-step-id="big"][data-state="done"]': 1, '[data-step-id="approve"][data-state="waiting"]': 1, '[data-branch-label="Big?"][data-taken="yes"]': 1 },
          count: ['[data-step-id="small"][data-state="pending"]', '[data-step-id="finish"][data-state="pending"]', 'path.edge-yes.taken', 'path.edge-no.untaken', '.edge-label.taken:text-is("Big")', 'body.run-stale'],
        });
        say(`graph live states: ${JSON.stringify(counts)}`);
        assert.equal(counts['[data-step-id="small"][data-state="pending"]'], 1, 'the untaken arm is not reached');
        assert.equal(counts['[data-step-id="finish"][data-state="pending"]'], 1);
        assert.equal(counts['path.edge-yes.taken'], 1, 'the branch taken is drawn bold');
        assert.equal(counts['path.edge-no.untaken'], 1, 'the other arm is greyed');
        assert.equal(counts['.edge-label.taken:text-is("Big")'], 1);
        assert.equal(counts['body.run-stale'], 0, 'the file is the run’s source');
        const run = await deadline(running, 20_000, 'Run Flow to end at the wait');
        assert.ok(run, 'Run Flow returned the run');
        assert.equal(run.status, 'waiting', run.error ?? '');
        bigRun = run.id;
        await webview({ frameHas: FRAME, waitFor: { [`body[data-run-id="${run.id}"]`]: 1, 'body[data-run-status="waiting"]': 1 } });
        const shot = await screenshot({ name: 'vscode-graph-live', waitForTexts: [], waitForSelectors: ['iframe.webview'] });
        say(`graph live screenshot at the wait: ${shot.path}`);
        await webview({ frameHas: FRAME, click: '#fit' });
      } finally {
        await config.update('graph.direction', undefined, vscode.ConfigurationTarget.Workspace);
      }
      held = Promise.resolve();
    },
  },
  {
    name: 'graph live: a newer run is followed; showRun picks a run and keeps it; an edit marks its states stale',
    timeoutMs: 120_000,
    async run() {
      if (!needsWebviews() || !document || !bigRun) return;
      const doc = document;
      const service = (await api()).runs().service(doc.uri);
      const small = service.start({ flowPath: doc.uri.fsPath, scenario: workspaceUri('scratch/live-graph.small.sim.edn').fsPath });
      assert.equal((await deadline(small.finished, 20_000, 'the second run to wait')).status, 'waiting');
      await webview({ frameHas: FRAME, waitFor: { [`body[data-run-id="${small.runId}"]`]: 1, '[data-branch-label="Big?"][data-taken="no"]': 1, '[data-step-id="small"][data-state="done"]': 1, '[data-step-id="big"][data-state="pending"]': 1 } });
      const graphs = await (await api()).graphs();
      await graphs.showRun(doc.uri, bigRun);
      await webview({ frameHas: FRAME, waitFor: { [`body[data-run-id="${bigRun}"]`]: 1, '[data-branch-label="Big?"][data-taken="yes"]': 1 } });
      // A change to the followed-before run does not take the picked one's place.
      await service.resolve({ runId: small.runId, action: 'approve' });
      await webview({ frameHas: FRAME, waitFor: { [`body[data-run-id="${bigRun}"]`]: 1, '[data-step-id="approve"][data-state="waiting"]': 1 } });
      const edit = new vscode.WorkspaceEdit();
      edit.insert(doc.uri, new vscode.Position(0, 0), ';; edited\n');
      assert.ok(await vscode.workspace.applyEdit(edit));
      const stale = await webview({ frameHas: FRAME, waitFor: { 'body.run-stale': 1 }, count: ['#run:text-matches("the file changed since")'] });
      assert.equal(stale['#run:text-matches("the file changed since")'], 1, 'the toolbar says the file changed since the run started');
      const undo = new vscode.WorkspaceEdit();
      undo.delete(doc.uri, new vscode.Range(0, 0, 1, 0));
      assert.ok(await vscode.workspace.applyEdit(undo));
      await webview({ frameHas: FRAME, waitFor: { 'body.run-stale': 0 } });
    },
  },
  {
    name: 'graph live: a debug session’s paused step is marked and kept over live updates of its run; resolving the wait finishes every step',
    timeoutMs: 90_000,
    async run() {
      if (!needsWebviews() || !document || !bigRun) return;
      const doc = document;
      const graphs = await (await api()).graphs();
      graphs.showRunState(doc.uri, { type: 'runState', runId: bigRun, steps: { approve: 'waiting' }, branches: [], paused: 'approve' });
      await webview({ frameHas: FRAME, waitFor: { '[data-step-id="approve"][data-paused="true"]': 1 } });
      const service = (await api()).runs().service(doc.uri);
      await service.resolve({ runId: bigRun, action: 'approve' });
      await webview({ frameHas: FRAME, waitFor: { '[data-step-id][data-state="done"]': 5, '[data-step-id="small"][data-state="skipped"]': 1, 'body[data-run-status="completed"]': 1, '[data-paused]': 0 } });
    },
  },
  {
    name: 'graph live: the serializer’s restore path brings back the graph of the saved document with its picked run',
    timeoutMs: 90_000,
    async run() {
      if (!needsWebviews() || !document || !bigRun) return;
      const doc = document;
      const graphs = await (await api()).graphs();
      graphs.panelFor(doc.uri)!.panel.dispose();
      const panel = vscode.window.createWebviewPanel(GRAPH_VIEW_TYPE, 'restored', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {});
      const restored = await graphs.restore(panel, { uri: doc.uri.toString(), runId: bigRun, pinned: true });
      assert.ok(restored, 'the panel was taken over');
      assert.equal(restored.pinnedRun, bigRun);
      // The restored panel's frame: the disposed panel's may still be there for a moment.
      await webview({ frameHas: FRAME, newFrame: true, waitFor: { [`body[data-run-id="${bigRun}"]`]: 1, '[data-step-id]': 6, 'body[data-run-status="completed"]': 1 } });
      const gone = vscode.window.createWebviewPanel(GRAPH_VIEW_TYPE, 'gone', vscode.ViewColumn.Beside, {});
      let disposed = false;
      gone.onDidDispose(() => (disposed = true));
      assert.equal(await graphs.restore(gone, { uri: workspaceUri('scratch/deleted.flow.edn').toString() }), undefined);
      assert.ok(disposed, 'a panel whose file is gone is closed');
    },
  },
  {
    name: 'graph live: back to following (showRun null), a run made by another process (the CLI) on the same store is shown',
    timeoutMs: 90_000,
    async run() {
      if (!needsWebviews() || !document || !bigRun) return;
      const doc = document;
      const graphs = await (await api()).graphs();
      await graphs.showRun(doc.uri, null);
      const db = workspaceUri('.flow-edn/runs.db').fsPath;
      const cli = vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri.fsPath + '/out/cli.js';
      const started = Date.now();
      const out = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const p = spawn(process.execPath, [cli, 'run', doc.uri.fsPath, '--sim', workspaceUri('scratch/live-graph.small.sim.edn').fsPath, '--db', db, '--format', 'json'], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', NO_COLOR: '1' } });
        let stdout = '';
        let stderr = '';
        p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        p.on('exit', (code) => resolve({ code, stdout, stderr }));
      });
      assert.equal(out.code, 0, `the CLI run: ${out.stderr}${out.stdout.slice(0, 400)}`);
      const report = JSON.parse(out.stdout) as { runId: string; status: string };
      assert.equal(report.status, 'waiting');
      await webview({ frameHas: FRAME, waitFor: { [`body[data-run-id="${report.runId}"]`]: 1, '[data-branch-label="Big?"][data-taken="no"]': 1, '[data-step-id="approve"][data-state="waiting"]': 1, '[data-step-id="big"][data-state="pending"]': 1 } });
      say(`the CLI's run ${report.runId} shown on the graph ${Date.now() - started} ms after the CLI started (runner round trips included)`);
      server?.close();
    },
  },
];
