// textDocument/hover: the hover service's markdown over the node's range.

import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver';
import { expandedDocument } from '../services/includes';
import { hover } from '../services/hover/index';
import { toRange } from '../convert';
import { guard, type ServerContext } from './handler-context';

export function onHover(ctx: ServerContext) {
  return guard(ctx, 'hover', null, (params: HoverParams): Hover | null => {
    const snapshot = ctx.documents.get(params.textDocument.uri);
    if (snapshot === undefined) return null;
    const offset = snapshot.lines.offset(params.position);
    const result = hover(snapshot.analysis, offset);
    if (result !== null) return { contents: { kind: MarkupKind.Markdown, value: result.markdown }, range: toRange(snapshot.lines, result.start, result.end) };
    // A reference to something an included file declares: the expanded flow answers.
    const expanded = expandedDocument(snapshot.uri, snapshot.text);
    const at = expanded?.toExpanded(offset) ?? null;
    if (expanded === null || at === null) return null;
    const inner = hover(expanded.analysis, at);
    if (inner === null) return null;
    const span = expanded.back(inner.start, inner.end);
    const range = span.file === expanded.source.files.keys().next().value ? toRange(snapshot.lines, span.start, span.end) : undefined;
    return range === undefined ? { contents: { kind: MarkupKind.Markdown, value: inner.markdown } } : { contents: { kind: MarkupKind.Markdown, value: inner.markdown }, range };
  });
}
