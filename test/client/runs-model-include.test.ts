// The Runs view of a run of a flow spread over `#flow/include` files (real RunService, real
// store): its steps and branch name the included file and that file's line, and the file a
// reveal opens is the included file, whose line holds the step.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { RunStore } from '../../engine/store/port';
import { RunsModel, sourceFileOf, type RunsNode } from '../../client/runs/runs-model';
import { runIncludedFlow } from './support/include-run';

test('an included flow: step and branch sources name the included file and its line; the reveal target is that file', async () => {
  const { ws, service, flowPath, run } = await runIncludedFlow();
  const model = new RunsModel(() => new Map<string, RunStore>([[ws.db, service.store]]));
  const children = model.runChildren(ws.db, service.store, run.id);
  const steps = children.filter((c): c is Extract<RunsNode, { kind: 'step' }> => c.kind === 'step');
  const branch = children.find((c): c is Extract<RunsNode, { kind: 'branch' }> => c.kind === 'branch')!;
  assert.deepEqual(
    steps.map((s) => [s.record.stepId, s.source?.file, s.source?.line]),
    [
      ['score', 'body.clj', 2],
      ['label', 'body.clj', 5],
      ['audit', 'body.clj', 8],
      ['shout', 'body.clj', 11],
    ],
  );
  const body = readFileSync(join(ws.dir, 'body.clj'), 'utf8').split('\n');
  for (const s of steps) {
    const file = sourceFileOf(flowPath, s.source!);
    assert.equal(file, join(ws.dir, 'body.clj'));
    assert.match(readFileSync(file, 'utf8').split('\n')[s.source!.line - 1]!, new RegExp(`flow/step :function :${s.record.stepId}\\b`));
  }
  assert.equal(branch.source.file, 'body.clj');
  assert.match(body[branch.source.line - 1]!, /\^\{:label "Big order\?"/);
  assert.match(model.item(branch).tooltip, /, body\.clj line 9$/);
});
