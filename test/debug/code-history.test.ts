// Breakpoints and logpoints inside function code met through history, over the real adapter
// (out/debugAdapter.js): Continue from a Step Back and Reverse Continue replay the code of
// journaled `:function` steps (nothing runs again) and stop inside it, with conditions and
// hit counts; logpoints print on every pass, live and through history; hit counts go on
// across passes; a step the scenario mocks has no code to stop in or step into.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { FLOW } from './fixture';
import { cli, launch, lineOf, localValue, loopScratch, scratch, sessions, topFrame, type EventLog } from './support';

const session = sessions(after);

/** The code fixture (`:total` calls `:tally` over [10 20 30], `:double` has inline code), with a scenario mocking `:total`. */
function codeScratch(): { flow: string; db: string; recur: number } {
  const dir = mkdtempSync(join(tmpdir(), 'flow-edn-debug-code-history-'));
  const flow = join(dir, 'debug-code.flow.edn');
  writeFileSync(flow, FLOW);
  writeFileSync(join(dir, 'debug-code.sim.edn'), '{:input {:xs [10 20 30]}}');
  writeFileSync(join(dir, 'debug-code.mocked.sim.edn'), '{:input {:xs [10 20 30]} :mocks {:total {:result {:label "mocked" :sum 5}}}}');
  return { flow, db: join(dir, '.flow-edn', 'runs.db'), recur: lineOf(flow, '(recur (inc i)') };
}

/** Launches the code fixture and runs it live to the function breakpoint on `:double`. */
async function atDouble(dc: DebugClient, log: EventLog, lines: { line: number; condition?: string; hitCondition?: string; logMessage?: string }[] = []) {
  const s = codeScratch();
  await launch(dc, log, { flow: s.flow, db: s.db }, async () => {
    if (lines.length > 0) await dc.setBreakpointsRequest({ source: { path: s.flow }, breakpoints: lines });
    await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'double' }] });
  });
  const stop = await log.next('stopped');
  assert.equal(stop.body.reason, 'function breakpoint');
  assert.equal((await topFrame(dc))[0]!.name, ':double (:function)');
  return s;
}

async function stopped(log: EventLog): Promise<{ reason: string; description: string }> {
  return (await log.next('stopped')).body as { reason: string; description: string };
}

/** Each step of the run ran once (replays never execute a step). */
function ranOnce(db: string): void {
  const runs = JSON.parse(spawnSync(process.execPath, [cli, 'runs', '--db', db, '--format', 'json'], { encoding: 'utf8' }).stdout).runs;
  const report = JSON.parse(spawnSync(process.execPath, [cli, 'show', runs[0].runId, '--db', db, '--format', 'json'], { encoding: 'utf8' }).stdout);
  assert.equal(report.status, 'completed');
  for (const s of report.steps) assert.equal(s.attempts, 1, `${s.id} ran once`);
}

test('Continue from a Step Back stops inside the code of a journaled :function step, with its line and locals, then comes back to the live stop', async () => {
  const { dc, log } = await session();
  const { flow, db, recur } = await atDouble(dc, log);
  const bound = (await dc.setBreakpointsRequest({ source: { path: flow }, breakpoints: [{ line: recur }] })).body.breakpoints;
  assert.equal(bound[0]!.verified, true);

  await dc.stepBackRequest({ threadId: 1 });
  await stopped(log);
  assert.equal((await topFrame(dc))[0]!.name, ':total (:function)');

  for (const [i, acc] of [['0', '0'], ['1', '10'], ['2', '30']] as const) {
    await dc.continueRequest({ threadId: 1 });
    const stop = await stopped(log);
    assert.equal(stop.reason, 'breakpoint');
    assert.match(stop.description, /breakpoint in function :tally at line \d+: \(recur \(inc i\).*\(history\)/);
    const frames = await topFrame(dc);
    assert.deepEqual(frames.map((f) => f.name), ['function :tally', ':total (:function)', 'flow debug-code']);
    assert.equal(frames[0]!.line, recur);
    assert.equal(await localValue(dc, 'i'), i);
    assert.equal(await localValue(dc, 'acc'), acc);
    assert.equal(await localValue(dc, 'label'), '"sum"');
  }
  // Past the code's last hit: the function breakpoint where the run is held stops again.
  await dc.continueRequest({ threadId: 1 });
  const back = await stopped(log);
  assert.equal(back.reason, 'function breakpoint');
  assert.equal((await topFrame(dc))[0]!.name, ':double (:function)');

  await dc.setBreakpointsRequest({ source: { path: flow }, breakpoints: [] });
  await dc.setFunctionBreakpointsRequest({ breakpoints: [] });
  await dc.continueRequest({ threadId: 1 });
  await log.next('terminated');
  ranOnce(db);
});

test('Reverse Continue stops at the last matching point inside journaled code, then walks its earlier hits; past the first, the run start', async () => {
  const { dc, log } = await session();
  const { flow, recur } = await atDouble(dc, log);
  await dc.setBreakpointsRequest({ source: { path: flow }, breakpoints: [{ line: recur }] });

  for (const [i, acc] of [['2', '30'], ['1', '10'], ['0', '0']] as const) {
    await dc.reverseContinueRequest({ threadId: 1 });
    const stop = await stopped(log);
    assert.equal(stop.reason, 'breakpoint');
    const frames = await topFrame(dc);
    assert.equal(frames[0]!.name, 'function :tally');
    assert.equal(frames[0]!.line, recur);
    assert.equal(await localValue(dc, 'i'), i);
    assert.equal(await localValue(dc, 'acc'), acc);
  }
  await dc.reverseContinueRequest({ threadId: 1 });
  const start = await stopped(log);
  assert.equal(start.reason, 'entry');
  assert.equal((await topFrame(dc))[0]!.name, ':total (:function)');

  // Forward again from the start: the first hit.
  await dc.continueRequest({ threadId: 1 });
  assert.equal((await stopped(log)).reason, 'breakpoint');
  assert.equal(await localValue(dc, 'i'), '0');
});

test('a condition and a hit count on a breakpoint inside journaled code, forward and backward', async () => {
  const { dc, log } = await session();
  const { flow, recur } = await atDouble(dc, log);

  // Reverse Continue with a condition: the latest hits where it holds, then none (the start).
  await dc.setBreakpointsRequest({ source: { path: flow }, breakpoints: [{ line: recur, condition: '(> acc 0)' }] });
  for (const acc of ['30', '10']) {
    await dc.reverseContinueRequest({ threadId: 1 });
    assert.equal((await stopped(log)).reason, 'breakpoint');
    assert.equal(await localValue(dc, 'acc'), acc);
  }
  await dc.reverseContinueRequest({ threadId: 1 });
  assert.equal((await stopped(log)).reason, 'entry');

  // From the run's start, Continue with a condition over the code's locals.
  await dc.setBreakpointsRequest({ source: { path: flow }, breakpoints: [{ line: recur, condition: '(= acc 10)' }] });
  await dc.continueRequest({ threadId: 1 });
  let stop = await stopped(log);
  assert.equal(stop.reason, 'breakpoint');
  assert.match(stop.description, /\(history\)/);
  assert.equal(await localValue(dc, 'i'), '1');
  await dc.continueRequest({ threadId: 1 });
  assert.equal((await stopped(log)).reason, 'function breakpoint');

  // A hit count (a fresh breakpoint counts from 0): its second pass, i = 1.
  await dc.setBreakpointsRequest({ source: { path: flow }, breakpoints: [{ line: recur, hitCondition: '2' }] });
  await dc.stepBackRequest({ threadId: 1 });
  await stopped(log);
  await dc.continueRequest({ threadId: 1 });
  stop = await stopped(log);
  assert.equal(stop.reason, 'breakpoint');
  assert.equal(await localValue(dc, 'i'), '1');
  assert.equal(await localValue(dc, 'acc'), '10');
  // Its third pass does not match: Continue comes back to the live stop.
  await dc.continueRequest({ threadId: 1 });
  assert.equal((await stopped(log)).reason, 'function breakpoint');
});

test('a logpoint inside code prints on the live run and again on each pass through history, in order; one in inline :code prints when the step runs', async () => {
  const { dc, log } = await session();
  const s = codeScratch();
  const sumLine = lineOf(s.flow, '(update input :sum');
  await launch(dc, log, { flow: s.flow, db: s.db }, async () => {
    await dc.setBreakpointsRequest({ source: { path: s.flow }, breakpoints: [{ line: s.recur, logMessage: 'tally i={i} acc={acc}' }, { line: sumLine, logMessage: 'double gets {(:sum input)}' }] });
    await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'double' }] });
  });
  assert.equal((await stopped(log)).reason, 'function breakpoint');
  const pass = ['tally i=0 acc=0', 'tally i=1 acc=10', 'tally i=2 acc=30'];
  const tallies = () => log.outputs().split('\n').filter((l) => l.startsWith('tally '));
  assert.deepEqual(tallies(), pass, 'the live run printed each line once');

  await dc.stepBackRequest({ threadId: 1 });
  await stopped(log);
  assert.deepEqual(tallies(), pass, 'Step Back passes nothing');
  await dc.continueRequest({ threadId: 1 });
  assert.equal((await stopped(log)).reason, 'function breakpoint');
  assert.deepEqual(tallies(), [...pass, ...pass], 'the pass through history printed them again, in order');

  await dc.continueRequest({ threadId: 1 });
  await log.next('terminated');
  const doubles = log.outputs().split('\n').filter((l) => l.startsWith('double gets'));
  assert.deepEqual(doubles, ['double gets 60']);
  assert.equal(tallies().length, 6);
});

test('hit counts go on across passes: over each occurrence of a looped step, and again through history', async () => {
  const { dc, log } = await session();
  const { flow, db } = loopScratch();
  const code = lineOf(flow, "{:code '(fn [x] (* x x))");
  await launch(dc, log, { flow, db }, async () => {
    const b = (await dc.setBreakpointsRequest({ source: { path: flow }, breakpoints: [{ line: code, hitCondition: '% 2' }] })).body.breakpoints;
    assert.equal(b[0]!.verified, true, b[0]!.message);
    await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'square', hitCondition: '4' }] });
  });
  // Live: the code runs once per occurrence; the 2nd pass is the occurrence x = 2.
  let stop = await stopped(log);
  assert.equal(stop.reason, 'breakpoint');
  assert.match(stop.description, /in the :code of :square/);
  assert.equal(await localValue(dc, 'x'), '2');
  await dc.continueRequest({ threadId: 1 });
  stop = await stopped(log);
  assert.equal(stop.reason, 'function breakpoint');
  assert.equal(await localValue(dc, 'n'), '4');

  // Back to the first occurrence; passes 4 and 6 are x = 1 and x = 3 (not x = 2 again).
  for (let k = 0; k < 3; k++) {
    await dc.stepBackRequest({ threadId: 1 });
    await stopped(log);
  }
  assert.equal(await localValue(dc, 'n'), '1');
  for (const x of ['1', '3']) {
    await dc.continueRequest({ threadId: 1 });
    stop = await stopped(log);
    assert.equal(stop.reason, 'breakpoint');
    assert.match(stop.description, /\(history\)/);
    assert.equal(await localValue(dc, 'x'), x);
  }
  // Pass 7 over the code, pass 7 over the step: neither stops; the run goes on and ends.
  await dc.continueRequest({ threadId: 1 });
  await log.next('terminated');
});

test('Reverse Continue counts passes too: a % 2 hit count stops at every other pass going back', async () => {
  const { dc, log } = await session();
  const { flow, db } = loopScratch();
  await launch(dc, log, { flow, db }, async () => {
    await dc.setBreakpointsRequest({ source: { path: flow }, breakpoints: [{ line: lineOf(flow, "{:code '(fn [x] (* x x))"), hitCondition: '% 2' }] });
    await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'square', hitCondition: '4' }] });
  });
  assert.equal((await stopped(log)).reason, 'breakpoint');
  assert.equal(await localValue(dc, 'x'), '2');
  await dc.continueRequest({ threadId: 1 });
  assert.equal((await stopped(log)).reason, 'function breakpoint');
  // Passes 4 (x = 3) and 6 (x = 1) going back; then forward, pass 8 (x = 3).
  for (const [request, x] of [
    [() => dc.reverseContinueRequest({ threadId: 1 }), '3'],
    [() => dc.reverseContinueRequest({ threadId: 1 }), '1'],
    [() => dc.continueRequest({ threadId: 1 }), '3'],
  ] as const) {
    await request();
    assert.equal((await stopped(log)).reason, 'breakpoint');
    assert.equal(await localValue(dc, 'x'), x);
  }
  await dc.continueRequest({ threadId: 1 });
  await log.next('terminated');
});

test('a :function step the scenario mocks is not entered: its breakpoints do not stop, live or through history, and Step In steps over it', async () => {
  const { dc, log } = await session();
  const { flow, db, recur } = codeScratch();
  await launch(dc, log, { flow, db, scenario: 'mocked' }, async () => {
    await dc.setBreakpointsRequest({ source: { path: flow }, breakpoints: [{ line: recur }] });
    await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'total' }] });
  });
  let stop = await stopped(log);
  assert.equal(stop.reason, 'function breakpoint');
  assert.equal((await topFrame(dc))[0]!.name, ':total (:function)');

  await dc.stepInRequest({ threadId: 1 });
  stop = await stopped(log);
  assert.equal(stop.reason, 'step');
  const frames = await topFrame(dc);
  assert.equal(frames[0]!.name, ':double (:function)', 'Step In on a mocked step steps over it');
  assert.match(await localValue(dc, 'total'), /:sum 5/);

  // Through history, both ways: nothing stops in the mocked code.
  await dc.setFunctionBreakpointsRequest({ breakpoints: [] });
  await dc.reverseContinueRequest({ threadId: 1 });
  assert.equal((await stopped(log)).reason, 'entry', 'Reverse Continue finds nothing in mocked code');
  assert.equal((await topFrame(dc))[0]!.name, ':total (:function)');
  await dc.continueRequest({ threadId: 1 });
  await log.next('terminated');
  assert.doesNotMatch(log.outputs(), /the function code fails/);
});

test('attached to a run the CLI left waiting: Reverse Continue stops inside the code of its journaled :risk-summary step', async () => {
  const { flow, db } = scratch('code-history-attach');
  const cliRun = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FLOW_EDN_USER: 'terminal-user' } });
  const started = JSON.parse(cliRun(['run', flow, '--sim', flow.replace('.flow.edn', '.pending.sim.edn'), '--db', db, '--format', 'json']).stdout);
  assert.equal(started.status, 'waiting');
  const { dc, log } = await session();
  await dc.initializeRequest({ adapterID: 'flow-edn', pathFormat: 'path' });
  const attached = dc.attachRequest({ runId: started.runId, db } as never);
  await log.next('initialized');
  const line = lineOf(flow, '(fn [risk] (let [body');
  const bound = (await dc.setBreakpointsRequest({ source: { path: flow }, breakpoints: [{ line, logMessage: 'risk score {(:score (:body risk))}' }, { line }] })).body.breakpoints;
  assert.deepEqual(bound.map((b) => b.verified), [true, true]);
  await dc.configurationDoneRequest();
  await attached;
  assert.equal((await stopped(log)).reason, 'wait');

  await dc.reverseContinueRequest({ threadId: 1 });
  const stop = await stopped(log);
  assert.equal(stop.reason, 'breakpoint');
  assert.match(stop.description, /in function :risk-summary at line \d+: \(let \[body.*\(history\)/);
  const frames = await topFrame(dc);
  assert.deepEqual(frames.slice(0, 2).map((f) => f.name), ['function :risk-summary', ':risk-summary (:function)']);
  assert.equal(frames[0]!.line, line);
  assert.match(await localValue(dc, 'risk'), /:risk-level/);
  // The logpoint on the same form was passed going back: printed once.
  const scores = log.outputs().split('\n').filter((l) => l.startsWith('risk score'));
  assert.equal(scores.length, 1, log.outputs());
  assert.match(scores[0]!, /^risk score \d+$/);

  // Forward again: back to where the run waits; an approval from the terminal finishes it in the session.
  await dc.continueRequest({ threadId: 1 });
  assert.equal(cliRun(['approve', started.runId, '--db', db]).status, 0);
  await log.next('terminated');
  const report = JSON.parse(cliRun(['show', started.runId, '--db', db, '--format', 'json']).stdout);
  assert.equal(report.status, 'completed');
  for (const s of report.steps) assert.equal(s.attempts, 1, `${s.id} ran once`);
});
