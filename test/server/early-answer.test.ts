// The early `initialize` answer over stdio reads the first message straight off fd 0 (no
// stream yet): a message arriving in pieces, with the next messages in the same write, is
// answered and handed over whole, also when the launcher made stdin non-blocking.

import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { frame, unframe, type WireMessage } from '../../server/start/early-answer';
import { initializeResult } from '../../server/capabilities';

const serverPath = join(__dirname, '..', '..', '..', 'out', 'server.js');
const initialize = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } };

/** Collects framed messages from the server's stdout until `count` arrived. */
function replies(child: ChildProcess, count: number): Promise<WireMessage[]> {
  return new Promise((resolve, reject) => {
    let buffer: Buffer = Buffer.alloc(0);
    const out: WireMessage[] = [];
    const timer = setTimeout(() => reject(new Error(`only ${out.length} of ${count} replies`)), 15_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (let m = unframe(buffer); m !== undefined; m = unframe(buffer)) {
        out.push(m.message);
        buffer = m.rest;
      }
      if (out.length >= count) {
        clearTimeout(timer);
        resolve(out);
      }
    });
  });
}

test('stdio: initialize in pieces, the next messages in the same write, all answered', async () => {
  const child = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  try {
    const got = replies(child, 2);
    const first = frame(initialize);
    const next = Buffer.concat([frame({ jsonrpc: '2.0', method: 'initialized', params: {} }), frame({ jsonrpc: '2.0', id: 2, method: 'flowEdn/ping', params: { token: 5 } })]);
    child.stdin!.write(first.subarray(0, 10));
    await new Promise((r) => setTimeout(r, 50));
    child.stdin!.write(first.subarray(10, 40));
    await new Promise((r) => setTimeout(r, 50));
    child.stdin!.write(Buffer.concat([first.subarray(40), next]));
    const [init, ping] = await got;
    assert.deepEqual(init!.result, initializeResult());
    assert.deepEqual(ping, { jsonrpc: '2.0', id: 2, result: { token: 5 } });
  } finally {
    child.kill();
  }
});

// An editor that is not built on libuv may hand over a stdin marked non-blocking: python3
// sets O_NONBLOCK on fd 0 and execs the server (Node starts with its stdio blocking again, so
// the direct read works; a read error would go to the stream).
const python = spawnSync('python3', ['--version']).status === 0;

test('stdio on a stdin the launcher made non-blocking: answered, the connection takes over', { skip: python ? false : 'python3 is not installed (it makes the non-blocking stdin)' }, async () => {
  const launcher = 'import os, fcntl, sys\nfcntl.fcntl(0, fcntl.F_SETFL, fcntl.fcntl(0, fcntl.F_GETFL) | os.O_NONBLOCK)\nos.execv(sys.argv[1], sys.argv[1:])';
  const child = spawn('python3', ['-c', launcher, process.execPath, serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  try {
    const got = replies(child, 2);
    await new Promise((r) => setTimeout(r, 300)); // the server is waiting on an empty stdin
    child.stdin!.write(Buffer.concat([frame(initialize), frame({ jsonrpc: '2.0', id: 2, method: 'flowEdn/ping', params: { token: 9 } })]));
    const [init, ping] = await got;
    assert.deepEqual(init!.result, initializeResult());
    assert.deepEqual(ping, { jsonrpc: '2.0', id: 2, result: { token: 9 } });
  } finally {
    child.kill();
  }
});
