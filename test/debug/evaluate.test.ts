// Evaluate in a stopped frame's scope (watch, hover, repl, clipboard) and debug console
// completions from the locals and the language's catalog; evaluation never runs a step.

import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { launch, lineOf, scratch, sessions, topFrame } from './support';

const session = sessions(after);

test('evaluate over the frame\'s locals; hover expands maps; clipboard copies in full; steps are refused; completions', async () => {
  const { dc, log } = await session();
  const { flow, db } = scratch('eval');
  await launch(dc, log, { flow, db }, () => dc.setBreakpointsRequest({ source: { path: flow }, breakpoints: [{ line: lineOf(flow, 'flow/step :http :fetch-risk') }] }));
  await log.next('stopped');
  const frames = await topFrame(dc);
  const frameId = frames[0]!.id;
  const ev = (expression: string, context: string) => dc.evaluateRequest({ expression, frameId, context });
  assert.equal((await ev('(str order-id "!")', 'repl')).body.result, '"A-1001!"');
  assert.equal((await ev('(:status order)', 'watch')).body.result, '200');
  assert.equal((await ev('(:order-id (flow/input))', 'watch')).body.result, '"A-1001"');
  assert.equal((await ev('(mapv inc [1 2])', 'repl')).body.result, '[2 3]');
  const hover = await ev('order', 'hover');
  assert.ok(hover.body.variablesReference > 0);
  const kids = (await dc.variablesRequest({ variablesReference: hover.body.variablesReference })).body.variables;
  assert.equal(kids.find((k) => k.name === ':body')!.evaluateName, '(:body order)');
  const copy = await ev('order', 'clipboard');
  assert.match(copy.body.result, /:total 1250/);
  await assert.rejects(ev('(flow/step :http :again {})', 'repl'), /never runs a step/);
  await assert.rejects(ev('(no-such 1)', 'repl'), /no-such/);
  // The body frame evaluates in the same scope.
  assert.equal((await dc.evaluateRequest({ expression: 'order-id', frameId: frames[1]!.id, context: 'watch' })).body.result, '"A-1001"');

  const locals = await dc.completionsRequest({ text: '(str ord', column: 9, frameId });
  const labels = locals.body.targets.map((t) => t.label);
  assert.ok(labels.includes('order') && labels.includes('order-id'), labels.join(' '));
  assert.equal(locals.body.targets[0]!.start, 5);
  const core = await dc.completionsRequest({ text: 'assoc-i', column: 8, frameId });
  assert.ok(core.body.targets.some((t) => t.label === 'assoc-in'));
  await dc.continueRequest({ threadId: 1 });
  await log.next('terminated');
});
