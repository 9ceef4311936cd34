// The `flow-edn` debug adapter over stdio (`node out/debugAdapter.js`): for tests and for
// editors that cannot run the session inline. The session is client/debug/session.ts.

import { FlowDebugSession } from './session';

const session = new FlowDebugSession();
process.on('SIGTERM', () => session.shutdown());
session.start(process.stdin, process.stdout);
