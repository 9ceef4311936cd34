// textDocument/completion: the completion service's entries as LSP items, each replacing the
// word at the caret (keywords with their colon and dashes) through a text edit; long lists of
// locals come cut and marked incomplete, and completionItem/resolve fills a local's documentation.

import { CompletionItemKind, CompletionItemTag, InsertTextFormat, MarkupKind, type CompletionItem, type CompletionList, type CompletionParams, type Range } from 'vscode-languageserver';
import { complete, resolveDocs, type CompletionEntry } from '../services/completion/index';
import type { EntryKind } from '../services/completion/items';
import { toRange } from '../convert';
import { guard, type ServerContext } from './handler-context';

const kinds: Record<EntryKind, CompletionItemKind> = {
  key: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  enum: CompletionItemKind.EnumMember,
  reference: CompletionItemKind.Reference,
  function: CompletionItemKind.Function,
  'special-form': CompletionItemKind.Keyword,
  local: CompletionItemKind.Variable,
  snippet: CompletionItemKind.Snippet,
  'step-type': CompletionItemKind.Class,
  variable: CompletionItemKind.Variable,
  section: CompletionItemKind.Module,
};

/** What `completionItem/resolve` needs to find an item's local again. */
interface ResolveData {
  uri: string;
  version: number;
  offset: number;
}

export function toCompletionItem(e: CompletionEntry, range: Range, data?: ResolveData): CompletionItem {
  const item: CompletionItem = {
    label: e.label,
    kind: kinds[e.kind],
    sortText: e.sortText,
    textEdit: { range, newText: e.insertText },
    insertTextFormat: e.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
  };
  if (e.detail !== undefined) item.detail = e.detail;
  if (e.docs !== undefined) item.documentation = { kind: MarkupKind.Markdown, value: e.docs };
  if (e.filterText !== undefined) item.filterText = e.filterText;
  if (e.deprecated) item.tags = [CompletionItemTag.Deprecated];
  if (e.resolvable && data !== undefined) item.data = data;
  return item;
}

export function onCompletion(ctx: ServerContext) {
  return guard(ctx, 'completion', null, (params: CompletionParams): CompletionList | null => {
    const snapshot = ctx.documents.get(params.textDocument.uri);
    if (snapshot === undefined) return null;
    const offset = snapshot.lines.offset(params.position);
    const result = complete(snapshot.analysis, offset);
    const range = toRange(snapshot.lines, result.start, result.end);
    const data: ResolveData = { uri: params.textDocument.uri, version: snapshot.version, offset };
    return { isIncomplete: result.incomplete, items: result.items.map((e) => toCompletionItem(e, range, data)) };
  });
}

export function onCompletionResolve(ctx: ServerContext) {
  return guard(ctx, 'completionItem/resolve', null, (item: CompletionItem): CompletionItem => {
    const data = item.data as Partial<ResolveData> | undefined;
    if (typeof data?.uri !== 'string' || typeof data.offset !== 'number') return item;
    const snapshot = ctx.documents.get(data.uri);
    // Another version: the offset may point elsewhere now; the item stays as it is.
    if (snapshot === undefined || snapshot.version !== data.version) return item;
    const docs = resolveDocs(snapshot.analysis, data.offset, item.label);
    if (docs !== undefined) item.documentation = { kind: MarkupKind.Markdown, value: docs };
    return item;
  });
}
