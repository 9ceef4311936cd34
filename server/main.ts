// Entry point of `out/server.js`: `node out/server.js --stdio` (or `--node-ipc`, or
// `--socket=N`, as vscode-languageclient starts it); the transport comes from the arguments.

import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

startServer(createConnection(ProposedFeatures.all));
