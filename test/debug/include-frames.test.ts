// Stops and stack frames in `#flow/include`d files over the real adapter: a breakpoint in an
// included :functions entry's code string stops there, its frame's source the included file at
// the form's line and column (through the string's escapes), the step and body frames in the
// included body; Step In enters an included :code string written with `\n` escapes on one line
// (columns mapped through the escapes) and an included quoted :code form; a branch breakpoint
// in the included body stops with the body frame there.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, test } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { includeScratch, placeOf } from './include-support';
import { launch, localValue, sessions, topFrame } from './support';

const session = sessions(after);

function where(f: DebugProtocol.StackFrame): string {
  return `${f.name} @ ${f.source?.path ?? '-'}:${f.line}:${f.column}`;
}

test('stops in included code: frames in the included files, at the right line and column', async () => {
  const { dc, log } = await session();
  const s = includeScratch();
  const body = s.file('body.clj');
  const score = s.file('functions/score.edn');
  const recur = placeOf(score, '(recur (inc i)');
  await launch(dc, log, { flow: s.flow, db: s.db }, async () => {
    await dc.setBreakpointsRequest({ source: { path: score }, breakpoints: [{ line: recur.line, condition: '(= i 1)' }] });
    await dc.setBreakpointsRequest({ source: { path: body }, breakpoints: [{ line: placeOf(body, 'labelled (flow/step').line }, { line: placeOf(body, 'size ^{:label').line }] });
  });

  // Inside the :functions entry's code: the frame is in functions/score.edn; the step and body frames in body.clj.
  let stop = await log.next('stopped');
  assert.equal(stop.body.reason, 'breakpoint');
  assert.match(stop.body.description, new RegExp(`in function :score at line ${recur.line} of functions/score\\.edn: \\(recur \\(inc i\\)`));
  let frames = await topFrame(dc);
  const call = placeOf(body, '(flow/step :function :score');
  assert.deepEqual(frames.map(where), [`function :score @ ${score}:${recur.line}:${recur.column}`, `:score (:function) @ ${body}:${call.line}:${call.column}`, `flow include-orders @ ${body}:${call.line}:${call.column}`]);
  assert.equal(frames[0]!.source?.name, 'score.edn');
  assert.equal(await localValue(dc, 'i'), '1');
  assert.equal(await localValue(dc, 'acc'), '10');
  assert.equal(await localValue(dc, 'note'), '"sum of \\"xs\\""');

  // Step Back inside the included code stays in that file: (count xs) on the line before.
  await dc.stepBackRequest({ threadId: 1 });
  await log.next('stopped');
  frames = await topFrame(dc);
  const count = placeOf(score, '(count xs)');
  assert.equal(where(frames[0]!), `function :score @ ${score}:${count.line}:${count.column}`);

  // Continue: the same breakpoint again (stepped back before it), then the :label step's in the included body.
  await dc.continueRequest({ threadId: 1 });
  await log.next('stopped');
  assert.equal(where((await topFrame(dc))[0]!), `function :score @ ${score}:${recur.line}:${recur.column}`);
  await dc.continueRequest({ threadId: 1 });
  stop = await log.next('stopped');
  assert.equal(stop.body.reason, 'breakpoint');
  frames = await topFrame(dc);
  const labelCall = placeOf(body, '(flow/step :function :label');
  assert.equal(where(frames[0]!), `:label (:function) @ ${body}:${labelCall.line}:${labelCall.column}`);
  assert.equal(frames[0]!.endLine, placeOf(body, ':input scored})').line);

  // Step In: the :code string included from code/label.clj, one line with \n and \" escapes.
  await dc.stepInRequest({ threadId: 1 });
  stop = await log.next('stopped');
  assert.match(stop.body.description, /stepped in in function :label at line 1 of code\/label\.clj/);
  const labelFile = s.file('code/label.clj');
  const text = readFileSync(labelFile, 'utf8');
  frames = await topFrame(dc);
  assert.equal(frames[0]!.source?.path, labelFile);
  assert.equal(frames[0]!.line, 1);
  // Step In until the (str tag "=" t) form: its column is the file's (each escape two characters).
  const strAt = text.indexOf('(str tag') + 1;
  for (let i = 0; i < 10 && (await topFrame(dc))[0]!.column !== strAt; i++) {
    await dc.stepInRequest({ threadId: 1 });
    await log.next('stopped');
  }
  frames = await topFrame(dc);
  assert.equal(where(frames[0]!), `function :label @ ${labelFile}:1:${strAt}`);
  // The end is exclusive: the column after the form's closing paren (1-based).
  assert.equal(frames[0]!.endColumn, text.indexOf('t)))"') + 3);
  assert.equal(await localValue(dc, 'tag'), '"total"');
  assert.equal(await localValue(dc, 't'), '60');

  // Continue: the labelled if in the included body (its label's line), before :shout runs.
  await dc.continueRequest({ threadId: 1 });
  stop = await log.next('stopped');
  assert.equal(stop.body.reason, 'breakpoint');
  assert.match(stop.body.description, /"Big order\?": yes/);
  frames = await topFrame(dc);
  const meta = placeOf(body, '^{:label "Big order?"');
  assert.equal(where(frames[0]!), `flow include-orders @ ${body}:${meta.line}:${meta.column}`);

  await dc.continueRequest({ threadId: 1 });
  await log.next('terminated');
});

test('Step In from a step in the included body enters a quoted :code form included from another file', async () => {
  const { dc, log } = await session();
  const s = includeScratch();
  const body = s.file('body.clj');
  const shout = s.file('code/shout.clj');
  await launch(dc, log, { flow: s.flow, db: s.db }, async () => {
    await dc.setBreakpointsRequest({ source: { path: body }, breakpoints: [{ line: placeOf(body, '(flow/step :function :shout').line }] });
  });
  await log.next('stopped');
  let frames = await topFrame(dc);
  const call = placeOf(body, '(flow/step :function :shout');
  assert.equal(where(frames[0]!), `:shout (:function) @ ${body}:${call.line}:${call.column}`);
  await dc.stepInRequest({ threadId: 1 });
  await log.next('stopped');
  frames = await topFrame(dc);
  const fn = placeOf(shout, '(let [t (:total x)]');
  assert.deepEqual(frames.map(where), [`the :code of :shout @ ${shout}:${fn.line}:${fn.column}`, `:shout (:function) @ ${body}:${call.line}:${call.column}`, `flow include-orders @ ${body}:${call.line}:${call.column}`]);
  // Next: (:total x), then (str "BIG " t) on the line below, in the same file.
  await dc.nextRequest({ threadId: 1 });
  await log.next('stopped');
  const total = placeOf(shout, '(:total x)');
  assert.equal(where((await topFrame(dc))[0]!), `the :code of :shout @ ${shout}:${total.line}:${total.column}`);
  await dc.nextRequest({ threadId: 1 });
  await log.next('stopped');
  frames = await topFrame(dc);
  const str = placeOf(shout, '(str "BIG " t)');
  assert.equal(where(frames[0]!), `the :code of :shout @ ${shout}:${str.line}:${str.column}`);
  assert.equal(await localValue(dc, 't'), '60');
  await dc.continueRequest({ threadId: 1 });
  await log.next('terminated');
});
