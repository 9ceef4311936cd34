// Breakpoints in `#flow/include`d files over the real adapter (out/debugAdapter.js): lines of
// an included body, of an included step config, of an included :functions entry's code string,
// of an included :code string and of an included schedule entry bind (moved like in the flow
// file, or unverified with the reason); function breakpoints name the included file; a file the
// flow does not include and a line that is only an include directive say why nothing binds;
// each file's breakpoints are kept while another file's are set.

import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { includeScratch, placeOf } from './include-support';
import { launch, sessions, topFrame } from './support';

const session = sessions(after);

test('breakpoints in included files bind, move to their form, or say why not', async () => {
  const { dc, log } = await session();
  const s = includeScratch();
  const body = s.file('body.clj');
  const score = s.file('functions/score.edn');
  const label = s.file('code/label.clj');
  const audit = s.file('steps/audit-config.edn');
  const got: Record<string, DebugProtocol.Breakpoint[]> = {};
  let fns: DebugProtocol.Breakpoint[] = [];
  const set = async (path: string, lines: number[]) => (got[path] = (await dc.setBreakpointsRequest({ source: { path }, breakpoints: lines.map((line) => ({ line })) })).body.breakpoints);
  await launch(dc, log, { flow: s.flow, db: s.db, stopOnEntry: true }, async () => {
    await set(s.flow, [placeOf(s.flow, ':flow #flow/include').line, placeOf(s.flow, ':slug').line]);
    await set(body, [placeOf(body, '{:ref :label').line, placeOf(body, '(if (> (:total scored) 50)').line, placeOf(body, 'audited (flow/step').line, placeOf(body, "'(let [input").line]);
    await set(score, [placeOf(score, '(recur (inc i)').line, placeOf(score, 'note \\"sum').line, placeOf(score, ':language').line]);
    await set(label, [1, 2]);
    await set(audit, [placeOf(audit, ':input scored').line]);
    await set(s.file('other.edn'), [1]);
    fns = (await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'shout' }] })).body.breakpoints;
  });

  // A function breakpoint on a step of the included body: verified there.
  assert.equal(fns[0]!.verified, true);
  assert.equal(fns[0]!.source?.path, body);
  assert.equal(fns[0]!.line, placeOf(body, '(flow/step :function :shout').line);

  // The flow file: the directive line names the file to set it in; other lines say what binds.
  const [directive, slug] = got[s.flow]!;
  assert.equal(directive!.verified, false);
  assert.match(directive!.message ?? '', /line \d+ of orders\.flow\.edn is the #flow\/include of "body\.clj": set the breakpoint in that file/);
  assert.equal(slug!.verified, false);
  assert.match(slug!.message ?? '', /nothing can stop on line \d+/);

  // The included body: a step's config line moves to the step's first line; the if's line to its label.
  const [config, test, auditStep, letLine] = got[body]!;
  assert.equal(config!.verified, true);
  assert.equal(config!.line, placeOf(body, 'labelled (flow/step').line);
  assert.match(config!.message ?? '', /moved to line \d+, where step :label \(:function\) starts/);
  assert.equal(config!.source?.path, body);
  assert.equal(test!.verified, true);
  assert.equal(test!.line, placeOf(body, 'size ^{:label "Big order?"').line);
  assert.match(test!.message ?? '', /the branch "Big order\?"/);
  assert.equal(auditStep!.verified, true);
  assert.equal(auditStep!.line, placeOf(body, 'audited (flow/step').line);
  assert.equal(auditStep!.message, undefined);
  assert.equal(letLine!.verified, false);
  assert.match(letLine!.message ?? '', /nothing can stop on line 1 of body\.clj/);

  // The included :functions entry: a line where a form of its code string starts binds; others say so.
  const [recur, note, language] = got[score]!;
  assert.equal(recur!.verified, true);
  assert.equal(recur!.line, placeOf(score, '(recur (inc i)').line);
  assert.equal(recur!.source?.path, score);
  assert.equal(note!.verified, false);
  assert.equal(note!.message, `No form of function :score starts on line ${placeOf(score, 'note \\"sum').line}: put the breakpoint on a line where a call or special form begins`);
  assert.equal(language!.verified, false);
  assert.match(language!.message ?? '', /nothing can stop on line 2 of functions\/score\.edn/);

  // An included :code string on one line (its newlines escaped): line 1 binds, line 2 is past the file's text.
  const [one, two] = got[label]!;
  assert.equal(one!.verified, true);
  assert.equal(one!.line, 1);
  assert.equal(two!.verified, false);

  // A step's included config: the line stays, and says which step it stops at.
  const [input] = got[audit]!;
  assert.equal(input!.verified, true);
  assert.equal(input!.line, placeOf(audit, ':input scored').line);
  assert.match(input!.message ?? '', /line 2 of steps\/audit-config\.edn is part of step :audit \(:function\) \(body\.clj line \d+, which includes it\): stops there/);

  // A file the flow does not include.
  const [other] = got[s.file('other.edn')]!;
  assert.equal(other!.verified, false);
  assert.match(other!.message ?? '', /other\.edn is not part of the flow being debugged: orders\.flow\.edn does not #flow\/include it \(it includes .*body\.clj/);

  // Stopped on entry; the breakpoints of every file hold: Continue stops at score's code, then the :label step.
  let stop = await log.next('stopped');
  assert.equal(stop.body.reason, 'entry');
  await dc.continueRequest({ threadId: 1 });
  stop = await log.next('stopped');
  assert.equal(stop.body.reason, 'breakpoint');
  assert.deepEqual(stop.body.hitBreakpointIds, [recur!.id]);
});

test('a breakpoint in an included schedule entry binds to the entry and stops a run started through it', async () => {
  const { dc, log } = await session();
  const s = includeScratch();
  const nightly = s.file('schedules/nightly.edn');
  let bound: DebugProtocol.Breakpoint[] = [];
  await launch(dc, log, { flow: s.flow, db: s.db, trigger: 'Nightly' }, async () => {
    bound = (await dc.setBreakpointsRequest({ source: { path: nightly }, breakpoints: [{ line: placeOf(nightly, ':invocation').line }] })).body.breakpoints;
  });
  assert.equal(bound[0]!.verified, true);
  assert.equal(bound[0]!.line, 1);
  assert.match(bound[0]!.message ?? '', /moved to line 1, where the schedule "Nightly" starts/);
  const stop = await log.next('stopped');
  assert.equal(stop.body.reason, 'breakpoint');
  assert.match(stop.body.description, /run started through the schedule "Nightly"/);
  const frames = await topFrame(dc);
  assert.deepEqual(frames.map((f) => [f.name, f.source?.path, f.line, f.column, f.endLine]), [['flow include-orders', nightly, 1, 1, placeOf(nightly, ':timezone').line]]);
  await dc.continueRequest({ threadId: 1 });
  await log.next('terminated');
});
