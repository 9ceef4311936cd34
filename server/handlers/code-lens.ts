// textDocument/codeLens: the code lens service's lenses as LSP CodeLenses whose command gets
// the document's uri.

import type { CodeLens, CodeLensParams } from 'vscode-languageserver';
import { flowLenses } from '../services/code-lens';
import { toRange } from '../convert';
import { guard, type ServerContext } from './handler-context';

export function onCodeLens(ctx: ServerContext) {
  return guard(ctx, 'codeLens', null, (params: CodeLensParams): CodeLens[] | null => {
    const snapshot = ctx.documents.get(params.textDocument.uri);
    if (snapshot === undefined) return null;
    return flowLenses(snapshot.analysis).map((l) => ({ range: toRange(snapshot.lines, l.start, l.end), command: { title: l.title, command: l.command, arguments: [params.textDocument.uri] } }));
  });
}
