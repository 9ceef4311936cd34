// The inline decorations' model from real runs (RunService on a temp store, events as the
// store keeps them): the branch taken with its label on the `if`'s line, the untaken arm's
// exact range, each step's outcome (status, HTTP status, attempts, duration) at the end of
// its first line; a loop's occurrences counted; a waiting step said as waiting.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decorationModel } from '../../client/runs/decoration-model';
import { openService, workspace } from '../service/support';

const body = `(let [in (flow/input)
        risk (flow/step :http :fetch-risk {:url "https://risk.example/score" :retry {:max-attempts 3 :backoff-ms 10}})
        big? ^{:label "Large order?" :yes "Manual review" :no "Auto approve"}
             (if (> (:total in) 100)
               (flow/step :function :review {:code '(fn [x] :review) :input {}})
               (flow/step :function :auto {:code '(fn [x] :auto) :input {}}))]
    {:risk (:body risk) :big big?})`;

const sim = `{:input {:total 20}
 :mocks {:fetch-risk [{:status 503} {:status 200 :body {:score 7}}]}}`;

test('a run: the branch taken, the untaken arm dimmed, each step\'s outcome at the end of its first line', async () => {
  const ws = workspace();
  const flowPath = ws.flow('orders', body, sim);
  const service = openService({ root: ws.dir, execution: 'inline' });
  const run = await service.start({ flowPath }).finished;
  assert.equal(run.status, 'completed', run.error ?? '');
  const source = run.source;
  const model = decorationModel(source, service.events(run.id).map((e) => e.event));
  const lineText = (line: number) => source.split('\n')[line]!;

  const branch = model.notes.find((n) => n.kind === 'branch');
  assert.ok(branch, JSON.stringify(model.notes));
  assert.equal(branch.text, '⎇ Large order? → Auto approve');
  assert.match(lineText(branch.line), /^\s+\(if \(> \(:total in\) 100\)$/);
  assert.equal(branch.anchor, source.indexOf('100)') + 4, 'after the end of the if\'s first line');

  assert.equal(model.dims.length, 1);
  const dimmed = source.slice(model.dims[0]!.start, model.dims[0]!.end);
  assert.equal(dimmed, "(flow/step :function :review {:code '(fn [x] :review) :input {}})", 'the yes arm (not taken) is dimmed');

  const steps = model.notes.filter((n) => n.kind === 'step');
  assert.deepEqual(steps.map((s) => s.subject), ['fetch-risk', 'auto'], 'only steps that ran, in source order');
  const risk = steps[0]!;
  assert.match(risk.text, /^✓ completed · HTTP 200 · 2 attempts · \d+ ms$/);
  assert.match(lineText(risk.line), /flow\/step :http :fetch-risk/);
  assert.equal(risk.anchor, source.indexOf('\n', source.indexOf(':fetch-risk')));
  assert.match(steps[1]!.text, /^✓ completed · \d+ ms$/);
});

test('a loop counts occurrences and both branches; a wait shows as waiting; no events, no decorations', async () => {
  const ws = workspace();
  const loopBody = `(let [xs (flow/input)]
    (doseq [x [1 2 3]]
      ^{:label "Even?"} (if (even? x)
        (flow/step :function :even {:code '(fn [x] x) :input {}})
        nil))
    (flow/step :wait :approval {:key "k" :timeout "1h"}))`;
  const flowPath = ws.flow('loop', loopBody);
  const service = openService({ root: ws.dir, execution: 'inline' });
  const run = await service.start({ flowPath, scenario: null }).finished;
  assert.equal(run.status, 'waiting', run.error ?? '');
  const model = decorationModel(run.source, service.events(run.id).map((e) => e.event));
  const branch = model.notes.find((n) => n.kind === 'branch')!;
  assert.equal(branch.text, '⎇ Even? → yes ×1, no ×2');
  assert.equal(model.dims.length, 0, 'both arms were taken: nothing dimmed');
  const even = model.notes.find((n) => n.subject === 'even')!;
  assert.match(even.text, /^✓ completed · \d+ ms$/, 'a single occurrence: the even branch ran once');
  const wait = model.notes.find((n) => n.subject === 'approval')!;
  assert.equal(wait.state, 'waiting');
  assert.match(wait.text, /^⏸ waiting/);
  assert.deepEqual(decorationModel(run.source, []), { notes: [], dims: [] });
});
