// Where a run's decorations go, file by file: the model's offsets into the run's source turned
// into lines and columns of the flow file (key null) and, for a flow spread over
// `#flow/include` files, of each included file (key: its absolute path). Plain data; the
// VS Code side (decorations.ts) applies each file's part to that file's editors.

import { LineIndex } from '../../engine/edn/positions';
import type { FlowFiles } from '../../engine/run/source-files';
import type { DecorationModel, NoteState } from './decoration-model';

export interface PlacedDecorations {
  /** A note goes at the end of its 0-based line. */
  notes: { line: number; text: string; state: NoteState }[];
  dims: { start: { line: number; character: number }; end: { line: number; character: number } }[];
}

/** The model's decorations by file; `files` null when the run's source is the flow file's text. */
export function placeDecorations(model: DecorationModel, source: string, files: FlowFiles | null): Map<string | null, PlacedDecorations> {
  const out = new Map<string | null, PlacedDecorations>();
  const of = (file: string | null) => {
    let placed = out.get(file);
    if (placed === undefined) out.set(file, (placed = { notes: [], dims: [] }));
    return placed;
  };
  if (files === null) {
    const lines = new LineIndex(source);
    for (const n of model.notes) of(null).notes.push({ line: n.line, text: n.text, state: n.state });
    for (const d of model.dims) of(null).dims.push({ start: lines.position(d.start), end: lines.position(d.end) });
    return out;
  }
  for (const n of model.notes) {
    const at = files.place(n.at, n.at);
    of(at.file).notes.push({ line: at.line - 1, text: n.text, state: n.state });
  }
  for (const d of model.dims) {
    const at = files.place(d.start, d.end);
    of(at.file).dims.push({ start: { line: at.line - 1, character: at.column - 1 }, end: { line: at.endLine - 1, character: at.endColumn - 1 } });
  }
  return out;
}
