// Files the flow #flow/include's twice, over the real adapter (out/debugAdapter.js): a step
// config shared by two steps and a function's code shared by two functions. A breakpoint on a
// line of either binds at both places, says so, and the run stops at each in turn; a line of
// the flow file still binds to one step.

import assert from 'node:assert/strict';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { placeOf } from './include-support';
import { launch, root, sessions, topFrame } from './support';

const session = sessions(after);

/** Launches the flow with one line breakpoint, set where `needle` is in `path`; its binding. */
async function launchWith(dc: Awaited<ReturnType<typeof session>>['dc'], log: Awaited<ReturnType<typeof session>>['log'], s: { flow: string; db: string }, path: string, needle: string) {
  let set: Awaited<ReturnType<typeof dc.setBreakpointsRequest>> | undefined;
  await launch(dc, log, { flow: s.flow, db: s.db }, async () => {
    set = await dc.setBreakpointsRequest({ source: { path }, breakpoints: [{ line: placeOf(path, needle).line }] });
  });
  const bp = set!.body.breakpoints[0]!;
  assert.equal(bp.verified, true, bp.message);
  return bp;
}

function scratch(): { flow: string; db: string; config: string; code: string } {
  const dir = mkdtempSync(join(tmpdir(), 'flow-edn-debug-twice-'));
  // Kept out of test/fixtures: the checker's reference corpus seeds its mutants by the order of
  // the .edn files there (test/language/check-corpus.ts), and a file added reshuffles them.
  cpSync(join(root, 'test', 'debug', 'fixtures', 'include-twice'), dir, { recursive: true });
  return { flow: join(dir, 'twice.flow.edn'), db: join(dir, '.flow-edn', 'runs.db'), config: join(dir, 'steps', 'count.edn'), code: join(dir, 'code', 'double.clj') };
}

test('a breakpoint in a file included twice binds at both places and stops at each', async () => {
  const { dc, log } = await session();
  const s = scratch();
  const bp = await launchWith(dc, log, s, s.config, ':input input');
  assert.equal(bp.source?.path, s.config);
  assert.match(bp.message ?? '', /steps\/count\.edn is included 2 times: stops at step :first \(:function\) and at step :second \(:function\)/);

  const first = await log.next('stopped', 20_000);
  assert.equal(first.body.reason, 'breakpoint');
  assert.deepEqual(first.body.hitBreakpointIds, [bp.id]);
  assert.equal((await topFrame(dc))[0]!.name, ':first (:function)');
  await dc.continueRequest({ threadId: 1 });
  const second = await log.next('stopped', 20_000);
  assert.equal(second.body.reason, 'breakpoint');
  assert.equal((await topFrame(dc))[0]!.name, ':second (:function)');
  await dc.continueRequest({ threadId: 1 });
  await log.next('terminated', 20_000);
  assert.match(log.outputs(), /completed/);
});

test('a breakpoint in function code included into two functions stops inside each', async () => {
  const { dc, log } = await session();
  const s = scratch();
  const bp = await launchWith(dc, log, s, s.code, '{:n (* 2 n)}');
  assert.equal(bp.source?.path, s.code);
  assert.equal(bp.line, placeOf(s.code, '{:n (* 2 n)}').line);
  assert.match(bp.message ?? '', /code\/double\.clj is included 2 times: stops at .* in function :double-a and at .* in function :double-b/);
  for (const fn of ['double-a', 'double-b']) {
    const stop = await log.next('stopped', 20_000);
    assert.equal(stop.body.reason, 'breakpoint', JSON.stringify(stop.body));
    assert.deepEqual(stop.body.hitBreakpointIds, [bp.id]);
    const frames = await topFrame(dc);
    assert.equal(frames[0]!.name, `function :${fn}`, frames.map((f) => f.name).join(' < '));
    assert.equal(frames[0]!.source?.path, s.code);
    assert.equal(frames[0]!.line, bp.line);
    await dc.continueRequest({ threadId: 1 });
  }
  await log.next('terminated', 20_000);
});

test('a line of the flow file including it binds to its one step', async () => {
  const { dc, log } = await session();
  const s = scratch();
  const bp = await launchWith(dc, log, s, s.flow, 'second (flow/step');
  assert.equal(bp.message, undefined);
  await log.next('stopped', 20_000);
  assert.equal((await topFrame(dc))[0]!.name, ':second (:function)');
  await dc.continueRequest({ threadId: 1 });
  await log.next('terminated', 20_000);
});
