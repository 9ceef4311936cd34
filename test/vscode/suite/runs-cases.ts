// Cases of the run side inside real VS Code: the extension host opens the workspace store
// (`.flow-edn/runs.db`, node:sqlite there) through `api.runs()` and a run started there
// completes off the host's thread and reaches the change feed.

import * as vscode from 'vscode';
import assert from 'node:assert/strict';
import { EXTENSION_ID, type FlowEdnApi } from '../../../client/api';
import type { FeedChange } from '../../../engine/service/index';
import { deadline, say, workspaceUri, type SuiteCase } from './harness';

async function api(): Promise<FlowEdnApi> {
  const extension = vscode.extensions.getExtension<FlowEdnApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed`);
  return extension.isActive ? extension.exports : await extension.activate();
}

export const runsCases: SuiteCase[] = [
  {
    name: 'runs: a run started in the extension host completes on the workspace store and reaches the feed',
    async run() {
      const runs = (await api()).runs();
      const flow = workspaceUri('flows/hello.edn');
      const service = runs.service(flow);
      assert.equal(service.dbPath, workspaceUri('.flow-edn/runs.db').fsPath);
      say(`store driver in the extension host: ${service.store.driver}`);
      const seen: FeedChange[] = [];
      const listening = runs.onChanges((batch) => seen.push(...batch.changes));
      try {
        const handle = service.start({ flowPath: flow.fsPath, scenario: null });
        const run = await deadline(handle.finished, 20_000, 'the run to finish');
        assert.equal(run.status, 'completed', `run ${run.id}: ${run.error ?? ''}`);
        const finishedSeen = () => seen.some((c) => c.kind === 'run' && c.runId === handle.runId && c.status === 'completed');
        const until = Date.now() + 5_000;
        while (!finishedSeen() && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
        assert.ok(finishedSeen(), `the feed did not deliver the run's completion (saw ${seen.length} changes)`);
      } finally {
        listening.dispose();
      }
    },
  },
];
