// The drawn graph as a standalone SVG document (Export as SVG): boxes, titles, facts, edges
// and their labels at the drawn positions, in the theme's colours resolved to literal
// values (the file is read outside VS Code). Every text is XML-escaped.

import type { FlowGraph } from '../../../../engine/language/graph/types';
import type { WireRange } from '../messages';
import { pathData } from './draw';
import type { Layout } from './layout';

export function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** A theme colour as a literal (falls back when the variable is not set). */
function colour(name: string, fallback: string): string {
  const v = getComputedStyle(document.body).getPropertyValue(name).trim();
  return v === '' ? fallback : v;
}

export function exportSvg(graph: FlowGraph<WireRange>, layout: Layout): string {
  const fg = colour('--vscode-editor-foreground', '#333333');
  const bg = colour('--vscode-editor-background', '#ffffff');
  const border = colour('--vscode-editorWidget-border', '#888888');
  const muted = colour('--vscode-descriptionForeground', '#666666');
  const font = colour('--vscode-font-family', 'sans-serif');
  const kindColour: Record<string, string> = {
    yes: colour('--vscode-charts-green', '#388a34'),
    no: colour('--vscode-charts-orange', '#d18616'),
    error: colour('--vscode-charts-red', '#e51400'),
    timeout: colour('--vscode-charts-purple', '#652d90'),
  };
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}" font-family="${xmlEscape(font)}" font-size="12">`);
  out.push(`<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="${xmlEscape(fg)}"/></marker></defs>`);
  out.push(`<rect width="100%" height="100%" fill="${xmlEscape(bg)}"/>`);
  for (const g of graph.groups) {
    const b = layout.groups.get(g.id);
    if (!b) continue;
    out.push(`<g class="group"><rect x="${b.x}" y="${b.y}" width="${b.width}" height="${b.height}" rx="6" fill="none" stroke="${xmlEscape(border)}" stroke-dasharray="4 3"/><text x="${b.x + 10}" y="${b.y + 18}" fill="${xmlEscape(muted)}">${xmlEscape(g.title)}</text></g>`);
  }
  for (const e of layout.edges) {
    const stroke = kindColour[e.kind] ?? fg;
    const dash = e.kind === 'error' || e.kind === 'timeout' ? ' stroke-dasharray="5 3"' : '';
    out.push(`<path d="${pathData(e.points)}" fill="none" stroke="${xmlEscape(stroke)}" stroke-width="1.5"${dash} marker-end="url(#arrow)"/>`);
    const label = graph.edges.find((x) => x.id === e.id)?.label;
    if (label !== undefined && e.label) out.push(`<text x="${e.label.x + 2}" y="${e.label.y + e.label.height - 4}" fill="${xmlEscape(stroke)}">${xmlEscape(label)}</text>`);
  }
  for (const n of graph.nodes) {
    const b = layout.nodes.get(n.id);
    if (!b) continue;
    const attrs = n.kind === 'step' ? ` data-step-id="${xmlEscape(n.stepId ?? '')}"` : n.kind === 'branch' && n.label != null ? ` data-branch-label="${xmlEscape(n.label)}"` : '';
    const rx = n.kind === 'branch' ? 14 : 4;
    const lines = [`${n.kind === 'step' ? (n.type ?? 'step') : n.kind === 'entry' ? (n.type ?? 'entry') : n.kind}`, n.title, ...n.facts.map((f) => `${f.name}: ${f.value}`)];
    const texts = lines.map((line, i) => `<text x="${b.x + 10}" y="${b.y + 18 + i * 16}" fill="${xmlEscape(i === 1 ? fg : muted)}"${i === 1 ? ' font-weight="600"' : ''}>${xmlEscape(line)}</text>`).join('');
    out.push(`<g class="node kind-${n.kind}"${attrs}><rect x="${b.x}" y="${b.y}" width="${b.width}" height="${b.height}" rx="${rx}" fill="${xmlEscape(bg)}" stroke="${xmlEscape(border)}"/>${texts}</g>`);
  }
  out.push('</svg>');
  return out.join('\n');
}
