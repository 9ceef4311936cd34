// textDocument/hover: the hover service's markdown over the node's range.

import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver';
import { hover } from '../services/hover/index';
import { toRange } from '../convert';
import { guard, type ServerContext } from './context';

export function onHover(ctx: ServerContext) {
  return guard(ctx, 'hover', null, (params: HoverParams): Hover | null => {
    const snapshot = ctx.documents.get(params.textDocument.uri);
    if (snapshot === undefined) return null;
    const result = hover(snapshot.analysis, snapshot.lines.offset(params.position));
    if (result === null) return null;
    return { contents: { kind: MarkupKind.Markdown, value: result.markdown }, range: toRange(snapshot.lines, result.start, result.end) };
  });
}
