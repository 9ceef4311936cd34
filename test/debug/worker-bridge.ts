// DebugClient against the inline adapter as VS Code runs it: the session in its worker thread
// (out/debugWorker.js) behind `WorkerDebugAdapter`, in this process. DebugClient reads and
// writes Content-Length framed DAP on streams; in-memory streams frame it for the adapter's
// message interface (no socket: VS Code calls the adapter directly, so must the measure).

import { PassThrough, Readable, Writable } from 'node:stream';
import { join } from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { WorkerDebugAdapter } from '../../client/debug/worker-adapter';

export const debugWorkerScript = (root: string) => join(root, 'out', 'debugWorker.js');

/** A writable stream that reads Content-Length framed DAP messages. */
function frames(each: (m: DebugProtocol.ProtocolMessage) => void): Writable {
  let buffer = Buffer.alloc(0);
  return new Writable({
    write(data: Buffer, _encoding, done) {
      buffer = Buffer.concat([buffer, data]);
      for (;;) {
        const head = buffer.indexOf('\r\n\r\n');
        if (head < 0) break;
        const length = Number(/Content-Length: *(\d+)/i.exec(buffer.subarray(0, head).toString('ascii'))?.[1]);
        if (buffer.length < head + 4 + length) break;
        each(JSON.parse(buffer.subarray(head + 4, head + 4 + length).toString('utf8')) as DebugProtocol.ProtocolMessage);
        buffer = buffer.subarray(head + 4 + length);
      }
      done();
    },
  });
}

/** DebugClient on streams of this process (its `connect` is protected). */
class StreamClient extends DebugClient {
  connectStreams(readable: Readable, writable: Writable): void {
    this.connect(readable, writable);
  }
}

export interface BridgedClient {
  dc: DebugClient;
  adapter: WorkerDebugAdapter;
  close(): Promise<void>;
}

/** A DebugClient whose other end is `adapter` (made before, so it may be warm already). */
export async function bridgedClient(adapter: WorkerDebugAdapter): Promise<BridgedClient> {
  const fromAdapter = new PassThrough();
  adapter.onDidSendMessage((m) => {
    const json = JSON.stringify(m);
    fromAdapter.write(`Content-Length: ${Buffer.byteLength(json, 'utf8')}\r\n\r\n${json}`);
  });
  const dc = new StreamClient('node', 'unused: the adapter is in this process', 'flow-edn');
  dc.defaultTimeout = 15_000;
  dc.connectStreams(fromAdapter, frames((m) => adapter.handleMessage(m)));
  return {
    dc,
    adapter,
    close: async () => {
      await dc.stop().catch(() => undefined);
      adapter.dispose();
      fromAdapter.end();
    },
  };
}
