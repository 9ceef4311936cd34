// Whether a run ran a document's flow as it stands: the run's source is the document's text, or,
// for a flow that `#flow/include`s other files, the text the document expands to with the
// included files as they are on disk now. In the second case the answer is the map from the
// run's (expanded) text back to each file (engine/run/source-files.ts).

import { statSync } from 'node:fs';
import { expandIncludes, hasIncludes } from '../../engine/language/include';
import { FlowFiles } from '../../engine/run/source-files';

/** `'same'`: the text is the run's source; a FlowFiles: its expansion is; undefined: neither. */
export type RunSourceMatch = 'same' | FlowFiles | undefined;

/** The last answer, with the included files' stamps it was read under (an included file edited on disk is read again). */
let last: { source: string; text: string; path: string; stamps: string; match: FlowFiles | undefined } | undefined;

function stampsOf(files: Iterable<string>): string {
  const out: string[] = [];
  for (const file of files) {
    try {
      const st = statSync(file);
      out.push(`${st.mtimeMs}:${st.size}`);
    } catch {
      out.push('gone');
    }
  }
  return out.join(',');
}

export function matchRunSource(source: string, text: string, path: string): RunSourceMatch {
  if (source === text) return 'same';
  if (!hasIncludes(text)) return undefined;
  if (last !== undefined && last.source === source && last.text === text && last.path === path && last.match !== undefined && stampsOf(last.match.included) === last.stamps) return last.match;
  const expansion = expandIncludes(path, text);
  const match = expansion.text === source && expansion.problems.length === 0 ? new FlowFiles(source, path, expansion) : undefined;
  last = { source, text, path, stamps: match !== undefined ? stampsOf(match.included) : '', match };
  return match;
}
