// What the server answers to `initialize`: its identity and capabilities, declared once for
// the early answer (server/start/early-answer.ts, sent before the protocol library is loaded)
// and for the connection's own handler (server.ts). No runtime imports: it is in out/server.js.

import type { InitializeResult } from 'vscode-languageserver-protocol';
import { serverName } from './protocol';

/** Characters after which editors ask for completion without a shortcut. */
export const triggerCharacters = [':', '(', '{', '"', '/', '['];

/** TextDocumentSyncKind.Incremental, spelled out so this file needs no protocol library. */
const incrementalSync = 2;

/** The `initialize` result; the same whatever the client's capabilities. */
export function initializeResult(): InitializeResult {
  return {
    serverInfo: { name: serverName, version: '0.1.0' },
    capabilities: {
      textDocumentSync: { openClose: true, change: incrementalSync },
      completionProvider: { triggerCharacters: [...triggerCharacters], resolveProvider: true },
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      documentHighlightProvider: true,
      renameProvider: { prepareProvider: true },
      documentSymbolProvider: true,
      codeActionProvider: { codeActionKinds: ['quickfix'] },
      inlayHintProvider: true,
      codeLensProvider: { resolveProvider: false },
    },
  };
}
