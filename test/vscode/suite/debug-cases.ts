// Cases of the debugger inside real VS Code: F5 with no launch.json on the founding flow's
// corrected copy stops at a breakpoint on a step (a tracker sees `stopped`), the frame's locals
// come through the session and inline, a screenshot of the paused editor; Debug Flow with
// Run Without Debugging runs a scenario to its end with the run's output in the debug console.

import * as vscode from 'vscode';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { EXTENSION_ID, type FlowEdnApi } from '../../../client/api';
import { deadline, open, runnerInfo, say, screenshot, workspaceUri, type SuiteCase } from './harness';

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

/** Delays of a 10 ms timer in the extension host: the worst, and each over 30 ms with when it ended. */
function hostLag(): { stop: () => { worst: number; late: string[] } } {
  const start = performance.now();
  let last = start;
  let worst = 0;
  const late: string[] = [];
  const timer = setInterval(() => {
    const now = performance.now();
    const delay = now - last - 10;
    worst = Math.max(worst, delay);
    if (delay > 30) late.push(`${Math.round(delay)} ms at +${Math.round(now - start)}`);
    last = now;
  }, 10);
  return { stop: () => (clearInterval(timer), { worst: Math.round(worst), late }) };
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
    name: 'debug: F5 on a flow with no launch.json stops at a breakpoint on a step and shows its locals',
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
      const messages = new Messages();
      const lag = hostLag();
      try {
        // F5 itself: VS Code picks the debugger from the editor's language and asks our provider.
        await vscode.commands.executeCommand('workbench.action.debug.start');
        const { session, message: stopped } = await messages.waitFor(isEvent('stopped'), 'the session to stop', 0, 45_000);
        assert.equal(stopped.body?.['reason'], 'breakpoint', `stopped: ${JSON.stringify(stopped.body)}`);
        assert.equal(session.type, 'flow-edn');
        assert.equal(session.configuration['flow'], document.uri.fsPath, 'the provider filled `flow` from the active editor');
        const { stackFrames } = (await session.customRequest('stackTrace', { threadId: stopped.body?.['threadId'] })) as { stackFrames: { id: number; line: number; name: string; source?: { path?: string } }[] };
        const top = stackFrames[0]!;
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

        vscode.debug.removeBreakpoints([breakpoint]);
        const from = messages.sent.length;
        await session.customRequest('continue', { threadId: stopped.body?.['threadId'] });
        await messages.waitFor(isEvent('terminated'), 'the run to end after Continue', from);
        const { worst, late } = lag.stop();
        say(`extension host during the session (out/debugAdapter.js): longest timer delay ${worst} ms; over 30 ms: ${late.join(', ') || 'none'}; messages: ${messages.timeline()}`);
      } finally {
        lag.stop();
        vscode.debug.removeBreakpoints([breakpoint]);
        messages.dispose();
        if (vscode.debug.activeDebugSession !== undefined) await vscode.debug.stopDebugging();
      }
    },
  },
  {
    name: 'debug: Debug Flow, Run Without Debugging, inline in the extension host: a scenario runs to its end; requests, retries, notifications and branches in the debug console',
    timeoutMs: 60_000,
    async run() {
      const document = await open(FLOW);
      const runs = (await api()).runs();
      const store = runs.service(document.uri).store;
      const before = new Set(store.listRuns({ flow: SLUG }).map((r) => r.id));
      const settings = vscode.workspace.getConfiguration('flowEdn');
      await settings.update('debug.adapter', 'inline', vscode.ConfigurationTarget.Workspace);
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
];
