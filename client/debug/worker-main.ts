// The `flow-edn` debug session in a worker thread (bundled as out/debugWorker.js): the inline
// adapter. The extension host only passes DAP messages to and from it (worker-adapter.ts), so
// the launch's read and check, the replays that build each stop, evaluation and the run's
// own steps all happen here, never on the host's event loop (design §8.2, §10).

import { parentPort, workerData } from 'node:worker_threads';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { FlowDebugSession } from './session';
import type { DebugWorkerData, FromDebugWorker, ToDebugWorker } from './worker-messages';

const port = parentPort;
if (port === null) throw new Error('client/debug/worker-main.ts runs as a worker thread (out/debugWorker.js)');
// Runs execute on this thread (a worker of their own would cost a second engine load before the first stop).
const post = (m: FromDebugWorker) => port.postMessage(m);
const data = workerData as DebugWorkerData | undefined;
const session = new FlowDebugSession({
  execution: 'inline',
  ...(data?.leaseOwner !== undefined ? { leaseOwner: data.leaseOwner } : {}),
  ...(data?.interrupt !== undefined ? { interrupt: data.interrupt } : {}),
  opened: (store) => post({ store }),
});
session.onDidSendMessage((message) => post({ dap: message as DebugProtocol.ProtocolMessage }));
port.on('message', (m: ToDebugWorker) => session.handleMessage(m.dap));
post({ ready: true });
