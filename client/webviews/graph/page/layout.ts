// Lays the graph out with elkjs (layered, left to right or top down): node sizes measured
// from their elements, loops as compound nodes, edge labels sized from theirs. Returns
// absolute boxes and edge polylines in canvas coordinates.

import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { FlowGraph } from '../../../../engine/language/graph/types';
import type { GraphDirection, WireRange } from '../messages';
import type { GraphView } from './view';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface EdgeRoute {
  id: string;
  kind: string;
  from: string;
  to: string;
  points: { x: number; y: number }[];
  label?: Box;
}

export interface Layout {
  width: number;
  height: number;
  nodes: Map<string, Box>;
  groups: Map<string, Box>;
  edges: EdgeRoute[];
}

const elk = new ELK();
const PADDING = 24;
const BIG_GRAPH = 120;

export async function layoutGraph(graph: FlowGraph<WireRange>, view: GraphView, direction: GraphDirection): Promise<Layout> {
  const elkNodes = new Map<string, ElkNode>();
  // Spacing is read per compound node: loops get the same as the top level.
  const spacing: Record<string, string> = {
    'elk.layered.spacing.nodeNodeBetweenLayers': '56',
    'elk.spacing.nodeNode': '28',
    'elk.spacing.edgeLabel': '4',
    'elk.spacing.edgeNode': '16',
    'elk.layered.spacing.edgeNodeBetweenLayers': '16',
  };
  const root: ElkNode = {
    id: 'root',
    layoutOptions: {
      ...spacing,
      'elk.algorithm': 'layered',
      'elk.direction': direction === 'down' ? 'DOWN' : 'RIGHT',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.edgeLabels.placement': 'CENTER',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      // Fewer crossing-minimisation passes on large graphs (ELK's default is 7).
      'elk.layered.thoroughness': graph.nodes.length > BIG_GRAPH ? '2' : '7',
    },
    children: [],
    edges: [],
  };
  const parentOf = (group: string | undefined): ElkNode => (group !== undefined ? (elkNodes.get(group) ?? root) : root);
  for (const g of graph.groups) {
    const e: ElkNode = { id: g.id, layoutOptions: { ...spacing, 'elk.padding': '[top=34,left=14,bottom=14,right=14]' }, children: [] };
    elkNodes.set(g.id, e);
  }
  for (const g of graph.groups) parentOf(g.group).children!.push(elkNodes.get(g.id)!);
  for (const n of graph.nodes) {
    const element = view.nodes.get(n.id)!.element;
    const size = element.getBoundingClientRect();
    // One pixel more than the fractional size, so the text does not wrap once the box is fixed.
    const e: ElkNode = { id: n.id, width: Math.ceil(size.width) + 1, height: Math.ceil(size.height) };
    elkNodes.set(n.id, e);
    parentOf(n.group).children!.push(e);
  }
  for (const edge of graph.edges) {
    const labelEl = view.labels.get(edge.id);
    const elkEdge: ElkExtendedEdge = { id: edge.id, sources: [edge.from], targets: [edge.to] };
    const size = labelEl?.getBoundingClientRect();
    if (labelEl && size) elkEdge.labels = [{ id: `${edge.id}-label`, text: labelEl.textContent ?? '', width: Math.ceil(size.width) + 1, height: Math.ceil(size.height) }];
    root.edges!.push(elkEdge);
  }

  const laid = await elk.layout(root);
  const out: Layout = { width: (laid.width ?? 0) + 2 * PADDING, height: (laid.height ?? 0) + 2 * PADDING, nodes: new Map(), groups: new Map(), edges: [] };
  const groupIds = new Set(graph.groups.map((g) => g.id));
  const origin = new Map<string, { x: number; y: number }>([['root', { x: PADDING, y: PADDING }]]);
  const place = (parent: ElkNode, at: { x: number; y: number }) => {
    for (const child of parent.children ?? []) {
      const box = { x: at.x + (child.x ?? 0), y: at.y + (child.y ?? 0), width: child.width ?? 0, height: child.height ?? 0 };
      origin.set(child.id, box);
      (groupIds.has(child.id) ? out.groups : out.nodes).set(child.id, box);
      place(child, box);
    }
  };
  place(laid, origin.get('root')!);
  const kinds = new Map(graph.edges.map((e) => [e.id, e] as const));
  const collect = (parent: ElkNode) => {
    for (const edge of (parent.edges ?? []) as (ElkExtendedEdge & { container?: string })[]) {
      const base = origin.get(edge.container ?? parent.id) ?? origin.get('root')!;
      const source = kinds.get(edge.id)!;
      const points = (edge.sections ?? []).flatMap((s) => [s.startPoint, ...(s.bendPoints ?? []), s.endPoint]).map((p) => ({ x: base.x + p.x, y: base.y + p.y }));
      const label = edge.labels?.[0];
      out.edges.push({ id: edge.id, kind: source.kind, from: source.from, to: source.to, points, ...(label ? { label: { x: base.x + (label.x ?? 0), y: base.y + (label.y ?? 0), width: label.width ?? 0, height: label.height ?? 0 } } : {}) });
    }
    for (const child of parent.children ?? []) collect(child);
  };
  collect(laid);
  return out;
}
