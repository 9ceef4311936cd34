// The local runtime the editor starts on demand: the built `flow-edn serve` as a child process
// on 127.0.0.1 and the workspace store; a payload skeleton from what the flow reads, signed
// with the scenario's secret by the run service and verified by that runtime (accepted, run
// stored with the payload; a wrong signature refused with 401 and no run); a second holder
// reuses the running server; stop ends it and frees the store.

import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { LocalRuntime, type RuntimeState } from '../../client/runs/local-runtime';
import { webhookPayload } from '../../engine/scaffold/webhook-payload';
import { readServeLock } from '../../engine/runtime/lockfile';
import { cli, openService, until, workspace } from '../service/support';

test('started on demand, signs and verifies a webhook, reused, stopped', async (t) => {
  if (!existsSync(cli)) {
    t.skip(`${cli} is missing: run \`npm run build\` first`);
    return;
  }
  const ws = workspace();
  const flowPath = join(ws.dir, 'hook.flow.edn');
  writeFileSync(flowPath, `{:slug :hook :name "Hook"
 :concurrency {:type :singleton :on-new-version :supersede}
 :triggers [{:type :event :label "Order" :enabled true :config {:source :webhook :auth {:type :hmac-sha256 :header "X-Signature" :secret-ref :whsec}}}]
 :flow '(let [in (flow/input)]
          {:id (get-in in [:order :id]) :total (:total in)})}`);
  writeFileSync(join(ws.dir, 'hook.sim.edn'), '{:bindings {:whsec {:value "whsec_local"}}}');
  const states: RuntimeState['kind'][] = [];
  const runtime = new LocalRuntime({ cliPath: cli, folder: ws.dir, dbPath: ws.db });
  runtime.onState((s) => states.push(s.kind));
  const service = openService({ root: ws.dir, execution: 'inline' });
  try {
    const url = await runtime.ensure();
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.deepEqual(states, ['starting', 'running']);
    assert.equal(readServeLock(ws.db)?.url, url, 'the serve lock names it: `flow-edn webhook send` finds it too');

    const skeleton = webhookPayload(readFileSync(flowPath, 'utf8'), flowPath, 'Order');
    const payload = JSON.parse(skeleton.json) as { order: { id: unknown }; total: unknown };
    assert.ok('order' in payload && 'id' in payload.order && 'total' in payload, skeleton.json);
    payload.order.id = 'A-1';
    payload.total = 12;
    const answer = await service.sendWebhook({ flowPath, trigger: 'Order', payload: JSON.stringify(payload), url });
    assert.equal(answer.status, 202, answer.text);
    assert.ok(answer.runId);
    assert.ok(answer.request.headers['X-Signature'], 'signed with the scenario\'s secret');
    await until('the run to complete in the store', () => service.store.getRun(answer.runId!)?.status === 'completed');
    assert.equal(service.store.getRun(answer.runId!)!.output, '{:id "A-1", :total 12}');

    const runsBefore = service.store.listRuns({}).length;
    const bad = await service.sendWebhook({ flowPath, trigger: 'Order', payload: JSON.stringify(payload), url, badSignature: true });
    assert.equal(bad.status, 401, bad.text);
    assert.equal(service.store.listRuns({}).length, runsBefore, 'a refused delivery starts no run');

    const other = new LocalRuntime({ cliPath: cli, folder: ws.dir, dbPath: ws.db });
    assert.equal(await other.ensure(), url, 'a second holder reuses the server of the store');
    assert.equal(other.state.kind === 'running' && other.state.ours, false);
    assert.equal(await other.stop(), false, 'it does not stop a server it did not start');

    assert.equal(await runtime.stop(), true);
    assert.equal(runtime.state.kind, 'stopped');
    await until('the serve lock to be released', () => readServeLock(ws.db) === null, 5000);
  } finally {
    await runtime.stop();
  }
});

