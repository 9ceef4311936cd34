// The inline adapter as the extension host runs it (`flowEdn.debug.adapter: inline`, the
// default): the session of client/debug/session.ts in its worker thread (out/debugWorker.js)
// behind WorkerDebugAdapter in this process, driven by DebugClient. The core flows pass as
// over stdio, and this thread (the host's stand-in) is never blocked > 50 ms: not by the
// launch's read and check, the replays that build each stop, stepping, nor evaluation.

import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { DebugWorkers, WorkerDebugAdapter } from '../../client/debug/worker-adapter';
import { acquireRunLease } from '../../engine/run/lease';
import { openStore } from '../../engine/store/index';
import { HostProbe, mainThreadCpuMs } from './host-probe';
import { EventLog, launch, lineOf, localValue, root, scratch, topFrame } from './support';
import { bridgedClient, debugWorkerScript, type BridgedClient } from './worker-bridge';

const open: BridgedClient[] = [];
after(async () => {
  for (const c of open) await c.close();
});

const workers = new DebugWorkers({ script: debugWorkerScript(root), env: { ...process.env, FLOW_EDN_USER: 'debug-test' } });

async function session(adapter: WorkerDebugAdapter = workers.take()) {
  const bridged = await bridgedClient(adapter);
  open.push(bridged);
  return { dc: bridged.dc, log: new EventLog(bridged.dc), adapter };
}

test('inline (worker): breakpoint with locals, evaluate, Next, Step In, Step Back, wait stop, terminate; this thread never blocked > 50 ms', async () => {
  workers.warm();
  const { dc, log, adapter } = await session();
  await adapter.ready;
  const { flow, db } = scratch('inline-worker');
  const probe = new HostProbe();
  try {
    await probe.enter('launch to the first stop');
    const fetchRisk = lineOf(flow, 'flow/step :http :fetch-risk');
    await launch(dc, log, { flow, db, scenario: 'pending' }, () => dc.setBreakpointsRequest({ source: { path: flow }, breakpoints: [{ line: fetchRisk }] }));
    const first = await log.next('stopped', 20_000);
    assert.equal(first.body.reason, 'breakpoint');
    let frames = await topFrame(dc);
    assert.equal(frames[0]!.name, ':fetch-risk (:http)');
    assert.equal(frames[0]!.line, fetchRisk);
    assert.equal(await localValue(dc, 'order-id'), '"A-1001"');

    await probe.enter('evaluate');
    const ev = (expression: string, context: string) => dc.evaluateRequest({ expression, frameId: frames[0]!.id, context });
    assert.equal((await ev('(str order-id "!")', 'repl')).body.result, '"A-1001!"');
    assert.equal((await ev('(:order-id (flow/input))', 'watch')).body.result, '"A-1001"');
    await assert.rejects(ev('(flow/step :http :x {})', 'repl'), /never runs a step/);

    await probe.enter('Next');
    await dc.nextRequest({ threadId: 1 });
    await log.next('stopped');
    frames = await topFrame(dc);
    assert.equal(frames[0]!.name, ':risk-summary (:function)');

    await probe.enter('Step In');
    await dc.stepInRequest({ threadId: 1 });
    await log.next('stopped');
    frames = await topFrame(dc);
    assert.deepEqual(frames.map((f) => f.name), ['function :risk-summary', ':risk-summary (:function)', 'flow advanced-order-orchestration-fixed'], 'inside the step\'s code');

    await probe.enter('Step Out');
    await dc.stepOutRequest({ threadId: 1 });
    await log.next('stopped');
    frames = await topFrame(dc);
    assert.ok(!frames.some((f) => f.name.startsWith('function ') || f.name === ':risk-summary (:function)'), `out of the code, at the next step: ${frames.map((f) => f.name).join(' < ')}`);

    await probe.enter('Step Back');
    await dc.stepBackRequest({ threadId: 1 });
    await log.next('stopped');
    frames = await topFrame(dc);
    assert.equal(frames[0]!.name, ':risk-summary (:function)', 'Step Back replays to the boundary before :risk-summary');

    await probe.enter('Continue to the wait');
    await dc.continueRequest({ threadId: 1 });
    const wait = await log.next('stopped', 20_000);
    assert.equal(wait.body.reason, 'wait');
    assert.match(wait.body.description, /waiting at :manager-approval/);

    await probe.enter('terminate');
    await dc.terminateRequest();
    await log.next('terminated');
  } finally {
    probe.stop();
  }
  console.log(`# inline adapter, this thread: ${probe.summary()}`);
  assert.deepEqual(probe.blocked, [], 'the host thread was blocked');
});

test('inline (worker): a run without debugging ends, its output in the console; the spare worker serves the next session', async () => {
  workers.warm();
  const spare = workers.take();
  await spare.ready;
  const { dc, log } = await session(spare);
  const { flow, db } = scratch('inline-nodebug');
  await launch(dc, log, { flow, db, noDebug: true });
  await log.next('terminated', 20_000);
  assert.match(log.outputs(), /run r-\S+ completed/);
});

test('inline (worker): a worker that dies ends its session with a message, not a hang', async () => {
  const { dc, log, adapter } = await session();
  await dc.initializeRequest({ adapterID: 'flow-edn', pathFormat: 'path' });
  await (adapter as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
  await log.next('terminated');
  assert.match(log.outputs(), /the debug session's worker stopped \(exit code 1\); the run is resumable/);
});

test('inline (worker): a worker that dies holding a waiting run frees its lease through the host at once, not after 30 s', async () => {
  const released: { dbPath: string; owner: string; freed: number }[] = [];
  const adapter = new WorkerDebugAdapter({
    script: debugWorkerScript(root),
    env: { ...process.env, FLOW_EDN_USER: 'debug-test' },
    releaseLeases: (dbPath, owner) => {
      const store = openStore(dbPath);
      try {
        released.push({ dbPath, owner, freed: store.releaseLeasesOf(owner) });
      } finally {
        store.close();
      }
    },
  });
  const { dc, log } = await session(adapter);
  const { flow, db } = scratch('inline-dies-waiting');
  await launch(dc, log, { flow, db, scenario: 'pending' });
  const wait = await log.next('stopped', 20_000);
  assert.equal(wait.body.reason, 'wait');
  const held = () => {
    const store = openStore(db);
    try {
      return store.listRuns({}).map((r) => ({ id: r.id, status: r.status, owner: r.leaseOwner }));
    } finally {
      store.close();
    }
  };
  const [run] = held();
  assert.equal(run?.status, 'waiting');
  assert.equal(run?.owner, adapter.leaseOwner, "the session's service holds the waiting run under the owner id the host gave it");
  // The thread dies (this process lives on, so the lease's owner looks alive to anyone else).
  await (adapter as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
  await log.next('terminated');
  assert.deepEqual(released, [{ dbPath: db, owner: adapter.leaseOwner, freed: 1 }]);
  assert.equal(held()[0]!.owner, null, 'the lease is free at once');
  const store = openStore(db);
  try {
    assert.equal(acquireRunLease(store, run!.id, 'resume-elsewhere', Date.now(), 30_000), true, 'another process may resume it now');
  } finally {
    store.close();
  }
});

test('the probe sees a block: this thread on the CPU 120 ms without yielding', async () => {
  const probe = new HostProbe();
  await probe.enter('busy');
  const until = mainThreadCpuMs() + 120;
  while (mainThreadCpuMs() < until) for (let i = 0; i < 1e4; i++) Math.sqrt(i);
  await probe.enter('after');
  probe.stop();
  assert.equal(probe.blocked.length, 1, probe.summary());
  assert.match(probe.blocked[0]!, /during busy/);
});
