// The run worker: a worker thread that executes runs for the run service, so flow code and
// function code never block the host's event loop. It opens its own connection to the
// store file, performs operations, and forwards events and observer hooks to the host
// (a `before-step` waits for the host's answer: the debugger pauses there).

import { parentPort, workerData } from 'node:worker_threads';
import { printValue } from '../edn/printer';
import { encodeValue } from '../run/codec';
import type { RunObserver, StepPause } from '../run/observers';
import type { EngineOptions } from '../run/runner';
import { openStore } from '../store/index';
import { perform } from './operations';
import { toWire, type FromWorker, type HookFlags, type ToWorker, type WireError, type WireStep, type WorkerConfig } from './protocol';

function main(): void {
  const port = parentPort;
  if (port === null) throw new Error('engine/service/worker.ts runs as a worker thread of the run service');
  const config = workerData as WorkerConfig;
  const store = openStore(config.dbPath, config.driver !== undefined ? { driver: config.driver } : {});
  const post = (m: FromWorker) => port.postMessage(m);
  let flags: HookFlags = { beforeStep: false, afterStep: false, stepFailed: false, stepInterrupted: false };
  let nextHook = 1;
  const waiting = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();

  const wire = (p: StepPause, withLocals: boolean): WireStep => ({
    runId: p.runId,
    stepKey: p.stepKey,
    stepId: p.stepId,
    stepType: p.stepType,
    config: encodeValue(p.config),
    locals: withLocals ? [...p.locals()].map(([name, v]) => [name, safeEncode(v)]) : [],
    line: -1,
  });

  /** Posts a hook the host answers with `hook-done`, and waits for that answer. */
  const ask = (message: (id: number) => FromWorker) => {
    const id = nextHook++;
    return new Promise<void>((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      post(message(id));
    });
  };

  const observer: RunObserver = {
    beforeStep: (p) => (flags.beforeStep ? ask((id) => ({ type: 'before-step', id, step: wire(p, true) })) : undefined),
    stepInterrupted: (p, used) => (flags.stepInterrupted ? ask((id) => ({ type: 'step-interrupted', id, step: wire(p, false), used })) : undefined),
    afterStep: (s) => {
      if (flags.afterStep || flags.stepFailed) post({ type: 'after-step', step: wire(s, false), record: s.record, mocked: s.mocked });
    },
  };

  const engine: EngineOptions = {
    store,
    env: config.env as NodeJS.ProcessEnv,
    owner: config.owner,
    user: config.user,
    ...(config.publicUrl !== undefined ? { publicUrl: config.publicUrl } : {}),
    ...(config.interrupt !== undefined ? { interrupt: config.interrupt } : {}),
    listeners: [(event, at) => post({ type: 'event', event, at })],
    observers: [observer],
  };

  port.on('message', (m: ToWorker) => {
    switch (m.type) {
      case 'call':
        perform(engine, m.operation).then(
          (result) => post({ type: 'done', id: m.id, result }),
          (e: unknown) => post({ type: 'failed', id: m.id, error: toWire(e) }),
        );
        break;
      case 'hooks':
        flags = m.flags;
        break;
      case 'hook-done': {
        const w = waiting.get(m.id);
        waiting.delete(m.id);
        if (w === undefined) break;
        if (m.error) w.reject(hookError(m.error));
        else w.resolve();
        break;
      }
      case 'stop':
        store.close();
        port.close();
        break;
    }
  });
  post({ type: 'ready' });
}

/** A local that cannot be encoded (a function value) shows as its printed form. */
function safeEncode(v: Parameters<typeof encodeValue>[0]): string {
  try {
    return encodeValue(v);
  } catch {
    return JSON.stringify(printValue(v));
  }
}

function hookError(w: WireError): Error {
  const e = new Error(w.message);
  e.name = w.name;
  return e;
}

main();
