// Entry point of `out/server.js`: `node out/server.js --stdio` (or `--node-ipc`, or
// `--socket=N`, as vscode-languageclient starts it). On stdio and IPC, `initialize` is answered
// before the protocol library is read (start/early-answer.ts); then out/serverCore.js takes over.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { answerEarly, earlyTransport } from './start/early-answer';

/** out/serverCore.js beside this bundle; ./core when compiled by tsc. Computed so esbuild leaves it alone. */
function loadCore(): typeof import('./core') {
  const bundled = join(__dirname, 'serverCore.js');
  const path = existsSync(bundled) ? bundled : './core';
  return require(path) as typeof import('./core');
}

const transport = earlyTransport(process.argv.slice(2));
if (transport === undefined) loadCore().start();
else answerEarly(transport, (take) => setImmediate(() => {
  const core = loadCore();
  core.start(take());
}));
