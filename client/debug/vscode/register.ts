// Registers the debugger's VS Code side at activation: the configuration provider (initial and
// dynamic), the adapter factory and the inline values provider. Each is a small object; the
// session itself is loaded only in its worker (adapter-factory.ts), one worker loaded ahead
// once a flow file is in an editor (and again after a session ends).

import * as vscode from 'vscode';
import type { Ctx } from '../../context';
import { FlowDebugAdapterFactory } from './adapter-factory';
import { FlowInlineValuesProvider } from './inline-values';
import { DEBUG_TYPE } from './launch-config';
import { FlowDebugConfigurationProvider, LANGUAGE_ID } from './provider';

/** After this long with a flow in the editor, the next session's worker starts loading (off the host's thread). */
const WARM_AFTER_MS = 1500;

export function registerDebugging(ctx: Ctx): void {
  const provider = new FlowDebugConfigurationProvider();
  const factory = new FlowDebugAdapterFactory(ctx);
  let timer: NodeJS.Timeout | undefined;
  const warmSoon = () => {
    if (timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      try {
        factory.warm();
      } catch (e) {
        ctx.output.warn(`debug: ${(e as Error).message}`);
      }
    }, WARM_AFTER_MS);
  };
  const flowShown = (editor: vscode.TextEditor | undefined) => {
    if (editor?.document.languageId === LANGUAGE_ID) warmSoon();
  };
  flowShown(vscode.window.activeTextEditor);
  ctx.extension.subscriptions.push(
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, provider, vscode.DebugConfigurationProviderTriggerKind.Initial),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, { provideDebugConfigurations: (folder) => provider.provideDebugConfigurations(folder) }, vscode.DebugConfigurationProviderTriggerKind.Dynamic),
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, factory),
    // Flow files, and the `#flow/include`d files a session stops in (VS Code's `clojure`, as in contributes.breakpoints).
    vscode.languages.registerInlineValuesProvider([{ language: LANGUAGE_ID }, { language: 'clojure' }], new FlowInlineValuesProvider()),
    vscode.window.onDidChangeActiveTextEditor(flowShown),
    vscode.debug.onDidTerminateDebugSession((session) => {
      if (session.type === DEBUG_TYPE) flowShown(vscode.window.activeTextEditor);
    }),
    { dispose: () => clearTimeout(timer) },
    factory,
  );
}
