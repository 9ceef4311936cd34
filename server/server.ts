// Wires the language server: capabilities, document sync, settings, and one handler per
// feature. The engine-backed part (session.ts) is loaded on first use, so `initialize` is
// answered quickly; handlers are thin (handlers/*) and the work is in services/* and engine/.

import { DidChangeConfigurationNotification, ResponseError, TextDocuments, type CancellationToken, type Connection, type InitializeResult } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { settingsSection } from './protocol';
import { initializeResult } from './capabilities';
import * as lspExt from './lsp-ext';
import type { Session } from './session';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Settings } from './settings';

export { triggerCharacters } from './capabilities';

export function startServer(connection: Connection): void {
  const textDocuments = new TextDocuments(TextDocument);
  const settings = new Settings(connection);
  const log = (message: string) => connection.console.error(message);
  let loaded: Session | undefined;
  const session = (): Session => {
    if (loaded === undefined) {
      // Lazy on purpose: the engine is read in when the first document or request needs it.
      const { createSession } = loadSessionModule();
      loaded = createSession(connection, textDocuments, settings, log);
    }
    return loaded;
  };
  /** A request handler that loads the session on first use. */
  const on =
    <K extends keyof Session, P, R>(key: K) =>
    (params: P, token: CancellationToken): R =>
      rehome((session()[key] as unknown as (p: P, t: CancellationToken) => R)(params, token));
  let dynamicConfiguration = false;

  connection.onInitialize((params): InitializeResult => {
    const workspace = params.capabilities.workspace;
    settings.pull = workspace?.configuration === true;
    dynamicConfiguration = workspace?.didChangeConfiguration?.dynamicRegistration === true;
    return initializeResult();
  });

  connection.onInitialized(() => {
    if (dynamicConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: settingsSection });
  });

  connection.onDidChangeConfiguration((change) => {
    settings.changed(change.settings);
    if (loaded !== undefined) loaded.diagnostics.refreshAll();
  });

  // didOpen fires onDidOpen and then onDidChangeContent: the open publishes at once, the
  // content change that follows it is not a keystroke.
  const justOpened = new Set<string>();
  textDocuments.onDidOpen((e) => {
    justOpened.add(e.document.uri);
    session().diagnostics.opened(e.document.uri);
  });
  textDocuments.onDidChangeContent((e) => {
    if (justOpened.delete(e.document.uri)) return;
    session().diagnostics.changed(e.document.uri);
  });
  textDocuments.onDidClose((e) => {
    justOpened.delete(e.document.uri);
    settings.forget(e.document.uri);
    session().documents.forget(e.document.uri);
    session().graphs.forget(e.document.uri);
    session().diagnostics.closed(e.document.uri);
  });

  connection.onCompletion(on('completion'));
  connection.onCompletionResolve(on('completionResolve'));
  connection.onHover(on('hover'));
  connection.onDefinition(on('definition'));
  connection.onReferences(on('references'));
  connection.onDocumentHighlight(on('documentHighlight'));
  connection.onPrepareRename(on('prepareRename'));
  connection.onRenameRequest(on('rename'));
  connection.onDocumentSymbol(on('documentSymbol'));
  connection.onCodeAction(on('codeAction'));
  connection.languages.inlayHint.on(on('inlayHint'));
  connection.onCodeLens(on('codeLens'));
  connection.onRequest(lspExt.documentStats, on('documentStats'));
  connection.onRequest(lspExt.graph, on('graph'));
  connection.onRequest(lspExt.ping, (params) => ({ token: params?.token ?? null }));

  connection.onShutdown(() => loaded?.diagnostics.dispose());
  textDocuments.listen(connection);
  connection.listen();
}

/**
 * The session's code: in the bundle it is its own file, out/serverSession.js, so starting the
 * server (and answering `initialize`) does not parse the engine; compiled by tsc (for tests
 * of the sources) it is ./session. The path is computed so esbuild leaves it alone.
 */
function loadSessionModule(): typeof import('./session') {
  const bundled = join(__dirname, 'serverSession.js');
  const path = existsSync(bundled) ? bundled : './session';
  return require(path) as typeof import('./session');
}

/**
 * The session bundle has its own copy of the protocol library, so an error response it
 * returns is not an instance of this bundle's ResponseError; re-create it here so the
 * connection answers with an error (code, message, data) rather than a result.
 */
function rehome<R>(result: R): R {
  const convert = (r: unknown): unknown => {
    if (r !== null && typeof r === 'object' && !(r instanceof ResponseError) && r instanceof Error && typeof (r as { code?: unknown }).code === 'number' && typeof (r as { toJson?: unknown }).toJson === 'function') {
      const e = r as unknown as { code: number; message: string; data?: unknown };
      return new ResponseError(e.code, e.message, e.data);
    }
    return r;
  };
  if (result !== null && typeof result === 'object' && typeof (result as { then?: unknown }).then === 'function') {
    return (result as unknown as Promise<unknown>).then(convert) as unknown as R;
  }
  return convert(result) as R;
}
