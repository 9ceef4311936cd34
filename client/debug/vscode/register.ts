// Registers the debugger's VS Code side at activation: the configuration provider (initial and
// dynamic), the adapter factory and the inline values provider. Each is a small object; the
// session itself is loaded only when a session starts (adapter-factory.ts).

import * as vscode from 'vscode';
import type { Ctx } from '../../context';
import { FlowDebugAdapterFactory } from './adapter-factory';
import { FlowInlineValuesProvider } from './inline-values';
import { DEBUG_TYPE } from './launch-config';
import { FlowDebugConfigurationProvider, LANGUAGE_ID } from './provider';

export function registerDebugging(ctx: Ctx): void {
  const provider = new FlowDebugConfigurationProvider();
  ctx.extension.subscriptions.push(
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, provider, vscode.DebugConfigurationProviderTriggerKind.Initial),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, { provideDebugConfigurations: (folder) => provider.provideDebugConfigurations(folder) }, vscode.DebugConfigurationProviderTriggerKind.Dynamic),
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, new FlowDebugAdapterFactory(ctx)),
    vscode.languages.registerInlineValuesProvider({ language: LANGUAGE_ID }, new FlowInlineValuesProvider()),
  );
}
