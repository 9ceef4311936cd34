// A labelled `if` and the step in its taken arm share one step boundary, over the real adapter
// (out/debugAdapter.js): Continue from the `if`'s stop still stops at the step's breakpoint
// (live and through history), Step In from it enters that :function step's code (a mocked step
// has none: it stops at the step), and Next from it stops at that step. An entry stop on the
// same boundary likewise keeps the if and the step still to come. Going back the order is the
// mirror: Reverse Continue from the step's stop stops at the if, then the entry; Step Back from
// it stops at the if (the mirror of Next from the if). A stopOnEntry stop comes before the
// boundary's if and step, and so does a Pause taken while the step before awaits its answer
// (Continue from a stop in history then meets the if of the boundary the run is held at);
// Continue from the run's start reached going back meets the entry breakpoint first (live and
// through history).

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { launch, lineOf, localValue, sessions, topFrame, type EventLog } from './support';

const session = sessions(after);

const FLOW = String.raw`{:slug :debug-branch
 :name "Debug branch"
 :concurrency {:type :singleton :on-new-version :supersede}
 :functions [{:id :tally
              :language :clojure
              :code "(fn [input]
  (let [xs (:xs input)]
    {:sum (reduce + 0 xs)}))"}]
 :triggers [{:type :manual :label "Run" :enabled true :config {}}]
 :flow
 '(let [input (flow/input)
        total ^{:label "Any items?"
                :yes "Tally"
                :no "Nothing"}
              (if (> (count (:xs input)) 0)
                (flow/step :function :total
                  {:ref :tally
                   :input {:xs (:xs input)}})
                {:sum 0})
        doubled (flow/step :function :double
                  {:code '(fn [input] (update input :sum (fn [s] (* 2 s))))
                   :input total})]
    {:total total :doubled doubled})}
`;

/** The branch flow in a scratch folder, with a scenario and one that mocks `:total`. */
function branchScratch(): { flow: string; db: string; branch: number; total: number } {
  const dir = mkdtempSync(join(tmpdir(), 'flow-edn-debug-branch-step-'));
  const flow = join(dir, 'debug-branch.flow.edn');
  writeFileSync(flow, FLOW);
  writeFileSync(join(dir, 'debug-branch.sim.edn'), '{:input {:xs [10 20 30]}}');
  writeFileSync(join(dir, 'debug-branch.mocked.sim.edn'), '{:input {:xs [10 20 30]} :mocks {:total {:result {:sum 5}}}}');
  return { flow, db: join(dir, '.flow-edn', 'runs.db'), branch: lineOf(flow, '^{:label "Any items?"'), total: lineOf(flow, '(flow/step :function :total') };
}

async function stopped(log: EventLog): Promise<{ reason: string; description: string }> {
  return (await log.next('stopped')).body as { reason: string; description: string };
}

/** Launches with breakpoints on the `if` and on `:total` (and more); the first stop is the `if`'s. */
async function atBranch(dc: DebugClient, log: EventLog, args: Record<string, unknown> = {}, functions: string[] = []) {
  const s = branchScratch();
  await launch(dc, log, { flow: s.flow, db: s.db, ...args }, async () => {
    const bound = (await dc.setBreakpointsRequest({ source: { path: s.flow }, breakpoints: [{ line: s.branch }, { line: s.total }] })).body.breakpoints;
    assert.deepEqual(bound.map((b) => [b.verified, b.line]), [[true, s.branch], [true, s.total]]);
    if (functions.length > 0) await dc.setFunctionBreakpointsRequest({ breakpoints: functions.map((name) => ({ name })) });
  });
  const stop = await stopped(log);
  assert.equal(stop.reason, 'breakpoint');
  assert.match(stop.description, /"Any items\?": yes, about to take "Tally"/);
  assert.equal((await topFrame(dc))[0]!.line, s.branch);
  return s;
}

/** The stop that follows a step action from the `if`'s stop: the step :total (at line `total`), not
 *  yet run; Next from it stops at :double. */
async function atTotalThenDouble(dc: DebugClient, log: EventLog, total: number): Promise<void> {
  const stop = await stopped(log);
  assert.equal(stop.reason, 'step');
  assert.match(stop.description, /next step :total/);
  const frames = await topFrame(dc);
  assert.equal(frames[0]!.name, ':total (:function)');
  assert.equal(frames[0]!.line, total);
  await dc.nextRequest({ threadId: 1 });
  await stopped(log);
  assert.equal((await topFrame(dc))[0]!.name, ':double (:function)');
}

/** Continue meets the labelled if ("Any items?": yes), then the step :total's breakpoint, then the run ends. */
async function continueThroughIfAndStep(dc: DebugClient, log: EventLog): Promise<void> {
  await dc.continueRequest({ threadId: 1 });
  assert.match((await stopped(log)).description, /"Any items\?": yes/);
  await dc.continueRequest({ threadId: 1 });
  assert.match((await stopped(log)).description, /breakpoint at step :total/);
  await dc.continueRequest({ threadId: 1 });
  await log.next('terminated');
}

test('Continue from a labelled if\'s stop stops at the breakpoint on the step in its taken arm (same boundary), live', async () => {
  const { dc, log } = await session();
  const { total } = await atBranch(dc, log);
  await dc.continueRequest({ threadId: 1 });
  const stop = await stopped(log);
  assert.equal(stop.reason, 'breakpoint');
  assert.match(stop.description, /breakpoint at step :total/);
  const frames = await topFrame(dc);
  assert.equal(frames[0]!.name, ':total (:function)');
  assert.equal(frames[0]!.line, total);
  await dc.continueRequest({ threadId: 1 });
  await log.next('terminated');
});

test('Continue from a labelled if\'s stop met by Reverse Continue stops at the step\'s breakpoint through history, then at the live stop', async () => {
  const { dc, log } = await session();
  await atBranch(dc, log, {}, ['double']);
  await dc.continueRequest({ threadId: 1 });
  assert.match((await stopped(log)).description, /breakpoint at step :total/);
  await dc.continueRequest({ threadId: 1 });
  assert.equal((await stopped(log)).reason, 'function breakpoint');
  assert.equal((await topFrame(dc))[0]!.name, ':double (:function)');

  await dc.reverseContinueRequest({ threadId: 1 });
  let stop = await stopped(log);
  assert.match(stop.description, /breakpoint at step :total \(\S+\) \(history\)/, 'going back, the step comes first (the mirror of going forward)');
  await dc.reverseContinueRequest({ threadId: 1 });
  stop = await stopped(log);
  assert.match(stop.description, /"Any items\?": yes, about to take "Tally" \(history\)/, 'then the if on the same boundary');
  await dc.continueRequest({ threadId: 1 });
  stop = await stopped(log);
  assert.match(stop.description, /breakpoint at step :total \(\S+\) \(history\)/);
  assert.equal((await topFrame(dc))[0]!.name, ':total (:function)');
  await dc.continueRequest({ threadId: 1 });
  stop = await stopped(log);
  assert.equal(stop.reason, 'function breakpoint');
  assert.equal((await topFrame(dc))[0]!.name, ':double (:function)');
  await dc.continueRequest({ threadId: 1 });
  await log.next('terminated');
});

test('Step In from a labelled if\'s stop enters the code of the :function step in its taken arm', async () => {
  const { dc, log } = await session();
  const { flow } = await atBranch(dc, log);
  await dc.stepInRequest({ threadId: 1 });
  const stop = await stopped(log);
  assert.equal(stop.reason, 'step');
  const frames = await topFrame(dc);
  assert.deepEqual(frames.map((f) => f.name), ['function :tally', ':total (:function)', 'flow debug-branch']);
  assert.equal(frames[0]!.line, lineOf(flow, '(let [xs (:xs input)]'));
  assert.match(await localValue(dc, 'input'), /:xs \[10 20 30\]/);
  await dc.continueRequest({ threadId: 1 });
  await log.next('terminated');
});

test('Step In from a labelled if\'s stop, the step in its arm mocked (no code), stops at that step', async () => {
  const { dc, log } = await session();
  const { total } = await atBranch(dc, log, { scenario: 'mocked' });
  await dc.stepInRequest({ threadId: 1 });
  await atTotalThenDouble(dc, log, total);
  assert.match(await localValue(dc, 'total'), /:sum 5/);
  await dc.continueRequest({ threadId: 1 });
  await log.next('terminated');
});

test('Next from a labelled if\'s stop stops at the step in its taken arm, not past it', async () => {
  const { dc, log } = await session();
  const { total } = await atBranch(dc, log);
  await dc.nextRequest({ threadId: 1 });
  await atTotalThenDouble(dc, log, total);
  await dc.continueRequest({ threadId: 1 });
  await log.next('terminated');
});

/** Launches with breakpoints on the entry, the `if` and `:total` (one boundary), and Continues
 *  from the entry's stop to the if's, then to the step's. */
async function toStepThroughEntry(dc: DebugClient, log: EventLog) {
  const s = branchScratch();
  const run = lineOf(s.flow, '{:type :manual :label "Run"');
  await launch(dc, log, { flow: s.flow, db: s.db }, () => dc.setBreakpointsRequest({ source: { path: s.flow }, breakpoints: [{ line: run }, { line: s.branch }, { line: s.total }] }));
  assert.match((await stopped(log)).description, /run started through/);
  await dc.continueRequest({ threadId: 1 });
  assert.match((await stopped(log)).description, /"Any items\?": yes, about to take "Tally"/);
  await dc.continueRequest({ threadId: 1 });
  assert.match((await stopped(log)).description, /breakpoint at step :total/);
  assert.equal((await topFrame(dc))[0]!.line, s.total);
  return { s, run };
}

test('an entry, a labelled if and a step on one boundary: Continue stops at each in turn', async () => {
  const { dc, log } = await session();
  await toStepThroughEntry(dc, log);
  await dc.continueRequest({ threadId: 1 });
  await log.next('terminated');
});

test('an entry, a labelled if and a step on one boundary: Reverse Continue from the step stops at the if, then the entry, then the start', async () => {
  const { dc, log } = await session();
  const { s, run } = await toStepThroughEntry(dc, log);

  await dc.reverseContinueRequest({ threadId: 1 });
  let stop = await stopped(log);
  assert.equal(stop.reason, 'breakpoint');
  assert.match(stop.description, /"Any items\?": yes, about to take "Tally"/, 'the if on the step\'s own boundary');
  assert.equal((await topFrame(dc))[0]!.line, s.branch);
  await dc.reverseContinueRequest({ threadId: 1 });
  stop = await stopped(log);
  assert.match(stop.description, /run started through/);
  assert.equal((await topFrame(dc))[0]!.line, run);
  await dc.reverseContinueRequest({ threadId: 1 });
  stop = await stopped(log);
  assert.equal(stop.reason, 'entry');
  assert.match(stop.description, /back at the start of the run/);

  // Forward again from the start (before every rule of the first boundary): the entry, the if, then the step, in order.
  await dc.continueRequest({ threadId: 1 });
  stop = await stopped(log);
  assert.match(stop.description, /run started through/, 'forward from the start meets the entry breakpoint first, as the live run did');
  assert.equal((await topFrame(dc))[0]!.line, run);
  await continueThroughIfAndStep(dc, log);
});

test('Step Back from a step\'s stop whose boundary has a labelled if with a breakpoint stops at that if; Next goes to the step again', async () => {
  const { dc, log } = await session();
  const { branch, total } = await atBranch(dc, log);
  await dc.continueRequest({ threadId: 1 });
  assert.match((await stopped(log)).description, /breakpoint at step :total/);
  await dc.stepBackRequest({ threadId: 1 });
  const stop = await stopped(log);
  assert.equal(stop.reason, 'step');
  assert.match(stop.description, /back to "Any items\?": yes, about to take "Tally"/);
  assert.equal((await topFrame(dc))[0]!.line, branch);
  await dc.nextRequest({ threadId: 1 });
  assert.match((await stopped(log)).description, /next step :total/);
  assert.equal((await topFrame(dc))[0]!.line, total);
  await dc.continueRequest({ threadId: 1 });
  await log.next('terminated');
});

test('stopOnEntry on a boundary with a labelled if and a step breakpoint: Continue meets the if, then the step', async () => {
  const { dc, log } = await session();
  const s = branchScratch();
  await launch(dc, log, { flow: s.flow, db: s.db, stopOnEntry: true }, () => dc.setBreakpointsRequest({ source: { path: s.flow }, breakpoints: [{ line: s.branch }, { line: s.total }] }));
  let stop = await stopped(log);
  assert.equal(stop.reason, 'entry');
  await dc.continueRequest({ threadId: 1 });
  stop = await stopped(log);
  assert.equal(stop.reason, 'breakpoint');
  assert.match(stop.description, /"Any items\?": yes, about to take "Tally"/, 'the entry stop comes before the boundary\'s rules');
  assert.equal((await topFrame(dc))[0]!.line, s.branch);
  await dc.continueRequest({ threadId: 1 });
  stop = await stopped(log);
  assert.match(stop.description, /breakpoint at step :total/);
  assert.equal((await topFrame(dc))[0]!.line, s.total);

  // Going back from the step: the if, then the start (nothing before the entry stop's rules but the start).
  await dc.reverseContinueRequest({ threadId: 1 });
  assert.match((await stopped(log)).description, /"Any items\?": yes/);
  await dc.reverseContinueRequest({ threadId: 1 });
  stop = await stopped(log);
  assert.equal(stop.reason, 'entry');
  await continueThroughIfAndStep(dc, log);
});

test('Continue through history from the run\'s start reached going back meets the entry breakpoint first, then the if and the step', async () => {
  const { dc, log } = await session();
  const { s, run } = await toStepThroughEntry(dc, log);
  await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'double' }] });
  await dc.continueRequest({ threadId: 1 });
  assert.equal((await stopped(log)).reason, 'function breakpoint');
  for (const expected of [/breakpoint at step :total .*\(history\)/, /"Any items\?": yes.*\(history\)/, /run started through .*\(history\)/, /back at the start of the run/]) {
    await dc.reverseContinueRequest({ threadId: 1 });
    assert.match((await stopped(log)).description, expected);
  }
  await dc.continueRequest({ threadId: 1 });
  let stop = await stopped(log);
  assert.equal(stop.reason, 'breakpoint');
  assert.match(stop.description, /run started through .*\(history\)/);
  assert.equal((await topFrame(dc))[0]!.line, run);
  await dc.continueRequest({ threadId: 1 });
  assert.match((await stopped(log)).description, /"Any items\?": yes.*\(history\)/);
  assert.equal((await topFrame(dc))[0]!.line, s.branch);
  await dc.continueRequest({ threadId: 1 });
  assert.match((await stopped(log)).description, /breakpoint at step :total .*\(history\)/);
  await dc.continueRequest({ threadId: 1 });
  stop = await stopped(log);
  assert.equal(stop.reason, 'function breakpoint');
  assert.equal((await topFrame(dc))[0]!.name, ':double (:function)');
  await dc.continueRequest({ threadId: 1 });
  await log.next('terminated');
});

/** The branch flow with an :http step before the boundary of the `if` and `:total`, answered by `url` slowly. */
function slowFlow(url: string): string {
  return FLOW.replace(' \'(let [input (flow/input)\n', ` '(let [input (flow/input)\n        fetched (flow/step :http :fetch {:url "${url}" :method :get})\n`);
}

test('a Pause that lands while the step before awaits its HTTP answer stops before the next boundary\'s rules: Continue meets its if, then its step', async () => {
  // A local service that answers after 400 ms: the run awaits it, the session takes the Pause meanwhile.
  const server = createServer((_req, res) => setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'), 400));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(() => server.close());
  const { dc, log } = await session();
  const dir = mkdtempSync(join(tmpdir(), 'flow-edn-debug-branch-pause-'));
  const flow = join(dir, 'debug-branch.flow.edn');
  writeFileSync(flow, slowFlow(`http://127.0.0.1:${(server.address() as AddressInfo).port}/slow`));
  writeFileSync(join(dir, 'debug-branch.sim.edn'), '{:input {:xs [10 20 30]}}');
  const [fetch, branch, total] = [lineOf(flow, '(flow/step :http :fetch'), lineOf(flow, '^{:label "Any items?"'), lineOf(flow, '(flow/step :function :total')];
  await launch(dc, log, { flow, db: join(dir, '.flow-edn', 'runs.db') }, () => dc.setBreakpointsRequest({ source: { path: flow }, breakpoints: [{ line: fetch }, { line: branch }, { line: total }] }));
  let stop = await stopped(log);
  assert.match(stop.description, /breakpoint at step :fetch/);
  await dc.continueRequest({ threadId: 1 });
  await dc.pauseRequest({ threadId: 1 });
  stop = await stopped(log);
  assert.equal(stop.reason, 'pause', `the Pause stop comes first: ${stop.description}`);
  assert.match(stop.description, /paused before step total#0/);
  assert.equal((await topFrame(dc))[0]!.line, total);
  await dc.continueRequest({ threadId: 1 });
  stop = await stopped(log);
  assert.equal(stop.reason, 'breakpoint');
  assert.match(stop.description, /"Any items\?": yes, about to take "Tally"/, 'the boundary\'s if, still to come after the Pause');
  assert.equal((await topFrame(dc))[0]!.line, branch);
  await dc.continueRequest({ threadId: 1 });
  stop = await stopped(log);
  assert.match(stop.description, /breakpoint at step :total/);
  assert.equal((await topFrame(dc))[0]!.line, total);
  // Going back from the step: its if, then :fetch's breakpoint (a Pause is not a place to stop at
  // again); Continue from there meets the if of the boundary the run is held at, then its step.
  await dc.reverseContinueRequest({ threadId: 1 });
  assert.match((await stopped(log)).description, /"Any items\?": yes/);
  await dc.reverseContinueRequest({ threadId: 1 });
  assert.match((await stopped(log)).description, /breakpoint at step :fetch/);
  await continueThroughIfAndStep(dc, log);
});
