// Where a `flow-edn` debug session runs (`flowEdn.debug.adapter`): `executable` (default)
// starts out/debugAdapter.js over stdio in a Node process of its own; `inline` runs the session
// in the extension host on the workspace's run service, loaded on first use from out/runs.js.
// Why the default: a stop is rebuilt by replaying the flow body (and, stepping into function
// code, that code) on the session's thread, and the engine bundle takes 250-600 ms to load on
// this machine; in the adapter's process none of it can hold up the extension host.

import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import type { Ctx } from '../../context';

export type AdapterPlace = 'executable' | 'inline';

export function adapterPlace(): AdapterPlace {
  return vscode.workspace.getConfiguration('flowEdn').get<string>('debug.adapter') === 'inline' ? 'inline' : 'executable';
}

export class FlowDebugAdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  constructor(private readonly ctx: Ctx) {}

  createDebugAdapterDescriptor(session: vscode.DebugSession): vscode.DebugAdapterDescriptor {
    const place = adapterPlace();
    this.ctx.output.info(`debug: session "${session.name}" (${session.configuration.request}) runs ${place === 'inline' ? 'in the extension host' : 'in out/debugAdapter.js'}`);
    return place === 'inline' ? this.inline() : this.executable();
  }

  private executable(): vscode.DebugAdapterExecutable {
    const adapter = this.ctx.extension.asAbsolutePath('out/debugAdapter.js');
    if (!existsSync(adapter)) throw new Error(`Flow EDN: ${adapter} is missing; run \`npm run build\` in the extension's folder.`);
    // The host's own runtime: Node in a remote/web host; VS Code's Electron, run as Node, on the desktop.
    return new vscode.DebugAdapterExecutable(process.execPath, [adapter], { env: { ELECTRON_RUN_AS_NODE: '1' } });
  }

  private inline(): vscode.DebugAdapterDescriptor {
    return this.ctx.runsModule().inlineDebugAdapter(this.ctx.runs());
  }
}
