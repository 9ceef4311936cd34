// Puts a laid-out graph on the canvas: boxes for nodes, groups and edge labels (through the
// CSSOM, which the content security policy allows), and the edges as SVG paths with arrow
// heads, one class per edge kind so the theme's colours tell them apart.

import type { Layout } from './layout';
import type { GraphView } from './view';

const SVG = 'http://www.w3.org/2000/svg';

function setBox(e: HTMLElement, box: { x: number; y: number; width: number; height: number }): void {
  e.style.left = `${box.x}px`;
  e.style.top = `${box.y}px`;
  e.style.width = `${box.width}px`;
  e.style.height = `${box.height}px`;
}

/** An SVG path through the route's points. */
export function pathData(points: { x: number; y: number }[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join(' ');
}

export function draw(canvas: HTMLElement, edgesSvg: SVGSVGElement, view: GraphView, layout: Layout): void {
  canvas.style.width = `${layout.width}px`;
  canvas.style.height = `${layout.height}px`;
  edgesSvg.setAttribute('width', String(layout.width));
  edgesSvg.setAttribute('height', String(layout.height));
  for (const [id, box] of layout.nodes) {
    const v = view.nodes.get(id);
    if (v) setBox(v.element, box);
  }
  for (const [id, box] of layout.groups) {
    const e = view.groups.get(id);
    if (e) setBox(e, box);
  }
  while (edgesSvg.lastChild && (edgesSvg.lastChild as Element).tagName !== 'defs') edgesSvg.lastChild.remove();
  for (const route of layout.edges) {
    const path = document.createElementNS(SVG, 'path');
    path.setAttribute('d', pathData(route.points));
    path.setAttribute('class', `edge edge-${route.kind}`);
    path.setAttribute('marker-end', 'url(#arrow)');
    path.dataset.edgeId = route.id;
    path.dataset.from = route.from;
    path.dataset.to = route.to;
    edgesSvg.append(path);
    const label = view.labels.get(route.id);
    if (label && route.label) {
      label.style.left = `${route.label.x}px`;
      label.style.top = `${route.label.y}px`;
    }
  }
}

/** The arrow marker, made once per page. */
export function edgeDefs(edgesSvg: SVGSVGElement): void {
  const defs = document.createElementNS(SVG, 'defs');
  const marker = document.createElementNS(SVG, 'marker');
  marker.setAttribute('id', 'arrow');
  marker.setAttribute('viewBox', '0 0 10 10');
  marker.setAttribute('refX', '9');
  marker.setAttribute('refY', '5');
  // In user space: a bold (taken) edge keeps the same arrow head as the others.
  marker.setAttribute('markerUnits', 'userSpaceOnUse');
  marker.setAttribute('markerWidth', '10');
  marker.setAttribute('markerHeight', '10');
  marker.setAttribute('orient', 'auto-start-reverse');
  const head = document.createElementNS(SVG, 'path');
  head.setAttribute('d', 'M0 0 L10 5 L0 10 z');
  head.setAttribute('class', 'arrow-head');
  marker.append(head);
  defs.append(marker);
  edgesSvg.append(defs);
}
