// Everything that needs the language engine: the documents' snapshots, diagnostics and one
// handler per feature. Loaded by server.ts on first use (the first opened document or
// request), so that `initialize` is answered before the engine is read in.

import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticsPublisher } from './diagnostics';
import { FlowDocuments } from './documents';
import { onCodeAction } from './handlers/code-actions';
import { onCompletion, onCompletionResolve } from './handlers/completion';
import { guard, type ServerContext } from './handlers/handler-context';
import { onHover } from './handlers/hover';
import { onInlayHint } from './handlers/inlay-hints';
import { onDefinition, onDocumentHighlight, onPrepareRename, onReferences, onRename } from './handlers/navigation';
import { onDocumentSymbol } from './handlers/symbols';
import { GraphCache, onGraph } from './handlers/graph';
import { onCodeLens } from './handlers/code-lens';
import type { DocumentStatsParams, DocumentStatsResult } from './lsp-ext';
import type { Settings } from './settings';

export function createSession(connection: Connection, textDocuments: TextDocuments<TextDocument>, settings: Settings, log: (message: string) => void) {
  const documents = new FlowDocuments(textDocuments);
  const ctx: ServerContext = { connection, documents, settings, log };
  const diagnostics = new DiagnosticsPublisher(connection, documents, settings, log);
  const graphs = new GraphCache();
  return {
    documents,
    diagnostics,
    graphs,
    graph: onGraph(ctx, graphs),
    codeLens: onCodeLens(ctx),
    completion: onCompletion(ctx),
    completionResolve: onCompletionResolve(ctx),
    hover: onHover(ctx),
    definition: onDefinition(ctx),
    references: onReferences(ctx),
    documentHighlight: onDocumentHighlight(ctx),
    prepareRename: onPrepareRename(ctx),
    rename: onRename(ctx),
    documentSymbol: onDocumentSymbol(ctx),
    codeAction: onCodeAction(ctx),
    inlayHint: onInlayHint(ctx),
    documentStats: guard(ctx, 'documentStats', null, (params: DocumentStatsParams): DocumentStatsResult | null => {
      const snapshot = documents.get(params.uri);
      if (snapshot === undefined) return null;
      const findings = snapshot.check.findings;
      return {
        version: snapshot.version,
        checkMs: snapshot.parseMs + snapshot.checkMs,
        errors: findings.filter((f) => f.severity === 'error').length,
        warnings: findings.filter((f) => f.severity === 'warning').length,
      };
    }),
  };
}

export type Session = ReturnType<typeof createSession>;
