// Code lenses of a flow file: above the `:flow` key, "Open Flow Graph". Pure data: where,
// the title and the client command (with the document's uri as its argument).

import { mapEntries } from '../../engine/edn/navigate';
import type { DocumentAnalysis } from '../../engine/language/analysis/index';

export interface FlowLens {
  start: number;
  end: number;
  title: string;
  command: string;
}

/** The client command that opens the graph view (package.json `contributes.commands`). */
export const OPEN_GRAPH_COMMAND = 'flowEdn.openGraph';

export function flowLenses(analysis: DocumentAnalysis): FlowLens[] {
  const flow = analysis.flow;
  if (flow === null) return [];
  const entry = mapEntries(flow).find(({ key }) => key.kind === 'keyword' && key.ns === null && key.name === 'flow');
  if (entry === undefined) return [];
  return [{ start: entry.key.start, end: entry.key.end, title: 'Open Flow Graph', command: OPEN_GRAPH_COMMAND }];
}
