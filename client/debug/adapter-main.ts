// The `flow-edn` debug adapter over stdio (`node out/debugAdapter.js`): for tests and for
// editors that cannot run the session inline. The session is client/debug/session.ts. A
// process of its own, so runs execute on its thread (no worker to boot before the first stop);
// a launch may still ask for `"execution": "worker"`, and then a Pause also stops a :function
// step inside the code it computes (this thread reads the request and raises the flag).

import { FlowDebugSession } from './session';

const session = new FlowDebugSession({ execution: 'inline', interrupt: new Int32Array(new SharedArrayBuffer(4)) });
process.on('SIGTERM', () => session.shutdown());
session.start(process.stdin, process.stdout);
