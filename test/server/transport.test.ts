// The server over its other transport: `--node-ipc`, as vscode-languageclient starts it with
// TransportKind.ipc. Initialize, open a document, get its diagnostics, shut down cleanly.

import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { test } from 'node:test';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter } from 'vscode-jsonrpc/node';
import type { InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { serverPath } from './support/client';

test('the server speaks LSP over --node-ipc', async () => {
  const proc = fork(serverPath, ['--node-ipc'], { stdio: ['pipe', 'pipe', 'pipe', 'ipc'] });
  const exited = new Promise<number | null>((resolve) => proc.on('exit', resolve));
  const connection = createMessageConnection(new IPCMessageReader(proc), new IPCMessageWriter(proc));
  const diagnostics = new Promise<PublishDiagnosticsParams>((resolve) => connection.onNotification('textDocument/publishDiagnostics', resolve));
  connection.listen();
  const init = await connection.sendRequest<InitializeResult>('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
  assert.equal(init.serverInfo?.name, 'flow-edn');
  await connection.sendNotification('initialized', {});
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: 'file:///ipc.flow.edn', languageId: 'flow-edn', version: 1, text: '{:slug :t}' } });
  const d = await diagnostics;
  assert.ok(d.diagnostics.some((x) => x.code === 'missing-required-key'));
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  assert.equal(await exited, 0);
  connection.dispose();
});
