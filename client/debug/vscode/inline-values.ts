// Inline values while a `flow-edn` session is stopped: the locals of the selected frame (the
// session's `Locals` scope) shown at the end of each line above the pause point where they
// appear, in the flow file or the `#flow/include`d file the session stopped in. Asks the session through DAP (`scopes`, `variables`), so it works inline or not.

import * as vscode from 'vscode';
import { DEBUG_TYPE } from './launch-config';
import { inlineText, localOccurrences } from './local-occurrences';

interface Scope {
  name: string;
  variablesReference: number;
  presentationHint?: string;
}
interface Variable {
  name: string;
  value: string;
}

/** Lines looked at above the pause point when the viewport starts higher. */
const MAX_LINES = 400;

export class FlowInlineValuesProvider implements vscode.InlineValuesProvider {
  async provideInlineValues(document: vscode.TextDocument, viewPort: vscode.Range, context: vscode.InlineValueContext, token: vscode.CancellationToken): Promise<vscode.InlineValue[]> {
    const session = vscode.debug.activeDebugSession;
    if (session === undefined || session.type !== DEBUG_TYPE) return [];
    const scopes = ((await session.customRequest('scopes', { frameId: context.frameId })) as { scopes?: Scope[] }).scopes ?? [];
    const locals = scopes.find((s) => s.name === 'Locals' || s.presentationHint === 'locals');
    if (locals === undefined || locals.variablesReference === 0 || token.isCancellationRequested) return [];
    const variables = ((await session.customRequest('variables', { variablesReference: locals.variablesReference })) as { variables?: Variable[] }).variables ?? [];
    const values = new Map(variables.map((v) => [v.name, v.value]));
    const toLine = Math.min(context.stoppedLocation.end.line, viewPort.end.line);
    const fromLine = Math.max(viewPort.start.line, toLine - MAX_LINES);
    return localOccurrences(document.getText(), new Set(values.keys()), fromLine, toLine).map(
      (o) => new vscode.InlineValueText(new vscode.Range(o.line, o.character, o.line, o.character + o.name.length), inlineText(o.name, values.get(o.name)!)),
    );
  }
}
