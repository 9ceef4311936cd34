// The cases of the real-VS-Code suite, in order: activation on the language, the language
// for `flows/` files, diagnostics from the server (and after an edit), completion and hover
// through VS Code's own commands, inlay hints plus a screenshot, and the validation setting.

import * as vscode from 'vscode';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { EXTENSION_ID, type FlowEdnApi } from '../../../client/api';
import { catalog, stepTypeByName } from '../../../engine/language/catalog/index';
import { withCaret } from '../../support/markers';
import { requireMs } from './vscode-marks';
import {
  codeOf,
  deadline,
  diagnosticsWhere,
  hoverText,
  labels,
  open,
  runnerInfo,
  say,
  screenshot,
  until,
  workspaceUri,
  type SuiteCase,
} from './harness';

/** What the suite learnt along the way (the activation timing goes into results.json). */
export const state: { api?: FlowEdnApi; vscodeTimes?: VsCodeActivationTimes } = {};

/** The extension's row of VS Code's own table (Developer: Startup Performance), in ms. */
export interface VsCodeActivationTimes {
  loadCodeMs: number;
  callActivateMs: number;
  finishActivateMs: number;
  event: string;
  /** Of `loadCodeMs`, the require of the bundle alone (VS Code's marks; see vscode-marks.ts). */
  requireMs?: number;
}

/** Parses `| flow-edn.flow-edn | false | 12 | 1 | 3 | onLanguage:flow-edn | ... |` from the perf document. */
function activationRow(text: string): VsCodeActivationTimes | undefined {
  const line = text.split('\n').find((l) => l.includes(EXTENSION_ID) && l.includes('|'));
  if (!line) return undefined;
  const cells = line.split('|').map((c) => c.trim()).filter((c, i, all) => i > 0 && i < all.length - 1);
  const [, , load, call, finish, event] = cells;
  if ([load, call, finish].some((n) => n === undefined || Number.isNaN(Number(n)))) return undefined;
  return { loadCodeMs: Number(load), callActivateMs: Number(call), finishActivateMs: Number(finish), event: event ?? '' };
}

const BROKEN = 'broken.flow.edn';
/** Codes the checker reports on broken.flow.edn (see the comments in that file). */
const BROKEN_CODES = ['missing-required-key', 'unknown-step-type', 'prohibited-transform', 'unknown-key'];

const HEAD = '{:slug :scratch\n :concurrency {:type :singleton :on-new-version :supersede}\n :flow\n ';

/** Writes `text` (with one `|` caret) to a scratch flow file, opens it, returns the caret position. */
async function scratch(name: string, marked: string): Promise<{ document: vscode.TextDocument; position: vscode.Position }> {
  const { text, offset } = withCaret(marked);
  const uri = workspaceUri(`scratch/${name}.flow.edn`);
  mkdirSync(dirname(uri.fsPath), { recursive: true });
  writeFileSync(uri.fsPath, text);
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document, { preview: false });
  return { document, position: document.positionAt(offset) };
}

const strip = (label: string) => label.replace(/^:/, '');

function inlayLabel(hint: vscode.InlayHint): string {
  return typeof hint.label === 'string' ? hint.label : hint.label.map((part) => part.value).join('');
}

export const cases: SuiteCase[] = [
  {
    name: 'the extension stays inactive for plain EDN outside flows/',
    run: async () => {
      const extension = vscode.extensions.getExtension<FlowEdnApi>(EXTENSION_ID);
      assert.ok(extension, `extension ${EXTENSION_ID} is not loaded`);
      const plain = await open('notes/plain.edn');
      assert.notEqual(plain.languageId, 'flow-edn', 'notes/plain.edn must not be a flow file');
      assert.equal(extension.isActive, false, 'the extension activated before any flow file was opened');
    },
  },
  {
    name: 'the extension activates on a flow file (examples/hello-world.flow.edn)',
    run: async () => {
      const extension = vscode.extensions.getExtension<FlowEdnApi>(EXTENSION_ID)!;
      const document = await open('examples/hello-world.flow.edn');
      assert.equal(document.languageId, 'flow-edn');
      await until(() => extension.isActive, 'the extension to activate on onLanguage:flow-edn');
      const api = extension.exports;
      state.api = api;
      const { moduleLoadMs, activateMs, moduleLoadCpuMs, activateCpuMs, cpuClock } = api.timing;
      const wall = moduleLoadMs + activateMs;
      const cpu = moduleLoadCpuMs + activateCpuMs;
      say(`activation: module load ${moduleLoadMs.toFixed(2)} ms, activate ${activateMs.toFixed(2)} ms; the host thread's CPU: ${moduleLoadCpuMs.toFixed(2)} + ${activateCpuMs.toFixed(2)} ms (${cpuClock} clock); waiting for a core: ${Math.max(0, wall - cpu).toFixed(1)} ms`);
      assert.ok(cpu > 0 && cpu <= wall + 2, `the CPU clock reads ${cpu.toFixed(2)} ms over a wall time of ${wall.toFixed(2)} ms: it does not measure this thread`);
      // The extension's own cost is the host thread's CPU time; wall time adds whatever the
      // machine took away meanwhile (a loaded CI machine reads 80 ms of wall for 20 of work).
      assert.ok(cpu <= 50, `activation took ${cpu.toFixed(1)} ms of the extension host thread's CPU (${wall.toFixed(1)} ms of wall time); the target is <= 50 ms`);
      await deadline(api.serverReady(), 30_000, 'the language server to start');
      say(`language server ready ${api.timing.serverReadyMs?.toFixed(0)} ms after activate`);
    },
  },
  {
    name: "VS Code's own activation time (Developer: Startup Performance) is within 50 ms",
    run: async () => {
      let subscriptions: vscode.Disposable[] = [];
      const row = new Promise<VsCodeActivationTimes>((resolve) => {
        const check = (document: vscode.TextDocument) => {
          const times = document.uri.scheme === 'perf' ? activationRow(document.getText()) : undefined;
          if (times) resolve(times);
        };
        subscriptions = [
          vscode.workspace.onDidOpenTextDocument(check),
          vscode.workspace.onDidChangeTextDocument((e) => check(e.document)),
        ];
        vscode.workspace.textDocuments.forEach(check);
      });
      try {
        await vscode.commands.executeCommand('perfview.show');
        const times = await deadline(row, 20_000, `the ${EXTENSION_ID} row in Developer: Startup Performance`);
        state.vscodeTimes = times;
        say(`VS Code activation times: load code ${times.loadCodeMs} ms, call activate ${times.callActivateMs} ms, finish activate ${times.finishActivateMs} ms (${times.event})`);
        assert.equal(times.event, `onLanguage:flow-edn`);
        const total = times.loadCodeMs + times.callActivateMs;
        // VS Code's "load code" starts its clock, then awaits its own localisation set-up,
        // then requires the bundle: the await queues behind whatever else the host thread has
        // to do (a loaded CI machine read 122 ms there for a 22 ms activation). VS Code's
        // marks around the require itself give the extension's part of it.
        const loaded = requireMs(EXTENSION_ID);
        state.vscodeTimes = { ...times, ...(loaded !== undefined ? { requireMs: loaded } : {}) };
        const code = loaded ?? times.loadCodeMs;
        // VS Code's figures are wall time around the same work the extension timed itself;
        // the time the host thread spent waiting for a core then (wall minus its CPU, inside
        // VS Code's window) is the machine's, not the extension's, and is taken off.
        const timing = state.api!.timing;
        const waited = Math.max(0, timing.moduleLoadMs + timing.activateMs - (timing.moduleLoadCpuMs + timing.activateCpuMs));
        const ours = code + times.callActivateMs - waited;
        say(
          `VS Code's load code + call activate: ${total} ms; of its load code, the require of the bundle ${loaded ?? '(no marks)'} ms and VS Code's own set-up before it ${loaded !== undefined ? times.loadCodeMs - loaded : '?'} ms; the host thread waited for a core ${waited.toFixed(1)} ms`,
        );
        assert.ok(
          ours <= 50,
          `VS Code measured ${code} ms for ${loaded !== undefined ? 'the require of the bundle' : 'load code'} + ${times.callActivateMs} ms for call activate, ${ours.toFixed(1)} ms after taking off ${waited.toFixed(1)} ms spent waiting for a core; the target is <= 50 ms`,
        );
      } finally {
        subscriptions.forEach((s) => s.dispose());
        await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      }
    },
  },
  {
    name: 'files under flows/ and *.flow.clj get the flow-edn language',
    run: async () => {
      assert.equal((await open('flows/hello.edn')).languageId, 'flow-edn');
      const clj = workspaceUri('scratch/lang.flow.clj');
      mkdirSync(dirname(clj.fsPath), { recursive: true });
      writeFileSync(clj.fsPath, `${HEAD}'(flow/input)}\n`);
      assert.equal((await vscode.workspace.openTextDocument(clj)).languageId, 'flow-edn');
    },
  },
  {
    name: 'diagnostics with the checker codes arrive on a broken flow',
    run: async () => {
      const document = await open(BROKEN);
      const diagnostics = await diagnosticsWhere(
        document.uri,
        (d) => BROKEN_CODES.every((code) => d.some((x) => codeOf(x) === code)),
        `codes ${BROKEN_CODES.join(', ')} on ${BROKEN}`,
      );
      const stepType = diagnostics.find((d) => codeOf(d) === 'unknown-step-type')!;
      assert.equal(document.getText(stepType.range), ':htpp', 'unknown-step-type must cover the step type');
      assert.equal(stepType.severity, vscode.DiagnosticSeverity.Error);
      const unknownKey = diagnostics.find((d) => codeOf(d) === 'unknown-key')!;
      assert.equal(unknownKey.severity, vscode.DiagnosticSeverity.Warning);
    },
  },
  {
    name: 'diagnostics follow edits (fixing :htpp clears unknown-step-type)',
    run: async () => {
      const { document } = await scratch('edit', '|' + `${HEAD}'(let [r (flow/step :htpp :fetch {:url "https://example.com"})] r)}\n`);
      await diagnosticsWhere(document.uri, (d) => d.some((x) => codeOf(x) === 'unknown-step-type'), 'unknown-step-type before the edit');
      const start = document.getText().indexOf(':htpp');
      const edit = new vscode.WorkspaceEdit();
      edit.replace(document.uri, new vscode.Range(document.positionAt(start), document.positionAt(start + 5)), ':http');
      assert.ok(await vscode.workspace.applyEdit(edit));
      await diagnosticsWhere(document.uri, (d) => !d.some((x) => codeOf(x) === 'unknown-step-type'), 'unknown-step-type to clear after the edit');
    },
  },
  {
    name: 'completion offers the step types after (flow/step ',
    run: async () => {
      const { document, position } = await scratch('types', `${HEAD}'(let [r (flow/step |)] r)}\n`);
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position);
      const offered = new Set(labels(list).map(strip));
      const expected = catalog.steps.filter((s) => !s.deprecated).map((s) => s.type);
      const missing = expected.filter((t) => !offered.has(t));
      assert.deepEqual(missing, [], `step types missing from completion; offered: ${[...offered].join(' ')}`);
    },
  },
  {
    name: 'completion offers the keys of an :http step config, without those present',
    run: async () => {
      const { document, position } = await scratch('keys', `${HEAD}'(let [r (flow/step :http :fetch {:method :get |})] r)}\n`);
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position);
      const offered = new Set(labels(list).map(strip));
      for (const key of ['url', 'connection', 'path', 'headers', 'retry', 'timeout']) {
        assert.ok(offered.has(key), `:${key} not offered in an :http config; offered: ${[...offered].join(' ')}`);
      }
      assert.ok(!offered.has('method'), ':method is offered although the config already has it');
    },
  },
  {
    name: 'hover on a step type shows its catalog docs',
    run: async () => {
      const { document, position } = await scratch('hover', `${HEAD}'(let [r (flow/step :ht|tp :fetch {:url "https://example.com"})] r)}\n`);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
      const text = hoverText(hovers ?? []);
      const docs = stepTypeByName('http')!.docs;
      const firstSentence = docs.slice(0, docs.indexOf('.') + 1);
      assert.ok(text.includes(firstSentence), `hover lacks the :http docs ("${firstSentence}"); hover: ${text.slice(0, 300)}`);
    },
  },
  {
    name: 'inlay hints show branch labels and cron in words; screenshot of the flow',
    timeoutMs: 90_000,
    run: async () => {
      const document = await open(BROKEN);
      const editor = vscode.window.activeTextEditor!;
      await diagnosticsWhere(document.uri, (d) => d.length > 0, `diagnostics on ${BROKEN}`);
      const range = new vscode.Range(0, 0, document.lineCount, 0);
      const hints = (await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', document.uri, range)) ?? [];
      const texts = hints.map(inlayLabel);
      say(`inlay hints: ${texts.map((t) => JSON.stringify(t)).join(', ')}`);
      const ifLine = document.getText().split('\n').findIndex((l) => l.includes('(if (>'));
      const cronLine = document.getText().split('\n').findIndex((l) => l.includes(':cron'));
      assert.ok(hints.some((h) => h.position.line === ifLine), `no inlay hint on the labelled if (line ${ifLine + 1}); hints: ${texts.join(' | ')}`);
      assert.ok(hints.some((h) => h.position.line === cronLine), `no inlay hint on the cron line ${cronLine + 1}; hints: ${texts.join(' | ')}`);

      if (!runnerInfo().screenshots) return say('this runner takes no screenshots');
      await vscode.window.showTextDocument(document, { preview: false, preserveFocus: false });
      await vscode.commands.executeCommand('workbench.action.closeOtherEditors');
      await vscode.commands.executeCommand('workbench.actions.view.problems');
      await vscode.window.showTextDocument(document, { preview: false, preserveFocus: false });
      editor.revealRange(new vscode.Range(0, 0, 0, 0), vscode.TextEditorRevealType.AtTop);
      const shot = await screenshot({
        name: 'vscode-flow',
        waitForTexts: texts.map((t) => t.trim()).filter((t) => t.length > 0).slice(0, 4),
        waitForSelectors: ['.squiggly-error', '.squiggly-warning', '.markers-panel'],
      });
      assert.deepEqual(shot.missing, [], `the screenshot ${shot.path} was taken without: ${shot.missing.join(', ')}`);
    },
  },
  {
    name: 'Flow EDN: Restart Language Server brings up a new server that answers',
    run: async () => {
      const api = state.api!;
      await vscode.commands.executeCommand('flowEdn.restartServer');
      await deadline(api.serverReady(), 30_000, 'the restarted language server');
      const { document, position } = await scratch('restart', `${HEAD}'(let [r (flow/step :ht|tp :fetch {:url "https://example.com"})] r)}\n`);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
      assert.ok(hoverText(hovers ?? []).length > 0, 'no hover from the restarted server');
      await diagnosticsWhere(document.uri, (d) => d.length > 0, 'diagnostics from the restarted server');
    },
  },
  {
    name: 'flowEdn.validation.enable=false clears the diagnostics, true brings them back',
    run: async () => {
      const document = await open(BROKEN);
      const config = vscode.workspace.getConfiguration('flowEdn');
      await config.update('validation.enable', false, vscode.ConfigurationTarget.Workspace);
      try {
        await diagnosticsWhere(document.uri, (d) => d.length === 0, 'diagnostics to clear with validation off');
      } finally {
        await config.update('validation.enable', undefined, vscode.ConfigurationTarget.Workspace);
      }
      await diagnosticsWhere(document.uri, (d) => d.some((x) => codeOf(x) === 'unknown-step-type'), 'diagnostics to return with validation on');
    },
  },
];
