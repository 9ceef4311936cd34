// The run service's other ways in, beside the local runtime (`serve`) on the same store:
// a simulated webhook signed as `flow-edn webhook send` signs it (the preparation both
// share, engine/runtime/delivery.ts), refused when the signature is wrong; runs `serve`
// starts observed step by step the same way as the service's own; a schedule fired now.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { printValue } from '../../engine/edn/printer';
import { decodeValue } from '../../engine/run/codec';
import { kget } from '../../engine/run/data';
import { RunService, DeliveryError } from '../../engine/service/index';
import { serve } from '../runtime/support';
import { Collected, until, workspace, openService } from './support';

const hookFlow = `{:slug :hook :name "Hook"
 :concurrency {:type :singleton :on-new-version :supersede}
 :invocations {:default {:inputs []}}
 :triggers [{:type :event :label "Order" :enabled true :config {:source :webhook :path "/hooks/order" :auth {:type :hmac-sha256 :header "X-Signature" :secret-ref :whsec}}}]
 :flow '(let [in (flow/input)
              total (flow/step :function :total {:code '(fn [x] (* 2 (:t x))) :input {:t (:total in)}})]
          {:total total})}`;

test('a simulated webhook goes through the local runtime signed as the platform signs it; serve\'s runs are observed step by step', async () => {
  const ws = workspace();
  const { writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const flowPath = join(ws.dir, 'hook.flow.edn');
  writeFileSync(flowPath, hookFlow);
  writeFileSync(join(ws.dir, 'hook.sim.edn'), '{:bindings {:whsec {:value "whsec_local"}}}');
  const observed: string[] = [];
  const served = await serve(ws.dir, { db: ws.db, lock: true, observers: [{ beforeStep: (p) => void observed.push(`before ${p.stepKey} ${printValue(p.locals().get('in') ?? null).slice(0, 12)}`), afterStep: (s) => void observed.push(`after ${s.stepKey} ${printValue(s.result)}`) }] });
  const service = openService({ root: ws.dir });
  const feed = new Collected();
  service.subscribe(feed.listener);
  try {
    const answer = await service.sendWebhook({ flowPath, payload: JSON.stringify({ total: 21 }) });
    assert.ok(answer.status === 200 || answer.status === 202, `${answer.status} ${answer.text}`);
    assert.ok(answer.runId, answer.text);
    assert.match(answer.request.url, /\/hooks\/order$/);
    assert.ok(answer.request.headers['X-Signature'], 'signed');
    await until('the feed to see the webhook\'s run complete', () => feed.of(answer.runId!).some((c) => c.kind === 'run' && c.status === 'completed'));
    assert.equal(service.store.getRun(answer.runId!)!.output, '{:total 42}');
    assert.deepEqual(observed, ['before total#0 {:total 21, ', 'after total#0 42']);

    const bad = await service.sendWebhook({ flowPath, payload: JSON.stringify({ total: 1 }), badSignature: true });
    assert.equal(bad.status, 401, bad.text);
    assert.equal(bad.runId, null);
    await assert.rejects(service.sendWebhook({ flowPath, trigger: 'Nope', payload: '{}' }), (e: unknown) => e instanceof DeliveryError && /no webhook "Nope"; its webhooks: order/i.test(e.message));
  } finally {
    await service.close();
    await served.close();
  }
});

test('fire a schedule now: the run gets the schedule\'s input and :flow/ctx as serve gives it', async () => {
  const ws = workspace();
  const { writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const flowPath = join(ws.dir, 'rollup.flow.edn');
  writeFileSync(
    flowPath,
    `{:slug :rollup :name "Rollup"
 :concurrency {:type :singleton :on-new-version :supersede}
 :invocations {:default {:inputs []}}
 :triggers [{:type :schedule :label "Nightly" :enabled true :config {:cron "0 2 * * *" :timezone "UTC" :input {:scope "all"}}}]
 :flow '(let [in (flow/input)] {:scope (:scope in) :schedule (get-in in [:flow/ctx :schedule]) :source (get-in in [:flow/ctx :source])})}`,
  );
  const service = openService({ root: ws.dir });
  const run = await service.fireSchedule({ flowPath }).finished;
  assert.equal(run.status, 'completed', run.error ?? '');
  const out = decodeValue(run.output!);
  assert.equal(kget(out, 'scope'), 'all');
  assert.equal(printValue(kget(out, 'source') ?? null), ':schedule');
  assert.ok(typeof kget(out, 'schedule') === 'string');
  assert.throws(() => service.fireSchedule({ flowPath, schedule: 'Weekly' }), /no schedule Weekly/);
  await service.close();
});
