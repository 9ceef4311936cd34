// Entry of `out/serverCore.js`: the protocol library and the server's wiring, loaded by
// main.ts after `initialize` has been answered early (or at once for socket and pipe transports).

import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import type { Handover } from './start/early-answer';
import { connectionAfter } from './start/handover';
import { startServer } from './server';

/** Starts the server on the handed-over transport, or on the one the arguments name. */
export function start(handover?: Handover): void {
  startServer(handover !== undefined ? connectionAfter(handover) : createConnection(ProposedFeatures.all));
}
