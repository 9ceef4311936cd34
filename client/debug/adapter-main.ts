// The `flow-edn` debug adapter over stdio (`node out/debugAdapter.js`): for tests and for
// editors that cannot run the session inline. The session is client/debug/session.ts. A
// process of its own, so runs execute on its thread (no worker to boot before the first stop);
// a launch may still ask for `"execution": "worker"`.

import { FlowDebugSession } from './session';

const session = new FlowDebugSession({ execution: 'inline' });
process.on('SIGTERM', () => session.shutdown());
session.start(process.stdin, process.stdout);
