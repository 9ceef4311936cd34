// What every handler gets: the connection, the open documents and the settings; and the
// guard that makes a handler cancellation-aware and keeps its failures from the client
// (caught, logged, answered with an empty result).

import { LSPErrorCodes, ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver';
import type { FlowDocuments } from '../documents';
import type { Settings } from '../settings';

export interface ServerContext {
  connection: Connection;
  documents: FlowDocuments;
  settings: Settings;
  log(message: string): void;
}

/**
 * Wraps a request handler: a request cancelled before it runs is answered as cancelled; an
 * exception is logged and answered with `fallback`. A handler may return a ResponseError
 * itself to refuse with a message (e.g. a rename that would clash).
 */
export function guard<P, R>(ctx: ServerContext, name: string, fallback: R, handler: (params: P, token: CancellationToken) => R | ResponseError<void>): (params: P, token: CancellationToken) => R | ResponseError<void> {
  return (params, token) => {
    if (token.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, `${name} cancelled`);
    try {
      return handler(params, token);
    } catch (e) {
      ctx.log(`${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return fallback;
    }
  };
}
