// The Runs view's model in plain Node on real stores: flows with counts, newest first; pages
// of 100 by keyset that reach every one of 10,000 runs exactly once; a real run's children
// (steps with attempts, source offsets and `res://` artifacts, the branch it took, its
// waits); the `flow-edn-run:` documents (pretty EDN, artifacts, missing things said); delete.

import assert from 'node:assert/strict';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { RunService } from '../../engine/service/index';
import { openStore } from '../../engine/store/index';
import type { RunStore } from '../../engine/store/port';
import { runDocumentText } from '../../client/runs/run-document-text';
import { PAGE_SIZE, RunsModel, type RunsNode } from '../../client/runs/runs-model';
import { root, workspace } from '../service/support';
import { fillRuns } from './support/many-runs';

test('10,000 runs: flows newest first with counts; keyset pages reach every run once, newest first', () => {
  const ws = workspace();
  const store = openStore(ws.db);
  after(() => store.close());
  fillRuns(store, 10_000, ['alpha', 'beta', 'gamma', 'delta']);
  const model = new RunsModel(() => new Map([[ws.db, store]]));
  const roots = model.roots();
  assert.deepEqual(roots.map((r) => r.kind === 'flow' && `${r.flow}:${r.runs}`), ['delta:2500', 'gamma:2500', 'beta:2500', 'alpha:2500']);
  const flow = roots[0] as Extract<RunsNode, { kind: 'flow' }>;
  const seen: string[] = [];
  let page = model.children(flow);
  for (;;) {
    const runs = page.filter((n): n is Extract<RunsNode, { kind: 'run' }> => n.kind === 'run');
    assert.ok(runs.length <= PAGE_SIZE);
    seen.push(...runs.map((r) => r.run.id));
    const more = page.find((n): n is Extract<RunsNode, { kind: 'more' }> => n.kind === 'more');
    if (more === undefined) break;
    assert.equal(more.left, 2500 - seen.length);
    assert.equal(model.item(more).label, `Load ${Math.min(PAGE_SIZE, more.left)} more`);
    page = model.page(more.store, store, more.flow, more.before, flow.runs, seen.length);
  }
  assert.equal(seen.length, 2500);
  assert.equal(new Set(seen).size, 2500, 'no run twice');
  const times = seen.map((id) => store.getRun(id)!.createdAt);
  assert.deepEqual(times, [...times].sort((a, b) => b - a), 'newest first');
  const item = model.item({ kind: 'run', store: ws.db, run: store.runSummaries({ flow: 'delta', limit: 1 })[0]! });
  assert.equal(item.contextValue, 'run.completed');
  assert.equal(item.icon.id, 'pass');
  assert.match(item.description, /^completed · "Run" · 0 ms$|^completed · no trigger/);
});

test("a real run's children: steps (attempts, source, artifacts), the branch taken, its waits; documents and delete", async () => {
  const ws = workspace();
  for (const f of ['branches.flow.edn', 'approval.flow.edn', 'approval.sim.edn']) copyFileSync(join(root, 'test/fixtures/approvals', f), join(ws.dir, f));
  const service = new RunService({ dbPath: ws.db });
  after(() => service.close());
  const run = await service.start({ flowPath: join(ws.dir, 'branches.flow.edn'), scenario: null }).finished;
  assert.equal(run.status, 'completed', run.error ?? '');
  const waiting = await service.start({ flowPath: join(ws.dir, 'approval.flow.edn') }).finished;
  assert.equal(waiting.status, 'waiting', waiting.error ?? '');
  const stores = new Map<string, RunStore>([[ws.db, service.store]]);
  const model = new RunsModel(() => stores);
  assert.deepEqual(model.roots().map((r) => r.kind === 'flow' && r.flow), ['approval-demo', 'branches-demo']);

  const children = model.runChildren(ws.db, service.store, run.id);
  assert.deepEqual(children.map((c) => c.kind), ['step', 'step', 'step', 'branch']);
  const [count, report, snapshot, branch] = children as [Extract<RunsNode, { kind: 'step' }>, Extract<RunsNode, { kind: 'step' }>, Extract<RunsNode, { kind: 'step' }>, Extract<RunsNode, { kind: 'branch' }>];
  const source = readFileSync(join(ws.dir, 'branches.flow.edn'), 'utf8');
  assert.match(source.slice(count.source!.start, count.source!.end), /^\(flow\/step :function :count/);
  assert.equal(count.record.attempts, 1);
  assert.deepEqual(snapshot.record.artifacts, [`res://runs/${run.id}/snapshot-0`]);
  assert.equal(model.item(snapshot).contextValue, 'step.artifacts');
  assert.equal(model.item(report).contextValue, 'step');
  assert.equal(branch.label, 'Many?');
  assert.equal(branch.taken, 'yes');
  assert.equal(model.item(branch).description, 'took yes: Many');

  const result = runDocumentText({ path: `/${run.id}/report~0.edn`, query: new URLSearchParams({ store: ws.db }).toString() }, stores);
  assert.equal(result, `;; result of report#0 (function, completed) in run ${run.id}\n{:html "<img src=x onerror=alert(1)>"}\n`);
  const artifact = runDocumentText({ path: `/res/${encodeURIComponent(snapshot.record.artifacts[0]!)}.edn`, query: new URLSearchParams({ store: ws.db }).toString() }, stores);
  assert.match(artifact, /^;; res:\/\/runs\/\S+\/snapshot-0 \(application\/edn, 1 bytes\) of run \S+\n3\n$/);
  assert.match(runDocumentText({ path: `/${run.id}/nope~0.edn`, query: `store=${encodeURIComponent(ws.db)}` }, stores), /has no journaled step nope#0/);
  assert.match(runDocumentText({ path: `/${run.id}/count~0.edn`, query: 'store=/elsewhere.db' }, stores), /not open in this window/);

  const waitChildren = model.runChildren(ws.db, service.store, waiting.id);
  const wait = waitChildren.find((c) => c.kind === 'wait') as Extract<RunsNode, { kind: 'wait' }>;
  assert.equal(wait.wait.status, 'pending');
  assert.equal(model.item(wait).contextValue, 'wait.pending');
  assert.ok(!('token' in wait.wait), 'the approval token never reaches the view');

  assert.equal(service.store.deleteRun(run.id), true);
  assert.equal(service.store.getRun(run.id), undefined);
  assert.equal(service.store.getBlob(snapshot.record.artifacts[0]!), undefined, 'its artifacts go with it');
  assert.equal(service.store.deleteRun(run.id), false);
  assert.deepEqual(model.roots().map((r) => r.kind === 'flow' && r.flow), ['approval-demo']);
});
