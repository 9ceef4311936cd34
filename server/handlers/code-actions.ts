// textDocument/codeAction: quick fixes for the current version's findings in the range,
// each tied to the diagnostic it fixes and applied as a workspace edit.

import { CodeActionKind, type CodeAction, type CodeActionParams } from 'vscode-languageserver';
import { codeActions } from '../services/code-actions/index';
import { toDiagnostic, toRange } from '../convert';
import { guard, type ServerContext } from './handler-context';

export function onCodeAction(ctx: ServerContext) {
  return guard(ctx, 'codeAction', null, (params: CodeActionParams): CodeAction[] | null => {
    const snapshot = ctx.documents.get(params.textDocument.uri);
    if (snapshot === undefined) return null;
    const only = params.context.only;
    if (only && !only.some((k) => CodeActionKind.QuickFix.startsWith(k) || k.startsWith(CodeActionKind.QuickFix))) return [];
    const start = snapshot.lines.offset(params.range.start);
    const end = snapshot.lines.offset(params.range.end);
    // The same fix offered for several findings (e.g. one `:input` fix for each bad read) is one action.
    const byEdit = new Map<string, CodeAction>();
    for (const a of codeActions(snapshot.analysis, snapshot.check.findings, start, end)) {
      const key = a.title + JSON.stringify(a.edits);
      const same = byEdit.get(key);
      if (same !== undefined) {
        same.diagnostics!.push(toDiagnostic(snapshot.lines, a.finding));
        continue;
      }
      const action: CodeAction = {
        title: a.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [toDiagnostic(snapshot.lines, a.finding)],
        edit: { changes: { [snapshot.uri]: a.edits.map((e) => ({ range: toRange(snapshot.lines, e.start, e.end), newText: e.newText })) } },
      };
      if (a.preferred) action.isPreferred = true;
      byEdit.set(key, action);
    }
    return [...byEdit.values()];
  });
}
