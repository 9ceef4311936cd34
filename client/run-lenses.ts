// The run-side code lens provider registered at activation: a few lines that load the run
// bundle (client/runs) only when VS Code first asks for a flow file's lenses, after activation,
// so activating stays within its budget. The lenses themselves are client/runs/lenses.ts.

import * as vscode from 'vscode';
import type { Ctx } from './context';

export function registerRunLenses(ctx: Ctx): vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  let forwarding: vscode.Disposable | undefined;
  const provider: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: changed.event,
    async provideCodeLenses(document, token) {
      // Never inside activation's turn: the bundle loads on a later one.
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (token.isCancellationRequested) return [];
      try {
        const actions = ctx.editorActions();
        forwarding ??= actions.onDidChangeLenses(() => changed.fire());
        return actions.lenses(document);
      } catch (error) {
        ctx.output.error(`run lenses: ${error instanceof Error ? error.message : String(error)}`);
        return [];
      }
    },
  };
  const registration = vscode.languages.registerCodeLensProvider({ language: 'flow-edn', scheme: 'file' }, provider);
  return new vscode.Disposable(() => {
    registration.dispose();
    forwarding?.dispose();
    changed.dispose();
  });
}
