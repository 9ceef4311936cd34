// The flow graph's shape: nodes (entry points, steps, labelled branches, start and end),
// loop groups and labelled edges, each with its source range. Plain data shared by the
// engine (offsets), the language server (LSP ranges) and the graph webview.

/** An offset span in the source, end exclusive. */
export interface SourceSpan {
  start: number;
  end: number;
}

/**
 * `entry`: a trigger, interface or schedule; `start`: the flow's input when nothing else
 * starts it; `step`: one `flow/step` call; `branch`: an `if` (labelled, or holding steps);
 * `end`: the flow's result; `fail`: the run failing (an explicit `:on-error :fail` or a
 * wait's `:on-timeout :fail`).
 */
export type GraphNodeKind = 'entry' | 'start' | 'step' | 'branch' | 'end' | 'fail';

/** One key fact shown on a node, e.g. `{name: 'connection', value: ':orders-api'}`. */
export interface GraphFact {
  name: string;
  value: string;
}

export interface GraphNode<R = SourceSpan> {
  /** Unique in the graph (`n0`, `n1`, ...); a step's own id is `stepId`. */
  id: string;
  kind: GraphNodeKind;
  /** A step's id as written (without the colon); null when the call has none. */
  stepId?: string | null;
  /** A step's type (`http`, `wait`, ...) or an entry's (`manual`, `schedule`, `webhook`, ...). */
  type?: string;
  /** The name shown: a step's `:title` or id, a branch's label, an entry's label. */
  title: string;
  facts: GraphFact[];
  /** A branch's `:label` (null for an unlabelled `if` that holds steps). */
  label?: string | null;
  /** The loop group holding the node. */
  group?: string;
  /** The whole form, and the part to select when revealed (a step's id, a branch's label). */
  range: R;
  selection: R;
}

/**
 * A `for` / `doseq` / `loop` / `dotimes` whose body holds steps, or a `map`/`mapv`/`run!`/`reduce`...
 * whose function holds steps: drawn as a box around them.
 */
export interface GraphGroup<R = SourceSpan> {
  id: string;
  kind: 'loop';
  /** e.g. `for [item (:items input)]`, `mapv over (:items input)`. */
  title: string;
  /** The enclosing group, for nested loops. */
  group?: string;
  range: R;
}

/**
 * `next`: plain sequence; `yes`/`no`: a branch's two arms (labelled with its `:yes`/`:no`);
 * `case`: one constant of a `case` (labelled with it, or `default`);
 * `error`: an `:on-error` path or a `catch`; `timeout`: a wait's `:on-timeout` path;
 * `entry`: from an entry point to the first node.
 */
export type GraphEdgeKind = 'next' | 'yes' | 'no' | 'case' | 'error' | 'timeout' | 'entry';

export interface GraphEdge {
  id: string;
  /** Node or group ids. */
  from: string;
  to: string;
  kind: GraphEdgeKind;
  label?: string;
}

export interface FlowGraph<R = SourceSpan> {
  nodes: GraphNode<R>[];
  groups: GraphGroup<R>[];
  edges: GraphEdge[];
}

/** Maps every range of a graph (offsets -> LSP ranges at the server's edge). */
export function mapRanges<A, B>(graph: FlowGraph<A>, f: (r: A) => B): FlowGraph<B> {
  return {
    nodes: graph.nodes.map((n) => ({ ...n, range: f(n.range), selection: f(n.selection) })),
    groups: graph.groups.map((g) => ({ ...g, range: f(g.range) })),
    edges: graph.edges,
  };
}
