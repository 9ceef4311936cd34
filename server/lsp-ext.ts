// Every custom request of the Flow EDN language server, declared once with its method name
// and types (as rust-analyzer's `lsp_ext.ts`, vscode-eslint's `customMessages.ts`). The
// server registers handlers with these objects and the client sends them, so neither casts.
// A bundle must send the objects of the JSON-RPC library it talks through (the library
// compares parameter-structure markers by identity), so the client sends from the bundle
// that holds the language client (client/language-client.ts).

import { RequestType } from 'vscode-jsonrpc';
import type { Range } from 'vscode-languageserver-types';
import type { FlowGraph } from '../engine/language/graph/types';

/**
 * `flowEdn/ping`: an empty round trip. Benchmarks use it as the baseline that other requests
 * are compared with (same process, same transport, no work).
 */
export interface PingParams {
  /** Echoed back. */
  token?: number;
}
export interface PingResult {
  token: number | null;
}
export const ping = new RequestType<PingParams | null, PingResult, void>('flowEdn/ping');

/**
 * `flowEdn/documentStats`: what the server holds for a document (for tests, benchmarks and a
 * status item): its version, when it was last checked and how long the check took.
 */
export interface DocumentStatsParams {
  uri: string;
}
export interface DocumentStatsResult {
  version: number;
  /** Milliseconds the last read + check took. */
  checkMs: number;
  /** Findings of the last check by severity. */
  errors: number;
  warnings: number;
}
export const documentStats = new RequestType<DocumentStatsParams, DocumentStatsResult | null, void>('flowEdn/documentStats');

/**
 * `flowEdn/graph`: the flow as a graph (entry points, steps, branches, loops, error paths)
 * with LSP ranges, for the graph view. While the file does not read (a syntax error) the
 * last good graph of the document is answered, flagged `stale` with the problem.
 */
export interface GraphParams {
  textDocument: { uri: string };
}
export interface GraphProblem {
  message: string;
  /** 1-based line of the problem. */
  line: number;
}
export interface GraphResult {
  uri: string;
  /** The document version asked about. */
  version: number;
  /** The version the graph was built from (older than `version` when stale). */
  graphVersion: number;
  /** True when the graph is the last good one, not the current text's. */
  stale: boolean;
  /** Why the current text has no graph of its own. */
  problem: GraphProblem | null;
  graph: FlowGraph<Range>;
}
export const graph = new RequestType<GraphParams, GraphResult | null, void>('flowEdn/graph');
