// The change feed across processes: the built CLI changes the store in other processes
// while the run service listens; every change arrives in the store's order with no gaps,
// within a second of the other process's commit; a new service resumes from a saved cursor
// with exactly the changes it missed. And a wait resolved at once by the service and by
// `flow-edn approve` in another process is resolved exactly once.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kmap } from '../../engine/run/data';
import { RunService, WaitResolutionError } from '../../engine/service/index';
import { cliRun, Collected, label, until, workspace, openService } from './support';

const waitBody = `(let [input (flow/input)
      a (flow/step :function :a {:code '(fn [x] (:n x)) :input {:n (:n input)}})
      w ^{:label "Ask?" :yes "ask" :no "skip"} (if (> a 1) (flow/step :wait :ok {:key (str "k-" a) :timeout "1h"}) {:action :skip})]
  (:action w))`;

test('the feed delivers another process\'s changes in order, without gaps, within 1 s; a new service resumes from a cursor', async () => {
  const ws = workspace();
  const path = ws.flow('ask', waitBody, '{:input {:n 5}}');
  const s1 = openService({ root: ws.dir, feed: { pollMs: 200 } });
  const feed = new Collected();
  const sub = s1.subscribe(feed.listener, 0);

  const ran = await cliRun(ws, ['run', path, '--format', 'json']);
  assert.equal(ran.code, 0, ran.stderr);
  const runId = (JSON.parse(ran.stdout) as { runId: string }).runId;
  await until('the run to be reported waiting', () => feed.of(runId).some((c) => c.kind === 'run' && c.status === 'waiting'), 5000);
  const lastAfterRun = s1.store.lastChange();
  await until('every change of the run', () => sub.cursor === lastAfterRun, 5000);
  assert.ok(feed.arrivedAt.get(lastAfterRun)! - ran.exitedAt < 1000, `noticed ${feed.arrivedAt.get(lastAfterRun)! - ran.exitedAt} ms after the other process exited`);

  const approved = await cliRun(ws, ['approve', runId]);
  assert.equal(approved.code, 0, approved.stderr);
  const lastAfterApprove = s1.store.lastChange();
  await until('the approval and the end of the run', () => sub.cursor === lastAfterApprove, 5000);
  assert.ok(feed.arrivedAt.get(lastAfterApprove)! - approved.exitedAt < 1000);

  // In order, no gaps: exactly the store's sequence.
  const seqs = feed.changes.map((c) => c.seq);
  assert.deepEqual(seqs, s1.store.changesAfter(0).map((c) => c.seq));
  seqs.forEach((s, i) => assert.equal(s, i + 1));
  assert.deepEqual(
    feed.of(runId).map(label).filter((l) => !l.startsWith('event:') || l === 'event:wait-resolved'),
    ['run:running', 'step:a#0:completed', 'branch:Ask?:yes', 'wait:pending', 'run:waiting', 'wait:approved', 'event:wait-resolved', 'run:running', 'step:ok#0:completed', 'run:completed'],
  );

  // Restart: the first service goes away with its cursor; another process keeps changing the store.
  const cursor = sub.cursor;
  await s1.close();
  const again = await cliRun(ws, ['run', path, '--input', '{:n 1}', '--format', 'json']);
  assert.equal(again.code, 0, again.stderr);
  const second = (JSON.parse(again.stdout) as { runId: string }).runId;
  const s2 = openService({ root: ws.dir });
  const rest = new Collected();
  const sub2 = s2.subscribe(rest.listener, cursor);
  const last = s2.store.lastChange();
  await until('the changes made while no service listened', () => sub2.cursor === last, 5000);
  assert.equal(rest.changes[0]!.seq, cursor + 1);
  rest.changes.forEach((c, i) => assert.equal(c.seq, cursor + 1 + i));
  assert.ok(rest.changes.every((c) => c.runId === second));
  assert.deepEqual(rest.of(second).filter((c) => c.kind !== 'event').map(label), ['run:running', 'step:a#0:completed', 'branch:Ask?:no', 'run:completed']);
  await s2.close();
});

test('a wait resolved by the service and by flow-edn approve in another process at once: exactly one resolution, one completion', async () => {
  const ws = workspace();
  const path = ws.flow('ask', waitBody);
  const service = openService({ root: ws.dir, user: 'service-user' });
  const outcomes: string[] = [];
  // The other process needs a moment to start: the service's resolution is staggered so
  // that either side may win (the outcomes are printed; each is checked for what it must be).
  for (let i = 0; i < 6; i++) {
    const h = service.start({ flowPath: path, scenario: null, input: kmap({ n: 10 + i }) });
    const run = await h.finished;
    assert.equal(run.status, 'waiting');
    const [mine, theirs] = await Promise.all([
      new Promise((r) => setTimeout(r, i * 150)).then(() => service.resolve({ runId: run.id, action: 'approve' })).then(
        () => 'won',
        (e: unknown) => (e instanceof WaitResolutionError && e.reason === 'already-resolved' ? 'refused' : `error: ${String(e)}`),
      ),
      cliRun(ws, ['approve', run.id]),
    ]);
    const wait = service.store.findWaits({ runId: run.id })[0]!;
    if (mine === 'won') {
      assert.equal(wait.resolvedBy, 'service-user');
      assert.notEqual(theirs.code, 0, 'the other process was refused');
      assert.match(theirs.stderr + theirs.stdout, /already approved by service-user/);
    } else {
      assert.equal(mine, 'refused');
      assert.equal(theirs.code, 0, theirs.stderr);
      assert.equal(wait.resolvedBy, 'cli');
    }
    outcomes.push(mine);
    await until('the run to complete', () => service.store.getRun(run.id)!.status === 'completed', 10_000);
    const finished = service.events(run.id).flatMap((e) => (e.event.type === 'run-finished' ? [e.event.status] : []));
    assert.deepEqual(finished, ['waiting', 'completed']);
    assert.equal(service.events(run.id).filter((e) => e.event.type === 'wait-resolved').length, 1);
  }
  console.log(`# race outcomes for the service: ${outcomes.join(', ')}`);
  await service.close();
});
