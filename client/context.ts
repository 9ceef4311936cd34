// The one object the extension's parts share (rust-analyzer's `Ctx`): the extension context,
// the output channel, and the language client's life cycle (start, restart, stop).

import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import type { LanguageClient } from './language-client';

export class Ctx {
  readonly output: vscode.LogOutputChannel;
  private client: LanguageClient | undefined;
  private ready: Promise<void> = Promise.reject(new Error('the Flow EDN language server was not started'));

  constructor(readonly extension: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel('Flow EDN', { log: true });
    extension.subscriptions.push(this.output);
    this.ready.catch(() => undefined);
  }

  /** Resolves when the current server is running. */
  serverReady(): Promise<void> {
    return this.ready;
  }

  /** Starts the server in the background; the returned promise is also `serverReady()`. */
  startServer(): Promise<void> {
    this.ready = this.launch();
    this.ready.catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      this.output.error(`language server did not start: ${message}`);
      void vscode.window.showErrorMessage(`Flow EDN: the language server did not start: ${message}`);
    });
    return this.ready;
  }

  async restartServer(): Promise<void> {
    await this.stopServer();
    await this.startServer();
  }

  async stopServer(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await client.dispose();
  }

  private async launch(): Promise<void> {
    // Yield first: loading the client bundle happens after activate() has returned.
    await new Promise((resolve) => setImmediate(resolve));
    const serverModule = this.extension.asAbsolutePath('out/server.js');
    if (!existsSync(serverModule)) throw new Error(`${serverModule} is missing; run \`npm run build\``);
    // The language client library is most of the extension's code: it lives in its own
    // bundle (out/languageClient.js), loaded here, after activation, so activating stays cheap.
    const bundle = this.extension.asAbsolutePath('out/languageClient.js');
    const { createLanguageClient } = require(bundle) as typeof import('./language-client');
    const client = createLanguageClient(serverModule, this.output);
    this.client = client;
    await client.start();
  }
}
