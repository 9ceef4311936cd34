// Where a `flow-edn` debug session runs (`flowEdn.debug.adapter`): `inline` (the default) runs
// the session of client/debug/session.ts in a worker thread of the extension host (the host
// only passes DAP messages: client/debug/worker-adapter.ts), one worker kept loaded ahead;
// `executable` starts out/debugAdapter.js over stdio in a Node process of its own.

import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Ctx } from '../../context';
import { DebugWorkers } from '../worker-adapter';

export type AdapterPlace = 'executable' | 'inline';

export function adapterPlace(): AdapterPlace {
  return vscode.workspace.getConfiguration('flowEdn').get<string>('debug.adapter') === 'executable' ? 'executable' : 'inline';
}

export class FlowDebugAdapterFactory implements vscode.DebugAdapterDescriptorFactory, vscode.Disposable {
  private workers: DebugWorkers | null = null;

  constructor(private readonly ctx: Ctx) {}

  createDebugAdapterDescriptor(session: vscode.DebugSession): vscode.DebugAdapterDescriptor {
    const place = adapterPlace();
    const where = `debug: session "${session.name}" (${session.configuration.request}) runs`;
    if (place === 'executable') {
      this.ctx.output.info(`${where} in out/debugAdapter.js`);
      return this.executable();
    }
    const adapter = this.pool().take();
    this.ctx.output.info(`${where} in a worker thread of the extension host (${adapter.loaded ? 'loaded ahead' : 'loading now'})`);
    return new vscode.DebugAdapterInlineImplementation(adapter);
  }

  /** Loads a worker for the next inline session ahead of time (a flow is open; a session ended). */
  warm(): void {
    if (adapterPlace() === 'inline') this.pool().warm();
  }

  dispose(): void {
    this.workers?.dispose();
  }

  private pool(): DebugWorkers {
    if (this.workers !== null) return this.workers;
    const script = this.bundle('out/debugWorker.js');
    return (this.workers = new DebugWorkers({ script, releaseLeases: (dbPath, owner) => this.releaseLeases(dbPath, owner) }));
  }

  /** A dead worker's leases, in a workspace folder's store (through the folder's run service). */
  private releaseLeases(dbPath: string, owner: string): void {
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(dirname(dirname(dbPath))));
    if (folder === undefined || resolve(folder.uri.fsPath, '.flow-edn', 'runs.db') !== resolve(dbPath)) return;
    const freed = this.ctx.runs().service(folder.uri).store.releaseLeasesOf(owner);
    if (freed > 0) this.ctx.output.info(`debug: the session's worker is gone; ${freed} run lease(s) it held freed`);
  }

  private bundle(path: string): string {
    const file = this.ctx.extension.asAbsolutePath(path);
    if (!existsSync(file)) throw new Error(`Flow EDN: ${file} is missing; run \`npm run build\` in the extension's folder.`);
    return file;
  }

  private executable(): vscode.DebugAdapterExecutable {
    const adapter = this.bundle('out/debugAdapter.js');
    // The host's own runtime: Node in a remote/web host; VS Code's Electron, run as Node, on the desktop.
    return new vscode.DebugAdapterExecutable(process.execPath, [adapter], { env: { ELECTRON_RUN_AS_NODE: '1' } });
  }
}
