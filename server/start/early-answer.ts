// Answers `initialize` before the protocol library is loaded: reads the client's first
// message from stdio (Content-Length framing, straight off the descriptors) or Node IPC,
// answers it from capabilities.ts, and hands over what it read so the full connection
// (handover.ts) replays it. Node built-ins only.

import { read, writeSync } from 'node:fs';
import { initializeResult } from '../capabilities';

export type Transport = 'stdio' | 'ipc';

/** A JSON-RPC message as read off the wire. */
export interface WireMessage {
  jsonrpc: string;
  id?: number | string | null;
  method?: string;
  params?: unknown;
  result?: unknown;
}

/** What the early reader read and answered, for the connection that takes over. */
export interface Handover {
  transport: Transport;
  /** The `initialize` request answered early, and the answer sent. */
  answered?: { request: WireMessage; answer: unknown };
  /** stdio: the bytes read after the answered request (or all of them when none was answered). */
  rest: Buffer;
  /** ipc: the messages received after the answered request (or all of them). */
  queued: WireMessage[];
}

/** The transport named on the command line, when the early answer can serve it. */
export function earlyTransport(argv: readonly string[]): Transport | undefined {
  if (argv.includes('--node-ipc') && typeof process.send === 'function') return 'ipc';
  if (argv.includes('--stdio')) return 'stdio';
  return undefined;
}

/** Content-Length framing, as the LSP base protocol writes it. */
export function frame(message: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
}

/** The first whole message in `buffer` and the bytes after it, or undefined when incomplete. */
export function unframe(buffer: Buffer): { message: WireMessage; rest: Buffer } | undefined {
  const headerEnd = buffer.indexOf('\r\n\r\n');
  if (headerEnd < 0) return undefined;
  const length = /content-length:\s*(\d+)/i.exec(buffer.subarray(0, headerEnd).toString('ascii'));
  if (length === null) throw new Error('the first message has no Content-Length header');
  const start = headerEnd + 4;
  const end = start + Number(length[1]);
  if (buffer.length < end) return undefined;
  return { message: JSON.parse(buffer.subarray(start, end).toString('utf8')) as WireMessage, rest: buffer.subarray(end) };
}

function answer(request: WireMessage, send: (m: unknown) => void): Handover['answered'] {
  if (request.method !== 'initialize' || request.id === undefined || request.id === null) return undefined;
  const result = initializeResult();
  send({ jsonrpc: '2.0', id: request.id, result });
  return { request, answer: result };
}

/**
 * Reads until the first message has arrived, answers it when it is `initialize`, and calls
 * `ready` once with the handover; messages that arrive later are collected until
 * `ready`'s handover is taken (synchronously, in `take`).
 */
export function answerEarly(transport: Transport, ready: (take: () => Handover) => void): void {
  if (transport === 'ipc') {
    const queued: WireMessage[] = [];
    let answered: Handover['answered'];
    let first = true;
    const onMessage = (m: WireMessage) => {
      if (!first) return void queued.push(m);
      first = false;
      answered = answer(m, (reply) => process.send!(reply));
      if (answered === undefined) queued.push(m);
      ready(() => {
        process.off('message', onMessage);
        return { transport, answered, rest: Buffer.alloc(0), queued };
      });
    };
    process.on('message', onMessage);
    return;
  }
  let buffer: Buffer = Buffer.alloc(0);
  let handed = false;
  let answered: Handover['answered'];
  const handOver = () => {
    handed = true;
    ready(() => {
      process.stdin.off('data', onData);
      process.stdin.off('end', onEnd);
      process.stdin.pause();
      return { transport, answered, rest: buffer, queued: [] };
    });
  };
  const onData = (chunk: Buffer) => {
    buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
    if (handed) return;
    let first: ReturnType<typeof unframe>;
    try {
      first = unframe(buffer);
    } catch {
      return handOver(); // not ours to judge: the library reports it
    }
    if (first === undefined) return;
    answered = answer(first.message, writeStdout);
    if (answered !== undefined) buffer = first.rest;
    handOver();
  };
  const onEnd = () => {
    if (!handed) handOver();
  };
  const viaStream = () => {
    process.stdin.on('data', onData);
    process.stdin.on('end', onEnd);
  };
  // The first message is read straight off fd 0: creating `process.stdin` (a stream) costs
  // several milliseconds of a start; the connection creates it after the answer. A descriptor
  // that refuses such a read is read through the stream, and so is stdin on Windows (pipes
  // there may be opened for overlapped reads only).
  const chunk = Buffer.allocUnsafe(64 * 1024);
  const readDirect = () =>
    read(0, chunk, 0, chunk.length, null, (error, n) => {
      if (error !== null) return viaStream();
      if (n === 0) return onEnd();
      onData(Buffer.from(chunk.subarray(0, n)));
      if (!handed) readDirect();
    });
  if (process.platform === 'win32') viaStream();
  else readDirect();
}

/** Writes the answer straight to fd 1 (no `process.stdout` stream yet), or through the
 *  stream when the descriptor refuses a synchronous write. */
function writeStdout(message: unknown): void {
  const bytes = frame(message);
  let at = 0;
  try {
    while (at < bytes.length) at += writeSync(1, bytes, at);
  } catch {
    process.stdout.write(bytes.subarray(at));
  }
}
