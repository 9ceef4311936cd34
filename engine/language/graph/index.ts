// The flow graph: entry points, steps, labelled branches, loops and error paths of a flow
// file with their source ranges (build.ts), for the graph view and anything else that draws.
export * from './types';
export { flowGraph, graphProblem } from './build';
export { stepFacts } from './facts';
