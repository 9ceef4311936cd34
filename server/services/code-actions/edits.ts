// Source edits that keep the file's layout: add an entry to a vector or a map (one per line,
// aligned with its siblings), or add a new top-level key before `:flow`.

import type { CollNode, Node } from '../../../engine/edn/nodes';
import { unwrapMeta } from '../../../engine/edn/nodes';
import { mapGet, mapKey } from '../../../engine/edn/navigate';
import type { DocumentAnalysis } from '../../../engine/language/analysis/index';
import type { TextEdit } from '../rename';

export interface Action {
  title: string;
  kind: 'quickfix' | 'refactor.rewrite';
  edits: TextEdit[];
  /** Prefer this fix (VS Code applies it with "auto fix"). */
  preferred?: boolean;
}

/** The column of an offset (characters since the line start). */
export function columnOf(text: string, offset: number): number {
  const nl = text.lastIndexOf('\n', offset - 1);
  return offset - (nl + 1);
}

/** Appends `entry` to a vector (or map, given `key value` text), on its own line under the last item. */
export function appendTo(analysis: DocumentAnalysis, coll: CollNode, entry: string): TextEdit {
  const last = coll.children[coll.children.length - (coll.kind === 'map' ? 2 : 1)];
  const lastEnd = coll.children[coll.children.length - 1];
  if (last === undefined || lastEnd === undefined) {
    return { start: coll.start + (coll.kind === 'set' ? 2 : 1), end: coll.start + (coll.kind === 'set' ? 2 : 1), newText: entry };
  }
  const col = columnOf(analysis.text, last.start);
  return { start: lastEnd.end, end: lastEnd.end, newText: '\n' + ' '.repeat(col) + entry };
}

/** Adds `:key value` to the flow map: before `:flow` (aligned with it), or before the closing brace. */
export function addTopLevel(analysis: DocumentAnalysis, key: string, value: string): TextEdit | null {
  const flow = analysis.flow;
  if (flow === null) return null;
  const flowKey = mapKey(flow, 'flow');
  if (flowKey !== undefined) {
    const col = columnOf(analysis.text, flowKey.start);
    return { start: flowKey.start, end: flowKey.start, newText: `:${key} ${value}\n${' '.repeat(col)}` };
  }
  const end = flow.closed ? flow.end - 1 : flow.end;
  return { start: end, end, newText: `\n :${key} ${value}` };
}

/** Adds an entry to a top-level vector section (`:requires`, `:templates`, `:functions`), creating it if absent. */
export function addToSection(analysis: DocumentAnalysis, section: string, entry: string): TextEdit | null {
  const value = unwrapMeta(mapGet(analysis.flow, section) ?? null);
  if (value?.kind === 'vector') return appendTo(analysis, value, entry);
  if (value !== null && value !== undefined) return null;
  return addTopLevel(analysis, section, `[${entry}]`);
}

/** The map node a node sits in, from the top map down (for finding a step's config around a finding). */
export function enclosingMaps(path: Node[]): CollNode[] {
  return path.filter((n): n is CollNode => n.kind === 'map').reverse();
}
