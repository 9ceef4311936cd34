// flowEdn/graph: the flow graph service's result with LSP ranges. Keeps each open document's
// last good graph, so that while the text does not read (a half-typed form) the view keeps
// drawing it, flagged stale with the reason.

import type { Range } from 'vscode-languageserver';
import { flowGraph, graphProblem, mapRanges, type FlowGraph } from '../../engine/language/graph/index';
import { toRange } from '../convert';
import type { FlowSnapshot } from '../documents';
import type { GraphParams, GraphResult } from '../lsp-ext';
import { guard, type ServerContext } from './handler-context';

interface GoodGraph {
  version: number;
  graph: FlowGraph<Range>;
}

export class GraphCache {
  private readonly good = new Map<string, GoodGraph>();
  private readonly answered = new Map<string, GraphResult>();

  /** The answer for a snapshot (computed once per version). */
  resultFor(snapshot: FlowSnapshot): GraphResult {
    const cached = this.answered.get(snapshot.uri);
    if (cached !== undefined && cached.version === snapshot.version) return cached;
    const problem = graphProblem(snapshot.analysis);
    const lines = snapshot.lines;
    let result: GraphResult;
    const last = this.good.get(snapshot.uri);
    if (problem === null || last === undefined) {
      const graph = mapRanges(flowGraph(snapshot.analysis), (r) => toRange(lines, r.start, r.end));
      if (problem === null) this.good.set(snapshot.uri, { version: snapshot.version, graph });
      // No good graph yet: the best the tolerant reader gives, still flagged.
      result = { uri: snapshot.uri, version: snapshot.version, graphVersion: snapshot.version, stale: problem !== null, problem, graph };
    } else {
      result = { uri: snapshot.uri, version: snapshot.version, graphVersion: last.version, stale: true, problem, graph: last.graph };
    }
    this.answered.set(snapshot.uri, result);
    return result;
  }

  forget(uri: string): void {
    this.good.delete(uri);
    this.answered.delete(uri);
  }
}

export function onGraph(ctx: ServerContext, cache: GraphCache) {
  return guard(ctx, 'graph', null, (params: GraphParams): GraphResult | null => {
    const snapshot = ctx.documents.get(params.textDocument.uri);
    return snapshot === undefined ? null : cache.resultFor(snapshot);
  });
}
