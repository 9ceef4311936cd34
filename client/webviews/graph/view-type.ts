// The graph panel's view type, in its own module so that the extension's entry can register
// the panel serializer (restore after a window reload) without loading the graph's host code.

export const GRAPH_VIEW_TYPE = 'flowEdn.graph';
