// Where the run-side code lenses go, from the syntax: Run/Debug/scenarios on `:flow`, one
// Simulate Webhook per webhook trigger or interface (named as the run service matches them:
// proven by sending to each name below), one Fire Now per schedule, the `:wait` steps.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { flowLensSites } from '../../client/runs/lens-model';
import { matchesTrigger, readEntryPoints } from '../../engine/runtime/entry-points';
import { loadProgram } from '../../engine/run/program';

const source = `{:slug :orders :name "Orders"
 :concurrency {:type :singleton :on-new-version :supersede}
 :invocations {:default {:inputs []}}
 :requires [{:slot :whsec :type :secret :label "Signing"}]
 :triggers [{:type :event :label "Order Updated" :enabled true :config {:source :webhook :auth {:type :hmac-sha256 :header "X-Signature" :secret-ref :whsec}}}
            {:type :webhook :enabled true :config {:event-name "order.created" :auth {:type :bearer :secret-ref :whsec}}}
            {:type :event :label "Off" :enabled false :config {:source :webhook :auth {:type :bearer :secret-ref :whsec}}}
            {:type :schedule :label "Nightly" :enabled true :config {:cron "0 2 * * *"}}
            {:type :manual :label "Run" :enabled true :config {}}]
 :interfaces {:webhook [{:id :intake :invocation :default :auth {:type :bearer :secret-ref :whsec}}]}
 :schedules [{:id :hourly :cron "0 * * * *" :invocation :default}]
 :flow '(let [in (flow/input)
              ok (flow/step :wait :manager-approval {:key "a" :timeout "1h"})]
          ok)}`;

test('lens sites: :flow, each enabled webhook and schedule, each :wait step', () => {
  const sites = flowLensSites(source);
  assert.equal(sites.slug, 'orders');
  assert.equal(source.slice(sites.flow!.start, sites.flow!.end), ':flow');
  assert.deepEqual(sites.webhooks.map((w) => [w.name, w.kind]), [['Order Updated', 'trigger'], ['order.created', 'trigger'], ['intake', 'interface']]);
  assert.deepEqual(sites.schedules.map((s) => [s.name, s.kind]), [['Nightly', 'schedule'], ['hourly', 'schedule']]);
  for (const s of [...sites.webhooks, ...sites.schedules]) assert.equal(source[s.start], '{', `${s.name}: the lens sits on its map`);
  assert.equal(source.slice(sites.webhooks[2]!.start).slice(0, 12), '{:id :intake');
  assert.deepEqual(sites.waits.map((w) => w.stepId), ['manager-approval']);
  assert.ok(source.slice(sites.waits[0]!.start).startsWith('(flow/step :wait :manager-approval'));
});

test('each lens name picks exactly its entry point as the runtime reads them', () => {
  const points = readEntryPoints(loadProgram(source, 'orders.flow.edn'));
  const sites = flowLensSites(source);
  for (const w of sites.webhooks) assert.equal(points.webhooks.filter((e) => matchesTrigger(e, w.name)).length, 1, w.name);
  for (const s of sites.schedules) assert.equal(points.schedules.filter((e) => matchesTrigger(e, s.name)).length, 1, s.name);
  assert.equal(points.webhooks.length, sites.webhooks.length);
  assert.equal(points.schedules.length, sites.schedules.length);
});

test('no flow map, no lenses; a broken file keeps what reads', () => {
  assert.deepEqual(flowLensSites('{:a 1'), { slug: null, flow: null, webhooks: [], schedules: [], waits: [] });
  const broken = flowLensSites(source.replace("ok)}", "ok"));
  assert.equal(broken.slug, 'orders');
});
