// An included file edited while a debug session runs (over the real adapter): the run keeps
// running the text it was launched with, so breakpoints set again in the edited file are
// unverified with the reason, and frames show the launched text (a read-only source served by
// the adapter) at the launched lines; Restart reads the files again and binds the breakpoints
// anew (a `breakpoint` changed event), stopping at the edited file's lines.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, test } from 'node:test';
import { includeScratch, placeOf } from './include-support';
import { EventLog, launch, sessions, topFrame } from './support';

const session = sessions(after);

test('an included file edited mid-session: unverified breakpoints, frames on the launched text, Restart binds anew', async () => {
  const { dc, log } = await session();
  const changes = new EventLog(dc, ['breakpoint']);
  const s = includeScratch();
  const body = s.file('body.clj');
  const launched = readFileSync(body, 'utf8');
  const before = placeOf(body, 'labelled (flow/step');
  await launch(dc, log, { flow: s.flow, db: s.db }, async () => {
    await dc.setBreakpointsRequest({ source: { path: body }, breakpoints: [{ line: before.line }] });
  });
  let stop = await log.next('stopped');
  assert.equal(stop.body.reason, 'breakpoint');

  // Two lines added on top of the included body, saved: VS Code sends the moved breakpoint again.
  writeFileSync(body, `;; edited while debugging\n;; a second line\n${launched}`);
  const after = placeOf(body, 'labelled (flow/step');
  assert.equal(after.line, before.line + 2);
  const again = (await dc.setBreakpointsRequest({ source: { path: body }, breakpoints: [{ line: after.line }], sourceModified: true })).body.breakpoints;
  assert.equal(again[0]!.verified, false);
  assert.match(again[0]!.message ?? '', /^body\.clj changed since the run started: the run runs the text it was launched with .*; restart the session to debug the edited file$/);

  // Frames keep the launched text: the launched line, its source served by the adapter.
  const frames = await topFrame(dc);
  assert.equal(frames[0]!.line, before.line);
  assert.equal(frames[0]!.source?.name, 'body.clj (as run)');
  const ref = frames[0]!.source?.sourceReference ?? 0;
  assert.ok(ref > 0, 'a changed file is served as the launched text');
  const served = await dc.sourceRequest({ source: frames[0]!.source!, sourceReference: ref });
  assert.equal(served.body.content, launched);
  assert.match(served.body.content.split('\n')[before.line - 1]!, /labelled \(flow\/step :function :label/);
  // The body frame stands in body.clj too: the same launched text.
  assert.equal(frames.at(-1)!.source?.sourceReference, ref);

  // Restart: the flow and its includes read again; the breakpoint binds at the edited line.
  await dc.restartRequest({});
  const changed = await changes.next('breakpoint');
  assert.equal(changed.body.reason, 'changed');
  assert.equal(changed.body.breakpoint.verified, true);
  assert.equal(changed.body.breakpoint.line, after.line);
  assert.equal(changed.body.breakpoint.source.path, body);
  stop = await log.next('stopped');
  assert.equal(stop.body.reason, 'breakpoint');
  assert.deepEqual(stop.body.hitBreakpointIds, [changed.body.breakpoint.id]);
  const now = (await topFrame(dc))[0]!;
  assert.equal(now.line, after.line);
  assert.equal(now.source?.path, body);
  assert.equal(now.source?.sourceReference ?? 0, 0);
  await dc.continueRequest({ threadId: 1 });
  await log.next('terminated');
});
