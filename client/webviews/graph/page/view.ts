// The graph's DOM: one element per node (a step carries `data-step-id`, a labelled branch
// `data-branch-label`), per loop group and per edge label. Built with createElement and
// textContent only, so every value from the flow file is text, never markup.

import type { FlowGraph, GraphNode } from '../../../../engine/language/graph/types';
import type { WireRange } from '../messages';
import { iconFor } from './icons';

export interface NodeView {
  node: GraphNode<WireRange>;
  element: HTMLElement;
}

export interface GraphView {
  nodes: Map<string, NodeView>;
  groups: Map<string, HTMLElement>;
  labels: Map<string, HTMLElement>;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function kindWord(node: GraphNode<WireRange>): string {
  if (node.kind === 'step') return node.type ?? 'step';
  if (node.kind === 'entry') return node.type ?? 'entry';
  if (node.kind === 'branch') return node.label != null ? 'branch' : (node.type ?? 'if');
  return node.kind;
}

function nodeElement(node: GraphNode<WireRange>): HTMLElement {
  const e = el('div', `node kind-${node.kind}`);
  e.dataset.nodeId = node.id;
  if (node.kind === 'step') e.dataset.stepId = node.stepId ?? '';
  if (node.kind === 'branch' && node.label != null) e.dataset.branchLabel = node.label;
  e.tabIndex = -1;
  e.setAttribute('role', 'button');
  const head = el('div', 'node-head');
  const icon = el('span', `codicon codicon-${iconFor(node.kind, node.type)}`);
  icon.setAttribute('aria-hidden', 'true');
  head.append(icon, el('span', 'node-type', kindWord(node)));
  if (node.kind === 'step' && node.stepId != null && node.stepId !== node.title) head.append(el('span', 'node-id', `:${node.stepId}`));
  const state = el('span', 'node-state');
  head.append(state);
  e.append(head, el('div', 'node-title', node.kind === 'step' && node.stepId === node.title ? `:${node.title}` : node.title));
  if (node.facts.length > 0) {
    const facts = el('dl', 'node-facts');
    for (const f of node.facts) {
      const row = el('div', 'fact');
      row.append(el('dt', '', f.name), el('dd', '', f.value));
      facts.append(row);
    }
    e.append(facts);
  }
  e.setAttribute('aria-label', `${kindWord(node)} ${node.title}${node.facts.map((f) => `, ${f.name} ${f.value}`).join('')}`);
  return e;
}

/** Creates the elements of a graph inside `canvas` (replacing what was there). */
export function buildView(canvas: HTMLElement, graph: FlowGraph<WireRange>): GraphView {
  for (const old of [...canvas.querySelectorAll('.node, .group, .edge-label')]) old.remove();
  const view: GraphView = { nodes: new Map(), groups: new Map(), labels: new Map() };
  for (const g of graph.groups) {
    const e = el('div', 'group');
    e.dataset.groupId = g.id;
    e.append(el('div', 'group-title', g.title));
    canvas.append(e);
    view.groups.set(g.id, e);
  }
  for (const node of graph.nodes) {
    const element = nodeElement(node);
    canvas.append(element);
    view.nodes.set(node.id, { node, element });
  }
  for (const edge of graph.edges) {
    if (edge.label === undefined) continue;
    const e = el('div', `edge-label edge-${edge.kind}`, edge.label);
    e.dataset.edgeId = edge.id;
    canvas.append(e);
    view.labels.set(edge.id, e);
  }
  return view;
}
