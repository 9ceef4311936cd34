// Creates the language client for out/server.js over Node IPC. Loaded lazily by the context
// (a dynamic import) so vscode-languageclient is not evaluated during activation. The graph
// views live in this bundle too: they send the typed requests of server/lsp-ext.ts, whose
// objects must come from the same JSON-RPC library as the client's.

import type { LogOutputChannel } from 'vscode';
import { serverExecArgv } from '../server/protocol';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { LANGUAGE_ID, SECTION } from './settings';

export type { LanguageClient };
export { GraphPanels } from './webviews/graph/host';

/** A client for the server module at `serverModule` (an absolute path to out/server.js). */
export function createLanguageClient(serverModule: string, outputChannel: LogOutputChannel): LanguageClient {
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...serverExecArgv] } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...serverExecArgv, '--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: LANGUAGE_ID },
      { scheme: 'untitled', language: LANGUAGE_ID },
    ],
    // Answers the server's workspace/configuration for `flowEdn` and pushes changes to it.
    synchronize: { configurationSection: SECTION },
    outputChannel,
  };
  // The id `flowEdn` makes the client read its trace level from `flowEdn.trace.server`.
  return new LanguageClient(SECTION, 'Flow EDN Language Server', serverOptions, clientOptions);
}
