// Cases of the debugger inside real VS Code: F5 with no launch.json and the default adapter
// (inline: the session in a worker thread of the extension host) on the founding flow's
// corrected copy stops at a breakpoint on a step (a tracker sees `stopped`), the frame's locals
// come through the session and inline, a screenshot of the paused editor, Next, Step Back and
// an evaluation in the debug console, the host's thread never blocked > 50 ms meanwhile;
// Debug Flow with Run Without Debugging on the `executable` adapter runs a scenario to its
// end with the run's output in the debug console; the toolbar's Pause while a :function step
// computes stops inside its code, where it had got to.

import * as vscode from 'vscode';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { EXTENSION_ID, type FlowEdnApi } from '../../../client/api';
import { deadline, open, runnerInfo, say, screenshot, workspaceUri, type SuiteCase } from './harness';
import { HostProbe } from '../../debug/host-probe';
import { processCpuSpent } from '../../support/process-cpu';

const FLOW = 'examples/advanced-order-orchestration-fixed.flow.edn';
const SLUG = 'advanced-order-orchestration-fixed';

interface DapMessage {
  type: string;
  event?: string;
  command?: string;
  body?: Record<string, unknown>;
}

/** Every message the flow-edn adapters send, per session, with waits on them. */
class Messages implements vscode.Disposable {
  readonly sent: { session: vscode.DebugSession; message: DapMessage; at: number }[] = [];
  private readonly start = performance.now();
  private readonly waiters = new Set<() => void>();
  private readonly registration = vscode.debug.registerDebugAdapterTrackerFactory('flow-edn', {
    createDebugAdapterTracker: (session) => ({
      onDidSendMessage: (message: DapMessage) => {
        this.sent.push({ session, message, at: performance.now() });
        for (const wake of [...this.waiters]) wake();
      },
    }),
  });

  /** The first message (from `from` on) that `accept` takes; rejects at the deadline naming what was seen. */
  waitFor(accept: (m: DapMessage) => boolean, what: string, from = 0, ms = 30_000): Promise<{ session: vscode.DebugSession; message: DapMessage }> {
    let wake: (() => void) | undefined;
    const found = new Promise<{ session: vscode.DebugSession; message: DapMessage }>((resolve) => {
      wake = () => {
        const hit = this.sent.slice(from).find((s) => accept(s.message));
        if (hit !== undefined) resolve(hit);
      };
      this.waiters.add(wake);
      wake();
    });
    return deadline(found, ms, what)
      .catch((error: Error) => {
        throw new Error(`${error.message}; the adapter sent: ${this.summary(from)}`);
      })
      .finally(() => this.waiters.delete(wake!));
  }

  summary(from = 0): string {
    return this.sent.slice(from).map(({ message: m }) => (m.type === 'event' ? `event ${m.event}${m.event === 'output' ? `(${String(m.body?.['output']).trim().slice(0, 80)})` : ''}` : `${m.type} ${m.command ?? ''}`)).join(', ');
  }

  /** When each event and response came, from the tracker's creation. */
  timeline(): string {
    return this.sent.filter(({ message: m }) => m.event !== 'output').map(({ message: m, at }) => `${m.event ?? m.command}@+${Math.round(at - this.start)}`).join(' ');
  }

  dispose(): void {
    this.registration.dispose();
  }
}

const isEvent = (name: string) => (m: DapMessage) => m.type === 'event' && m.event === name;

async function api(): Promise<FlowEdnApi> {
  const extension = vscode.extensions.getExtension<FlowEdnApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed`);
  return extension.isActive ? extension.exports : await extension.activate();
}

interface Variable {
  name: string;
  value: string;
  variablesReference: number;
  evaluateName?: string;
}

export const debugCases: SuiteCase[] = [
  {
    name: 'debug: F5 on a flow with no launch.json (the default, inline adapter) stops at a breakpoint on a step with its locals; Next, Step Back, an evaluation in the debug console; the host never blocked > 50 ms',
    timeoutMs: 90_000,
    async run() {
      assert.equal(existsSync(workspaceUri('.vscode/launch.json').fsPath), false, 'the workspace must have no launch.json');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      // The Run and Debug view open before the stop: VS Code then expands the first scope (Locals).
      await vscode.commands.executeCommand('workbench.view.debug');
      const document = await open(FLOW);
      await api();
      const line = document.getText().split('\n').findIndex((l) => l.includes('(flow/step :function :risk-summary'));
      assert.ok(line > 0, 'the :risk-summary step');
      const breakpoint = new vscode.SourceBreakpoint(new vscode.Location(document.uri, new vscode.Position(line, 0)));
      vscode.debug.addBreakpoints([breakpoint]);
      assert.equal(vscode.workspace.getConfiguration('flowEdn').get('debug.adapter'), 'inline', 'the default adapter is inline');
      const messages = new Messages();
      const probe = new HostProbe();
      try {
        await probe.enter('F5 to the first stop');
        const f5 = performance.now();
        // F5 itself: VS Code picks the debugger from the editor's language and asks our provider.
        await vscode.commands.executeCommand('workbench.action.debug.start');
        const { session, message: stopped } = await messages.waitFor(isEvent('stopped'), 'the session to stop', 0, 45_000);
        const firstStopMs = performance.now() - f5;
        assert.equal(stopped.body?.['reason'], 'breakpoint', `stopped: ${JSON.stringify(stopped.body)}`);
        assert.equal(session.type, 'flow-edn');
        assert.equal(session.configuration['flow'], document.uri.fsPath, 'the provider filled `flow` from the active editor');
        await probe.enter('the stop: stack, scopes, Locals');
        const threadId = stopped.body?.['threadId'] as number;
        const { stackFrames } = (await session.customRequest('stackTrace', { threadId })) as { stackFrames: { id: number; line: number; name: string; source?: { path?: string } }[] };
        const top = stackFrames[0]!;
        // The session runs in this process (a worker thread), not in out/debugAdapter.js: the run's lease names this pid.
        const { threads } = (await session.customRequest('threads')) as { threads: { name: string }[] };
        const runId = /run (r-\S+)/.exec(threads[0]!.name)?.[1];
        assert.ok(runId !== undefined, `thread name ${threads[0]!.name}`);
        const lease = (await api()).runs().service(document.uri).store.getRun(runId)?.leaseOwner ?? '';
        assert.match(lease, new RegExp(`^pid-${process.pid}-`), `the run's lease is held in the extension host's process (${process.pid}): ${lease}`);
        assert.equal(top.line, line + 1, `top frame ${JSON.stringify(top)}`);
        const { scopes } = (await session.customRequest('scopes', { frameId: top.id })) as { scopes: { name: string; variablesReference: number }[] };
        assert.deepEqual(scopes.map((s) => s.name).filter((n) => ['Locals', 'Step', 'Input', 'Run'].includes(n)), ['Locals', 'Step', 'Input', 'Run']);
        const locals = scopes.find((s) => s.name === 'Locals')!;
        const { variables } = (await session.customRequest('variables', { variablesReference: locals.variablesReference })) as { variables: Variable[] };
        const byName = new Map(variables.map((v) => [v.name, v]));
        say(`locals at :risk-summary: ${variables.map((v) => `${v.name} = ${v.value.slice(0, 40)}`).join('; ')}`);
        for (const name of ['input', 'order-id', 'order', 'risk']) assert.ok(byName.has(name), `local ${name} (have ${[...byName.keys()].join(', ')})`);
        assert.equal(byName.get('order-id')!.value, '"A-1001"');
        assert.ok(!byName.has('summary'), 'summary is bound by this step: not a local yet');

        // Inline values: VS Code asks the provider for the paused frame.
        const inline = await vscode.commands.executeCommand<vscode.InlineValue[]>('vscode.executeInlineValueProvider', document.uri, new vscode.Range(0, 0, line, 0), {
          frameId: top.id,
          stoppedLocation: new vscode.Range(line, 0, line, 0),
        });
        const texts = (inline ?? []).map((v) => ('text' in v ? v.text : ''));
        assert.ok(texts.includes('order-id = "A-1001"'), `inline values: ${JSON.stringify(texts)}`);

        if (runnerInfo().screenshots) {
          await vscode.window.showTextDocument(document, { preview: false, preserveFocus: false });
          // The paused line, the Locals scope expanded (rows of level 2), inline values.
          const shot = await screenshot({
            name: 'vscode-debug-paused',
            waitForTexts: ['(flow/step :function :risk-summary', 'order-id = "A-1001"'],
            waitForSelectors: ['.debug-top-stack-frame-line', '.debug-variables .monaco-list-row[aria-level="2"]'],
          });
          assert.deepEqual(shot.missing, [], `the screenshot ${shot.path} was taken without: ${shot.missing.join(', ')}`);
        } else say('this runner takes no screenshots');

        // Next and Step Back as the toolbar gives them, each to its stop.
        await probe.enter('Next');
        let from = messages.sent.length;
        await vscode.commands.executeCommand('workbench.action.debug.stepOver');
        const next = await messages.waitFor(isEvent('stopped'), 'the stop after Next', from);
        assert.equal(next.message.body?.['reason'], 'step');
        const afterNext = ((await session.customRequest('stackTrace', { threadId })) as { stackFrames: { id: number; name: string }[] }).stackFrames;
        assert.notEqual(afterNext[0]!.name, ':risk-summary (:function)', `Next left :risk-summary: ${afterNext[0]!.name}`);
        await probe.enter('Step Back');
        from = messages.sent.length;
        await vscode.commands.executeCommand('workbench.action.debug.stepBack');
        await messages.waitFor(isEvent('stopped'), 'the stop after Step Back', from);
        const back = ((await session.customRequest('stackTrace', { threadId })) as { stackFrames: { id: number; name: string; line: number }[] }).stackFrames;
        assert.equal(back[0]!.name, ':risk-summary (:function)', 'Step Back replays to the boundary before :risk-summary');
        assert.equal(back[0]!.line, line + 1);

        // The debug console's evaluation (context repl), in the paused frame's scope.
        await probe.enter('evaluate in the debug console');
        const evaluated = (await session.customRequest('evaluate', { expression: '(str order-id " " (:status risk))', frameId: back[0]!.id, context: 'repl' })) as { result: string };
        say(`debug console: (str order-id " " (:status risk)) => ${evaluated.result}`);
        assert.equal(evaluated.result, '"A-1001 200"');
        await assert.rejects(Promise.resolve(session.customRequest('evaluate', { expression: '(flow/step :http :x {})', frameId: back[0]!.id, context: 'repl' })), /never runs a step/);

        await probe.enter('Continue to the end');
        vscode.debug.removeBreakpoints([breakpoint]);
        from = messages.sent.length;
        await session.customRequest('continue', { threadId });
        await messages.waitFor(isEvent('terminated'), 'the run to end after Continue', from);
        probe.stop();
        say(`F5 to the first stop: ${Math.round(firstStopMs)} ms; extension host's thread during the session: ${probe.summary()}; messages: ${messages.timeline()}`);
        assert.deepEqual(probe.blocked, [], 'the extension host was blocked > 50 ms');
      } finally {
        probe.stop();
        vscode.debug.removeBreakpoints([breakpoint]);
        messages.dispose();
        if (vscode.debug.activeDebugSession !== undefined) await vscode.debug.stopDebugging();
      }
    },
  },
  {
    name: 'debug: Debug Flow, Run Without Debugging, on the executable adapter (out/debugAdapter.js, the setting): a scenario runs to its end; requests, retries, notifications and branches in the debug console',
    timeoutMs: 60_000,
    async run() {
      const document = await open(FLOW);
      const runs = (await api()).runs();
      const store = runs.service(document.uri).store;
      const before = new Set(store.listRuns({ flow: SLUG }).map((r) => r.id));
      const settings = vscode.workspace.getConfiguration('flowEdn');
      await settings.update('debug.adapter', 'executable', vscode.ConfigurationTarget.Workspace);
      const messages = new Messages();
      try {
        const started = await vscode.commands.executeCommand<boolean>('flowEdn.debugFlow', document.uri, { scenario: 'risk-api-flaky', noDebug: true });
        assert.equal(started, true, 'Debug Flow did not start a session');
        await messages.waitFor(isEvent('terminated'), 'the run to end');
        assert.ok(!messages.sent.some((s) => isEvent('stopped')(s.message)), 'a run without debugging never stops');
        const output = messages.sent.filter((s) => isEvent('output')(s.message)).map((s) => String(s.message.body?.['output'])).join('');
        say(`debug console:\n${output}`);
        assert.match(output, /step fetch-order(#\d+)? completed/, 'the debug console names the steps as they run');
        assert.match(output, /GET \S*\/orders\/A-1005\/risk/, 'the debug console shows the outgoing requests');
        assert.match(output, /attempt 1 failed \(503\), retrying/, 'the debug console shows the retries');
        assert.match(output, /POST \S*\/v3\/mail\/send/, 'the debug console shows the notifications sent');
        assert.match(output, /branch "Manager approval required\?"/, 'the debug console shows the branches taken');
        const fresh = store.listRuns({ flow: SLUG }).filter((r) => !before.has(r.id));
        assert.equal(fresh.length, 1, `one new run of ${SLUG} in the workspace store`);
        assert.equal(fresh[0]!.status, 'completed', `run ${fresh[0]!.id}: ${fresh[0]!.error ?? ''}`);
      } finally {
        messages.dispose();
        await settings.update('debug.adapter', undefined, vscode.ConfigurationTarget.Workspace);
      }
    },
  },
  {
    name: "debug: the toolbar's Pause while a :function step computes stops inside its code where it had got to, with its locals; Continue runs the step again and the run completes",
    timeoutMs: 90_000,
    async run() {
      // ~1.5 ms a round (two equal 20,000-element vectors compared): 2,000 rounds compute for ~3 s.
      const text = `{:slug :spin :name "spin"
 :concurrency {:type :singleton :on-new-version :supersede}
 :invocations {:default {:inputs []}}
 :interfaces {:manual [{:id :run :invocation :default}]}
 :flow
 '(let [rounds (flow/step :function :plan {:code '(fn [x] (:n x)) :input {:n 2000}})
        total (flow/step :function :spin
                         {:input {:n rounds}
                          :code '(fn [x]
                                   (let [a (vec (range 20000))
                                         b (vec (range 20000))]
                                     (loop [i 0 acc 0]
                                       (if (< i (:n x))
                                         (recur (inc i) (if (= a b) (inc acc) acc))
                                         acc))))})]
    {:total total})}
`;
      const uri = workspaceUri('scratch/debug-pause/spin.flow.edn');
      mkdirSync(dirname(uri.fsPath), { recursive: true });
      writeFileSync(uri.fsPath, text);
      writeFileSync(uri.fsPath.replace(/\.flow\.edn$/, '.sim.edn'), '{}\n');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.commands.executeCommand('workbench.view.debug');
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document, { preview: false });
      await api();
      const lines = text.split('\n');
      const stepLine = lines.findIndex((l) => l.includes('(flow/step :function :spin'));
      const [codeFirst, codeLast] = [lines.findIndex((l) => l.includes('(let [a (vec')), lines.findIndex((l) => l.includes('acc))))'))];
      const breakpoint = new vscode.SourceBreakpoint(new vscode.Location(uri, new vscode.Position(stepLine, 0)));
      vscode.debug.addBreakpoints([breakpoint]);
      const messages = new Messages();
      const probe = new HostProbe();
      try {
        await vscode.commands.executeCommand('workbench.action.debug.start');
        const { session, message: atStep } = await messages.waitFor(isEvent('stopped'), 'the stop at the :spin step', 0, 45_000);
        assert.equal(atStep.body?.['reason'], 'breakpoint');
        const threadId = atStep.body?.['threadId'] as number;
        vscode.debug.removeBreakpoints([breakpoint]);
        await probe.enter('Continue, then the toolbar\'s Pause while :spin computes');
        let from = messages.sent.length;
        await vscode.commands.executeCommand('workbench.action.debug.continue');
        await messages.waitFor((m) => m.type === 'response' && m.command === 'continue', 'the answer to Continue', from);
        // The loop under way: the worker has computed for 300 ms of CPU (a loaded machine gives it less of each second).
        await processCpuSpent(300);
        from = messages.sent.length;
        const asked = performance.now();
        await vscode.commands.executeCommand('workbench.action.debug.pause');
        const { message: paused } = await messages.waitFor(isEvent('stopped'), 'the stop after Pause', from, 20_000);
        const tookMs = performance.now() - asked;
        assert.equal(paused.body?.['reason'], 'pause', `stopped: ${JSON.stringify(paused.body)}`);
        const { stackFrames } = (await session.customRequest('stackTrace', { threadId })) as { stackFrames: { id: number; line: number; name: string }[] };
        assert.deepEqual(stackFrames.slice(0, 2).map((f) => f.name), ['the :code of :spin', ':spin (:function)'], 'the stop is inside the step\'s code');
        const top = stackFrames[0]!;
        assert.ok(top.line >= codeFirst + 1 && top.line <= codeLast + 1, `the paused line ${top.line} is in the code (lines ${codeFirst + 1}-${codeLast + 1})`);
        const { scopes } = (await session.customRequest('scopes', { frameId: top.id })) as { scopes: { name: string; variablesReference: number }[] };
        const { variables } = (await session.customRequest('variables', { variablesReference: scopes.find((x) => x.name === 'Locals')!.variablesReference })) as { variables: Variable[] };
        const i = Number(variables.find((v) => v.name === 'i')?.value);
        assert.ok(Number.isInteger(i) && i > 0 && i < 2000, `the loop was under way: ${variables.map((v) => `${v.name} = ${v.value.slice(0, 30)}`).join('; ')}`);
        say(`Pause while :spin computed: stopped ${Math.round(tookMs)} ms after the toolbar's Pause, at round ${i} of 2000: ${String(paused.body?.['description'])}`);
        if (runnerInfo().screenshots) {
          await vscode.window.showTextDocument(document, { preview: false, preserveFocus: false });
          const shot = await screenshot({
            name: 'vscode-debug-pause-computing',
            waitForTexts: ['(loop [i 0 acc 0]'],
            waitForSelectors: ['.debug-top-stack-frame-line', '.debug-variables .monaco-list-row[aria-level="2"]'],
          });
          assert.deepEqual(shot.missing, [], `the screenshot ${shot.path} was taken without: ${shot.missing.join(', ')}`);
        } else say('this runner takes no screenshots');
        await probe.enter('Continue: :spin runs again from its start');
        from = messages.sent.length;
        await vscode.commands.executeCommand('workbench.action.debug.continue');
        await messages.waitFor(isEvent('terminated'), 'the run to end after Continue', from, 30_000);
        probe.stop();
        assert.deepEqual(probe.blocked, [], 'the extension host was blocked > 50 ms');
        const store = (await api()).runs().service(uri).store;
        const run = store.listRuns({ flow: 'spin' })[0]!;
        assert.equal(run.status, 'completed', `run ${run.id}: ${run.error ?? ''}`);
        assert.deepEqual(store.journal(run.id).map((r) => [r.stepId, r.status, r.attempts]), [['plan', 'completed', 1], ['spin', 'completed', 1]]);
      } finally {
        probe.stop();
        vscode.debug.removeBreakpoints([breakpoint]);
        messages.dispose();
        if (vscode.debug.activeDebugSession !== undefined) await vscode.debug.stopDebugging();
      }
    },
  },
];
