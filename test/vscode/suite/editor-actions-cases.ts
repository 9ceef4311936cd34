// Cases of the editor's run actions inside real VS Code (issue 13, second half): the run-side
// lenses above a flow; Run Flow shows the branch taken, the untaken arm dimmed and each step's
// outcome inline (read back from the decorations applied; screenshot), cleared when the text
// changes, with the extension host never blocked > 50 ms meanwhile; Simulate Webhook starts
// the local runtime, signs and sends a payload, and the run lands in the store; Fire Now
// starts a run; Approve on a `:wait` lens resolves it; New Scenario writes a clean scenario.

import * as vscode from 'vscode';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { EXTENSION_ID, type FlowEdnApi } from '../../../client/api';
import { HostProbe } from '../../debug/host-probe';
import type { AppliedDecorations } from '../../../client/runs/decorations';
import { decorationModel } from '../../../client/runs/decoration-model';
import { checkText } from '../../../engine/language/check/index';
import { checkSimulationText } from '../../../engine/language/check/simulation';
import type { RunRecord } from '../../../engine/store/port';
import type { WebhookAnswer } from '../../../engine/service/index';
import { deadline, open, say, screenshot, until, workspaceUri, type SuiteCase } from './harness';

async function api(): Promise<FlowEdnApi> {
  const extension = vscode.extensions.getExtension<FlowEdnApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed`);
  return extension.isActive ? extension.exports : await extension.activate();
}

const ORDERS = 'actions/orders.flow.edn';

async function lensesOf(uri: vscode.Uri, want: (titles: string[]) => boolean): Promise<vscode.CodeLens[]> {
  let lenses: vscode.CodeLens[] = [];
  const titles = () => lenses.map((l) => l.command?.title ?? '');
  const until = Date.now() + 15_000;
  do {
    lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
    if (want(titles())) return lenses;
    await new Promise((r) => setTimeout(r, 100));
  } while (Date.now() < until);
  throw new Error(`the lenses never matched; they are: ${JSON.stringify(titles())}`);
}

/**
 * The decorations applied for a run once they show its end: as many notes as the run's events
 * give once it finished (a refresh made while it ran shows only the steps done by then).
 */
async function appliedFor(uri: vscode.Uri, runId: string): Promise<AppliedDecorations> {
  const decorations = (await api()).editorActions().decorations;
  const service = (await api()).runs().service(uri);
  const finalNotes = () => {
    const run = service.store.getRun(runId);
    if (run === undefined || run.status === 'running') return -1;
    return decorationModel(run.source, service.events(runId).map((e) => e.event)).notes.length;
  };
  const applied = () => decorations.applied.get(uri.toString());
  await until(() => applied()?.runId === runId && (applied()?.notes.length ?? 0) > 0 && applied()!.notes.length === finalNotes(), `decorations of run ${runId} at its end (applied now: ${JSON.stringify(applied())})`, 10_000);
  return applied()!;
}

export const editorActionsCases: SuiteCase[] = [
  {
    name: 'editor actions: lenses above the flow (Run, Debug, the scenario), each webhook and schedule',
    async run() {
      const document = await open(ORDERS);
      const lenses = await lensesOf(document.uri, (t) => t.includes('$(play) Run') && t.some((x) => x.startsWith('$(zap)')));
      const byTitle = (title: string) => lenses.find((l) => l.command?.title === title);
      for (const title of ['$(play) Run', '$(debug-alt) Debug', '▷ default']) assert.equal(document.getText(byTitle(title)?.range), ':flow', title);
      const hook = byTitle('$(zap) Simulate Webhook Order');
      assert.ok(hook, 'a Simulate Webhook lens');
      assert.match(document.lineAt(hook.range.start.line).text, /:label "Order"/);
      const arg = hook.command!.arguments![0] as { uri: vscode.Uri; trigger: string };
      assert.equal(arg.trigger, 'Order');
      assert.equal(String(arg.uri), document.uri.toString());
      const fire = byTitle('$(clock) Fire Now Nightly');
      assert.ok(fire, 'a Fire Now lens');
      assert.match(document.lineAt(fire.range.start.line).text, /:label "Nightly"/);
    },
  },
  {
    name: 'editor actions: Run Flow shows the branch taken, the untaken arm dimmed, step outcomes; the host never blocked > 50 ms',
    timeoutMs: 60_000,
    async run() {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      const document = await open(ORDERS);
      const actions = (await api()).editorActions();
      const probe = new HostProbe();
      await probe.enter('Run Flow');
      const run = await vscode.commands.executeCommand<RunRecord>('flowEdn.runFlow', document.uri);
      assert.ok(run, 'Run Flow returned no run');
      await appliedFor(document.uri, run.id);
      probe.stop();
      say(`Run Flow: run ${run.id} ${run.status}; the extension host's thread: ${probe.summary()}`);
      assert.equal(run.status, 'completed', run.error ?? '');
      assert.deepEqual(probe.blocked, [], 'the extension host was blocked > 50 ms during Run Flow');
      const applied = actions.decorations.applied.get(document.uri.toString())!;
      const branch = applied.notes.find((n) => n.state === 'branch');
      assert.ok(branch, JSON.stringify(applied));
      assert.equal(branch.text, '⎇ Large order? → Auto approve');
      assert.match(document.lineAt(branch.line).text, /\(if \(> \(or \(:total in\) 0\) 100\)$/);
      assert.equal(branch.character, document.lineAt(branch.line).text.length, 'at the end of the if\'s line');
      assert.deepEqual(applied.dims.map((d) => d.text), ["(flow/step :function :review {:code '(fn [x] :review) :input {}})"]);
      const risk = applied.notes.find((n) => /flow\/step :http :fetch-risk/.test(document.lineAt(n.line).text));
      assert.ok(risk, 'an outcome on the :fetch-risk line');
      assert.match(risk.text, /^✓ completed · HTTP 200 · 2 attempts · \d+ ms$/);
      const shot = await screenshot({ name: 'vscode-editor-actions-run', waitForTexts: [], waitForSelectors: ['.codelens-decoration'] });
      say(`screenshot ${shot.path}`);

      // Text that is no longer the run's source: cleared; back to it: shown again.
      const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === document.uri.toString())!;
      await editor.edit((b) => b.insert(new vscode.Position(0, 0), ';; edited\n'));
      await until(() => !actions.decorations.applied.has(document.uri.toString()), 'the decorations to clear after an edit', 5_000);
      await vscode.commands.executeCommand('undo');
      await appliedFor(document.uri, run.id);
      assert.equal(document.isDirty, false, 'undo brought the saved text back');
    },
  },
  {
    name: 'editor actions: Simulate Webhook starts the local runtime, signs and sends the payload; the run is in the store and shown inline',
    timeoutMs: 90_000,
    async run() {
      const document = await open(ORDERS);
      const api_ = await api();
      const answer = await vscode.commands.executeCommand<WebhookAnswer>('flowEdn.simulateWebhook', { uri: document.uri, trigger: 'Order', payload: JSON.stringify({ order: { id: 'A-7' }, total: 250 }) });
      assert.ok(answer, 'Simulate Webhook returned no answer');
      say(`webhook: HTTP ${answer.status} run ${answer.runId} via ${answer.request.url}`);
      assert.equal(answer.status, 202, answer.text);
      assert.match(answer.request.url, /^http:\/\/127\.0\.0\.1:\d+\//);
      assert.ok(answer.request.headers['X-Signature'], 'signed with the scenario\'s secret');
      const state = api_.editorActions().runtimes.state(document.uri);
      assert.equal(state.kind, 'running');
      const service = api_.runs().service(document.uri);
      await until(() => service.store.getRun(answer.runId!)?.status === 'completed', `run ${answer.runId} to complete in the store`, 20_000);
      assert.equal(service.store.getRun(answer.runId!)!.trigger, 'Order');
      const applied = await appliedFor(document.uri, answer.runId!);
      assert.equal(applied.notes.find((n) => n.state === 'branch')?.text, '⎇ Large order? → Manual review');

      const refused = await vscode.commands.executeCommand<WebhookAnswer>('flowEdn.simulateWebhook', { uri: document.uri, trigger: 'Nope', payload: '{}' });
      assert.equal(refused, undefined, 'an unknown webhook is refused with a message, nothing sent');
      await vscode.commands.executeCommand('flowEdn.stopRuntime', document.uri);
      assert.equal(api_.editorActions().runtimes.state(document.uri).kind, 'stopped');
    },
  },
  {
    name: 'editor actions: Fire Now starts a run with the schedule\'s input',
    async run() {
      const document = await open(ORDERS);
      const run = await vscode.commands.executeCommand<RunRecord>('flowEdn.fireSchedule', { uri: document.uri, schedule: 'Nightly' });
      assert.ok(run, 'Fire Now returned no run');
      assert.equal(run.status, 'completed', run.error ?? '');
      assert.equal(run.trigger, 'Nightly');
      assert.match(run.input, /:total 5/);
    },
  },
  {
    name: 'editor actions: a :wait with a pending wait has a count lens; Approve resolves it and the run completes',
    timeoutMs: 45_000,
    async run() {
      const document = await open('actions/approval.flow.edn');
      const waiting = await vscode.commands.executeCommand<RunRecord>('flowEdn.runFlow', document.uri);
      assert.equal(waiting?.status, 'waiting');
      const lenses = await lensesOf(document.uri, (t) => t.includes('Approve'));
      const approve = lenses.find((l) => l.command?.title === 'Approve')!;
      assert.match(document.lineAt(approve.range.start.line).text, /flow\/step :wait :manager-approval/);
      assert.ok(lenses.some((l) => /^\$\(watch\) \d+ pending$/.test(l.command?.title ?? '')), 'the pending count');
      const service = (await api()).runs().service(document.uri);
      const pending = service.store.findWaits({ runId: waiting.id, status: 'pending' });
      assert.equal(pending.length, 1);
      // Resolve exactly this run's wait (earlier suite runs may have left others pending).
      const outcome = await vscode.commands.executeCommand<{ run: RunRecord }>('flowEdn.resolveWait', { ...(approve.command!.arguments![0] as object), action: 'approve' });
      assert.ok(outcome, 'Approve resolved nothing');
      const finished = await deadline((async () => {
        while (service.store.getRun(outcome.run.id)?.status !== 'completed') await new Promise((r) => setTimeout(r, 50));
        return service.store.getRun(outcome.run.id)!;
      })(), 15_000, 'the approved run to complete');
      assert.equal(finished.output, '{:approved :approve}');
    },
  },
  {
    name: 'editor actions: New Scenario writes x.<name>.sim.edn beside the flow, clean, and opens it',
    async run() {
      const document = await open(ORDERS);
      const uri = await vscode.commands.executeCommand<vscode.Uri>('flowEdn.newScenario', { uri: document.uri, name: 'big-order' });
      assert.ok(uri, 'New Scenario wrote nothing');
      assert.equal(uri.fsPath, workspaceUri('actions/orders.big-order.sim.edn').fsPath);
      assert.ok(existsSync(uri.fsPath));
      const text = readFileSync(uri.fsPath, 'utf8');
      assert.deepEqual(checkSimulationText(text, checkText(document.getText())).map((f) => `${f.code}: ${f.message}`), [], 'the new scenario checks clean');
      assert.match(text, /:fetch-risk/, 'a mock for the http step');
      assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, uri.fsPath, 'opened');
      const again = await vscode.commands.executeCommand<vscode.Uri>('flowEdn.newScenario', { uri: document.uri, name: 'big-order' });
      assert.equal(again, undefined, 'an existing scenario is never overwritten');
      const lenses = await lensesOf(document.uri, (t) => t.includes('▷ big-order'));
      assert.ok(lenses.some((l) => l.command?.title === '▷ default'));
    },
  },
];
