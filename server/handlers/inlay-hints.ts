// textDocument/inlayHint: cron expressions in words and branch labels, for the visible range.

import { MarkupKind, type InlayHint, type InlayHintParams } from 'vscode-languageserver';
import { inlayHints } from '../services/inlay-hints';
import { guard, type ServerContext } from './handler-context';

export function onInlayHint(ctx: ServerContext) {
  return guard(ctx, 'inlayHint', null, (params: InlayHintParams): InlayHint[] | null => {
    const snapshot = ctx.documents.get(params.textDocument.uri);
    if (snapshot === undefined) return null;
    const start = snapshot.lines.offset(params.range.start);
    const end = snapshot.lines.offset(params.range.end);
    return inlayHints(snapshot.analysis, start, end).map((h) => {
      const hint: InlayHint = { position: snapshot.lines.position(h.offset), label: h.label, paddingLeft: h.paddingLeft, paddingRight: h.paddingRight };
      if (h.tooltip !== undefined) hint.tooltip = { kind: MarkupKind.Markdown, value: h.tooltip };
      return hint;
    });
  });
}
