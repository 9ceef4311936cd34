// The Approvals page opened as an editor panel (Flow EDN: Open Approvals with `{ panel: true }`)
// inside real VS Code: a run the CLI started waits; the panel (one editor tab, revealed again
// rather than opened twice) shows it; a click on Approve in the panel's own frame (not the side
// bar's view of the same page) resumes the run to completion and the panel drops the wait.

import * as vscode from 'vscode';
import assert from 'node:assert/strict';
import { EXTENSION_ID, type FlowEdnApi } from '../../../client/api';
import { decodeValue } from '../../../engine/run/codec';
import { printValue } from '../../../engine/edn/printer';
import { cliRun } from './approvals-cases';
import { runnerInfo, say, screenshot, until, webview, type SuiteCase } from './harness';

const section = (runId: string) => `section.wait[data-run-id="${runId}"]`;

async function api(): Promise<FlowEdnApi> {
  const extension = vscode.extensions.getExtension<FlowEdnApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed`);
  return extension.isActive ? extension.exports : await extension.activate();
}

/** The editor tabs showing the Approvals panel. */
function panelTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('flowEdn.approvalsPanel'));
}

export const approvalsPanelCases: SuiteCase[] = [
  {
    name: 'approvals panel: Open Approvals {panel: true} opens one editor tab showing the waiting run; Approve there resumes it to completion and the panel drops it',
    timeoutMs: 120_000,
    async run() {
      if (!runnerInfo().screenshots) return say('skipped: this runner cannot reach into webview pages (the code-server runner can)');
      const runId = await cliRun(`P-${Date.now()}`);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.commands.executeCommand('flowEdn.openApprovals', { panel: true });
      await until(() => panelTabs().length === 1, 'the Approvals panel tab', 10_000);
      assert.equal(panelTabs()[0]!.label, 'Approvals');
      const approve = `${section(runId)} >> role=button[name="Approve"]`;
      const shown = await webview({ frameHas: section(runId), host: 'panel', waitFor: { [section(runId)]: 1 }, count: [approve] });
      assert.equal(shown[approve], 1, 'the panel offers Approve for the run');
      const shot = await screenshot({ name: 'vscode-approvals-panel', waitForTexts: [], waitForSelectors: ['iframe.webview'] });
      say(`approvals panel screenshot: ${shot.path}`);

      // Opening it again reveals the same panel.
      await vscode.commands.executeCommand('flowEdn.openApprovals', { panel: true });
      assert.equal(panelTabs().length, 1, 'one Approvals panel');

      await webview({ frameHas: section(runId), host: 'panel', click: approve });
      const store = (await api()).runViews().stores().values().next().value!;
      await until(() => store.getRun(runId)?.status === 'completed', `run ${runId} to complete (now ${store.getRun(runId)?.status})`, 20_000);
      const run = store.getRun(runId)!;
      assert.match(run.output === null ? '' : printValue(decodeValue(run.output)), /:action :approve/);
      assert.equal(store.findWaits({ runId })[0]!.status, 'approved');
      await webview({ frameHas: 'main#waits', host: 'panel', waitFor: { [section(runId)]: 0 } });
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await until(() => panelTabs().length === 0, 'the Approvals panel to close', 10_000);
    },
  },
];
