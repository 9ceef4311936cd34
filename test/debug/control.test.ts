// Restart and Pause over the real adapter. Pause needs a run that is busy: its first step
// calls an orders API simulated by a local server on 127.0.0.1 that answers only when told.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { cli, launch, scratch, sessions, topFrame } from './support';

const session = sessions(after);

test('Restart cancels the run and launches the flow again (a new run id), stopping on entry again', async () => {
  const { dc, log } = await session();
  const { flow, db } = scratch('restart');
  await launch(dc, log, { flow, db, stopOnEntry: true });
  await log.next('stopped');
  const first = (await dc.threadsRequest()).body.threads[0]!.name;
  await dc.nextRequest({ threadId: 1 });
  await log.next('stopped');
  await dc.restartRequest({});
  const stop = await log.next('stopped');
  assert.equal(stop.body.reason, 'entry');
  assert.equal((await topFrame(dc))[0]!.name, ':fetch-order (:http)');
  const second = (await dc.threadsRequest()).body.threads[0]!.name;
  assert.notEqual(second, first);
  const runs = JSON.parse(spawnSync(process.execPath, [cli, 'runs', '--db', db, '--format', 'json'], { encoding: 'utf8' }).stdout).runs as { runId: string; status: string }[];
  assert.equal(runs.find((r) => `run ${r.runId}` === first)!.status, 'cancelled');
  assert.equal(runs.find((r) => `run ${r.runId}` === second)!.status, 'running');
  await dc.continueRequest({ threadId: 1 });
  await log.next('terminated');
});

test('Pause stops a busy run at its next step boundary', async () => {
  let hold: ServerResponse | null = null;
  let arrived!: () => void;
  const requested = new Promise<void>((r) => (arrived = r));
  const server: Server = createServer((req, res) => {
    hold = res;
    arrived();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  after(() => server.close());
  const port = (server.address() as { port: number }).port;
  const { dc, log } = await session();
  const { dir, flow, db } = scratch('pause');
  writeFileSync(
    join(dir, 'advanced-order-orchestration-fixed.live.sim.edn'),
    `{:input {:order-id "A-7"}
 :bindings {:orders-api {:base-url "http://127.0.0.1:${port}" :token "t-1"}
            :sendgrid {:mock {:status 202}}}
 :mocks {:fetch-risk {:status 200 :body {:risk-level :low :score 3}}
         :fulfill-order {:status 201 :body {}}}}`,
  );
  await launch(dc, log, { flow, db, scenario: 'live' });
  await requested;
  await dc.pauseRequest({ threadId: 1 });
  hold!.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'A-7', total: 5 }));
  const stop = await log.next('stopped');
  assert.equal(stop.body.reason, 'pause');
  assert.equal((await topFrame(dc))[0]!.name, ':fetch-risk (:http)');
  await dc.continueRequest({ threadId: 1 });
  await log.next('terminated');
});
