// DebugClient against the inline adapter as VS Code runs it: the session in its worker thread
// (out/debugWorker.js) behind `WorkerDebugAdapter`, in this process. DebugClient talks over a
// socket, so a local server (127.0.0.1) frames DAP for the adapter's message interface.

import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { WorkerDebugAdapter } from '../../client/debug/worker-adapter';

export const debugWorkerScript = (root: string) => join(root, 'out', 'debugWorker.js');

/** Reads Content-Length framed DAP messages from a socket. */
function frames(socket: Socket, each: (m: DebugProtocol.ProtocolMessage) => void): void {
  let buffer = Buffer.alloc(0);
  socket.on('data', (data: Buffer) => {
    buffer = Buffer.concat([buffer, data]);
    for (;;) {
      const head = buffer.indexOf('\r\n\r\n');
      if (head < 0) return;
      const length = Number(/Content-Length: *(\d+)/i.exec(buffer.subarray(0, head).toString('ascii'))?.[1]);
      if (buffer.length < head + 4 + length) return;
      each(JSON.parse(buffer.subarray(head + 4, head + 4 + length).toString('utf8')) as DebugProtocol.ProtocolMessage);
      buffer = buffer.subarray(head + 4 + length);
    }
  });
}

export interface BridgedClient {
  dc: DebugClient;
  adapter: WorkerDebugAdapter;
  close(): Promise<void>;
}

/** A DebugClient on a socket whose other end is `adapter` (made before, so it may be warm already). */
export async function bridgedClient(adapter: WorkerDebugAdapter): Promise<BridgedClient> {
  let served: Socket | null = null;
  const server: Server = createServer((socket) => {
    served = socket;
    adapter.onDidSendMessage((m) => {
      const json = JSON.stringify(m);
      if (!socket.destroyed) socket.write(`Content-Length: ${Buffer.byteLength(json, 'utf8')}\r\n\r\n${json}`);
    });
    frames(socket, (m) => adapter.handleMessage(m));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const dc = new DebugClient('node', 'unused: the adapter is reached on a port', 'flow-edn');
  dc.defaultTimeout = 15_000;
  await dc.start(port);
  return {
    dc,
    adapter,
    close: async () => {
      await dc.stop().catch(() => undefined);
      adapter.dispose();
      (served as Socket | null)?.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
