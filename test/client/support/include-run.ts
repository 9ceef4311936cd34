// A completed run of the include fixture (test/fixtures/debug/include: a flow whose body,
// functions and config live in `#flow/include` files) on a real RunService and store in a
// scratch workspace, for the tests of what the editor shows of such a run.

import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { after } from 'node:test';
import { RunService } from '../../../engine/service/index';
import type { RunRecord } from '../../../engine/store/port';
import { root, workspace, type Workspace } from '../../service/support';

export async function runIncludedFlow(): Promise<{ ws: Workspace; service: RunService; flowPath: string; run: RunRecord }> {
  const ws = workspace();
  cpSync(join(root, 'test/fixtures/debug/include'), ws.dir, { recursive: true });
  const service = new RunService({ dbPath: ws.db });
  after(() => service.close());
  const flowPath = join(ws.dir, 'orders.flow.edn');
  const run = await service.start({ flowPath }).finished;
  assert.equal(run.status, 'completed', run.error ?? '');
  return { ws, service, flowPath, run };
}
