// Definition, references, document highlights, prepareRename and rename: thin adapters over
// services/navigation.ts and services/rename.ts. A refused rename answers with the reason.

import {
  DocumentHighlightKind, ErrorCodes, ResponseError,
  type DefinitionParams, type DocumentHighlight, type DocumentHighlightParams, type Location, type PrepareRenameParams, type Range, type ReferenceParams, type RenameParams, type WorkspaceEdit,
} from 'vscode-languageserver';
import { pathToFileURL } from 'node:url';
import { LineIndex } from '../../engine/edn/positions';
import { expandedDocument, includeTarget } from '../services/includes';
import { definition, references } from '../services/navigation';
import { prepareRename, rename } from '../services/rename';
import { toRange } from '../convert';
import { guard, type ServerContext } from './handler-context';

export function onDefinition(ctx: ServerContext) {
  return guard(ctx, 'definition', null, (params: DefinitionParams): Location[] | null => {
    const snapshot = ctx.documents.get(params.textDocument.uri);
    if (snapshot === undefined) return null;
    const offset = snapshot.lines.offset(params.position);
    const file = includeTarget(snapshot.uri, snapshot.analysis, offset);
    if (file !== null) return [{ uri: pathToFileURL(file).toString(), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }];
    const targets = definition(snapshot.analysis, offset);
    if (targets.length > 0) return targets.map((t) => ({ uri: snapshot.uri, range: toRange(snapshot.lines, t.start, t.end) }));
    // Declared in an included file: the expanded flow answers.
    const expanded = expandedDocument(snapshot.uri, snapshot.text);
    const at = expanded?.toExpanded(offset) ?? null;
    if (expanded === null || at === null) return [];
    return definition(expanded.analysis, at).map((t) => {
      const span = expanded.back(t.start, t.end);
      const lines = new LineIndex(expanded.source.files.get(span.file)!);
      return { uri: pathToFileURL(span.file).toString(), range: toRange(lines, span.start, span.end) };
    });
  });
}

export function onReferences(ctx: ServerContext) {
  return guard(ctx, 'references', null, (params: ReferenceParams): Location[] | null => {
    const snapshot = ctx.documents.get(params.textDocument.uri);
    if (snapshot === undefined) return null;
    const targets = references(snapshot.analysis, snapshot.lines.offset(params.position), params.context.includeDeclaration);
    return targets.map((t) => ({ uri: snapshot.uri, range: toRange(snapshot.lines, t.start, t.end) }));
  });
}

export function onDocumentHighlight(ctx: ServerContext) {
  return guard(ctx, 'documentHighlight', null, (params: DocumentHighlightParams): DocumentHighlight[] | null => {
    const snapshot = ctx.documents.get(params.textDocument.uri);
    if (snapshot === undefined) return null;
    const targets = references(snapshot.analysis, snapshot.lines.offset(params.position), true);
    return targets.map((t) => ({ range: toRange(snapshot.lines, t.start, t.end), kind: t.declaration ? DocumentHighlightKind.Write : DocumentHighlightKind.Read }));
  });
}

export function onPrepareRename(ctx: ServerContext) {
  return guard(ctx, 'prepareRename', null, (params: PrepareRenameParams): { range: Range; placeholder: string } | null => {
    const snapshot = ctx.documents.get(params.textDocument.uri);
    if (snapshot === undefined) return null;
    const target = prepareRename(snapshot.analysis, snapshot.lines.offset(params.position));
    return target === null ? null : { range: toRange(snapshot.lines, target.start, target.end), placeholder: target.placeholder };
  });
}

export function onRename(ctx: ServerContext) {
  return guard(ctx, 'rename', null, (params: RenameParams): WorkspaceEdit | null | ResponseError<void> => {
    const snapshot = ctx.documents.get(params.textDocument.uri);
    if (snapshot === undefined) return null;
    const outcome = rename(snapshot.analysis, snapshot.lines.offset(params.position), params.newName);
    if (!outcome.ok) return new ResponseError(ErrorCodes.InvalidParams, outcome.message);
    return { changes: { [snapshot.uri]: outcome.edits.map((e) => ({ range: toRange(snapshot.lines, e.start, e.end), newText: e.newText })) } };
  });
}
