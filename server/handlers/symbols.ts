// textDocument/documentSymbol: the outline service's tree as DocumentSymbols.

import { SymbolKind, type DocumentSymbol, type DocumentSymbolParams } from 'vscode-languageserver';
import type { LineIndex } from '../../engine/edn/positions';
import { documentSymbols, type OutlineKind, type OutlineSymbol } from '../services/symbols';
import { toRange } from '../convert';
import { guard, type ServerContext } from './handler-context';

const kinds: Record<OutlineKind, SymbolKind> = {
  namespace: SymbolKind.Namespace,
  variable: SymbolKind.Variable,
  struct: SymbolKind.Struct,
  function: SymbolKind.Function,
  event: SymbolKind.Event,
  interface: SymbolKind.Interface,
  module: SymbolKind.Module,
  method: SymbolKind.Method,
  boolean: SymbolKind.Boolean,
  'enum-member': SymbolKind.EnumMember,
  key: SymbolKind.Key,
};

function toSymbol(lines: LineIndex, s: OutlineSymbol): DocumentSymbol {
  const range = toRange(lines, s.start, s.end);
  // The selection must lie inside the range.
  const selStart = Math.max(s.start, Math.min(s.selectionStart, s.end));
  const selEnd = Math.max(selStart, Math.min(s.selectionEnd, s.end));
  const symbol: DocumentSymbol = { name: s.name || '?', kind: kinds[s.kind], range, selectionRange: toRange(lines, selStart, selEnd), children: s.children.map((c) => toSymbol(lines, c)) };
  if (s.detail !== undefined) symbol.detail = s.detail;
  return symbol;
}

export function onDocumentSymbol(ctx: ServerContext) {
  return guard(ctx, 'documentSymbol', null, (params: DocumentSymbolParams): DocumentSymbol[] | null => {
    const snapshot = ctx.documents.get(params.textDocument.uri);
    if (snapshot === undefined) return null;
    return documentSymbols(snapshot.analysis).map((s) => toSymbol(snapshot.lines, s));
  });
}
