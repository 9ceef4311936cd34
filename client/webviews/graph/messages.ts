// The messages between the graph view's host (extension side) and its page (webview side),
// declared once as discriminated unions and checked on arrival by both sides: a webview is a
// browser page, so what arrives is data to validate, never trusted shapes.

import type { FlowGraph } from '../../../engine/language/graph/types';
import type { GraphProblem } from '../../../server/lsp-ext';
import { stepStates, type StepState } from '../../../engine/run/run-state';
import { has, isBoolean, isMessage, isNumber, isObject, isString, type Shape } from '../shapes';

export { stepStates, type StepState };

/** A range as the language server sends it (0-based lines and UTF-16 characters). */
export interface WireRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export type GraphDirection = 'right' | 'down';


/** Host -> page. */
export type ToPage =
  /** The graph to draw (a new one after each edit); `stale` greys it under a banner. */
  | { type: 'graph'; fileName: string; version: number; stale: boolean; problem: GraphProblem | null; graph: FlowGraph<WireRange>; direction: GraphDirection; uri?: string }
  /** The `flowEdn.graph.direction` setting changed. */
  | { type: 'direction'; direction: GraphDirection }
  /** Nodes whose source the editor's selection touches. */
  | { type: 'highlight'; nodeIds: string[] }
  /**
   * A run's (or a debug session's) state: each step by id, the arm each labelled branch took,
   * the paused step. `runId: null` clears it. Sent from the run service's feed and events
   * (client/runs/graph-live.ts) and by a debug session (with `paused`). `status` is the run's,
   * `stale` says the file's text is no longer the run's source, `pinned` that the run was
   * picked (the Runs view) rather than followed as the flow's newest.
   */
  | { type: 'runState'; runId: string | null; steps: Record<string, StepState>; branches: { label: string; taken: 'yes' | 'no' }[]; paused: string | null; status?: string; stale?: boolean; pinned?: boolean }
  /** Asks for the drawn graph as a standalone SVG document. */
  | { type: 'exportSvg'; requestId: number };

export type RunStateMessage = Extract<ToPage, { type: 'runState' }>;

/** Page -> host. */
export type FromPage =
  | { type: 'ready' }
  /** Reveal a node's source (a click, Enter or Space on it). */
  | { type: 'reveal'; nodeId: string }
  | { type: 'svg'; requestId: number; svg: string }
  /** Drawn: how long the layout took (for the benchmark and the log). */
  | { type: 'drawn'; version: number; nodes: number; layoutMs: number; renderMs: number }
  | { type: 'error'; message: string };

const isDirection = (v: unknown): v is GraphDirection => v === 'right' || v === 'down';
const isStringArray = (v: unknown) => Array.isArray(v) && v.every(isString);
const isPosition = (v: unknown) => isObject(v) && isNumber(v.line) && isNumber(v.character);
const isRange = (v: unknown) => isObject(v) && isPosition(v.start) && isPosition(v.end);
const isFacts = (v: unknown) => Array.isArray(v) && v.every((f) => isObject(f) && isString(f.name) && isString(f.value));
const optional = (check: (v: unknown) => boolean) => (v: unknown) => v === undefined || v === null || check(v);

const nodeKinds = new Set(['entry', 'start', 'step', 'branch', 'end', 'fail']);
const edgeKinds = new Set(['next', 'yes', 'no', 'case', 'error', 'timeout', 'entry']);

export function isGraph(v: unknown): v is FlowGraph<WireRange> {
  if (!isObject(v) || !Array.isArray(v.nodes) || !Array.isArray(v.groups) || !Array.isArray(v.edges)) return false;
  return (
    v.nodes.every((n) => isObject(n) && has(n, { id: isString, kind: (k) => nodeKinds.has(k as string), title: isString, facts: isFacts, range: isRange, selection: isRange, stepId: optional(isString), type: optional(isString), label: optional(isString), group: optional(isString) })) &&
    v.groups.every((g) => isObject(g) && has(g, { id: isString, kind: (k) => k === 'loop', title: isString, range: isRange, group: optional(isString) })) &&
    v.edges.every((e) => isObject(e) && has(e, { id: isString, from: isString, to: isString, kind: (k) => edgeKinds.has(k as string), label: optional(isString) }))
  );
}

const toPageShapes: Record<ToPage['type'], Shape> = {
  graph: { fileName: isString, version: isNumber, stale: (v) => typeof v === 'boolean', problem: optional((p) => isObject(p) && isString(p.message) && isNumber(p.line)), graph: isGraph, direction: isDirection, uri: optional(isString) },
  direction: { direction: isDirection },
  highlight: { nodeIds: isStringArray },
  runState: {
    runId: optional(isString),
    steps: (v) => isObject(v) && Object.values(v).every((s) => stepStates.includes(s as StepState)),
    branches: (v) => Array.isArray(v) && v.every((b) => isObject(b) && isString(b.label) && (b.taken === 'yes' || b.taken === 'no')),
    paused: optional(isString),
    status: optional(isString),
    stale: optional(isBoolean),
    pinned: optional(isBoolean),
  },
  exportSvg: { requestId: isNumber },
};

const fromPageShapes: Record<FromPage['type'], Shape> = {
  ready: {},
  reveal: { nodeId: isString },
  svg: { requestId: isNumber, svg: isString },
  drawn: { version: isNumber, nodes: isNumber, layoutMs: isNumber, renderMs: isNumber },
  error: { message: isString },
};

/** A message the page may act on. */
export function isToPage(v: unknown): v is ToPage {
  return isMessage<ToPage>(toPageShapes, v);
}

/** A message the host may act on. */
export function isFromPage(v: unknown): v is FromPage {
  return isMessage<FromPage>(fromPageShapes, v);
}
