// The full connection taking over from the early answer (early-answer.ts): the library reads
// the `initialize` request again first (so its own state and our handler see it), then what
// arrived since; its reply to that request is not sent twice (the early one went out).

import { PassThrough } from 'node:stream';
import { format } from 'node:util';
import { AbstractMessageReader, createConnection, IPCMessageReader, IPCMessageWriter, ProposedFeatures, StreamMessageWriter, type Connection, type DataCallback, type Disposable, type Message, type MessageReader, type MessageWriter } from 'vscode-languageserver/node';
import type { Handover } from './early-answer';
import { frame } from './early-answer';

/** The connection for `handover`'s transport, with the answered request replayed. */
export function connectionAfter(handover: Handover): Connection {
  const answered = handover.answered;
  if (handover.transport === 'stdio') {
    const input = new PassThrough();
    if (answered !== undefined) input.write(frame(answered.request));
    if (handover.rest.length > 0) input.write(handover.rest);
    if (process.stdin.readableEnded) input.end();
    else process.stdin.pipe(input);
    // The library takes a stream or a reader/writer on either side (its node main checks each);
    // its overloads do not name the mix. Given a stream, it exits when the stream ends, as on stdio.
    const connection = createConnection(ProposedFeatures.all, input as unknown as MessageReader, withoutAnswered(new StreamMessageWriter(process.stdout), answered));
    routeConsole(connection);
    return connection;
  }
  const replayed = [...(answered !== undefined ? [answered.request] : []), ...handover.queued] as Message[];
  return createConnection(ProposedFeatures.all, new ReplayReader(replayed, new IPCMessageReader(process)), withoutAnswered(new IPCMessageWriter(process), answered));
}

/** Delivers `first` and then whatever `next` reads. */
class ReplayReader extends AbstractMessageReader {
  constructor(
    private readonly first: Message[],
    private readonly next: AbstractMessageReader,
  ) {
    super();
    next.onError((e) => this.fireError(e));
    next.onClose(() => this.fireClose());
  }
  listen(callback: DataCallback): Disposable {
    for (const m of this.first) callback(m);
    return this.next.listen(callback);
  }
}

/**
 * `writer`, except for the library's reply to the request answered early: dropped, and
 * reported on stderr if it differs from the early answer (capabilities.ts is their one source).
 */
function withoutAnswered(writer: MessageWriter, answered: Handover['answered']): MessageWriter {
  if (answered === undefined) return writer;
  let pending = true;
  return {
    onError: writer.onError,
    onClose: writer.onClose,
    end: () => writer.end(),
    dispose: () => writer.dispose(),
    write(message: Message): Promise<void> {
      const reply = message as Message & { id?: unknown; result?: unknown; error?: unknown };
      if (pending && reply.id === answered.request.id && (reply.result !== undefined || reply.error !== undefined) && !('method' in reply)) {
        pending = false;
        const late = JSON.stringify(reply.result ?? reply.error);
        if (late !== JSON.stringify(answered.answer)) process.stderr.write(`flow-edn server: the initialize answer sent early differs from the connection's: ${late}\n`);
        return Promise.resolve();
      }
      return writer.write(message);
    },
  };
}

/** On stdio, stdout carries the protocol: console output goes to the client's log instead. */
function routeConsole(connection: Connection): void {
  const log = (...args: unknown[]) => connection.console.log(format(...args));
  console.log = log;
  console.info = log;
  console.debug = log;
  console.warn = (...args: unknown[]) => connection.console.warn(format(...args));
  console.error = (...args: unknown[]) => connection.console.error(format(...args));
}
