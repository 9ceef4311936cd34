// Definition and hover through `#flow/include`: on an include directive, the included file;
// elsewhere, when the document alone has no answer, the expanded flow answers (so `:ref :f`
// finds `:f` declared in an included file) and the answer is taken back to its file.

import { fileURLToPath } from 'node:url';
import { readEdn } from '../../engine/edn/reader';
import { DocumentAnalysis } from '../../engine/language/analysis/index';
import { expandIncludes, hasIncludes, locate, type ExpandedSource } from '../../engine/language/include';
import { dirname, resolve } from 'node:path';

export interface FileSpan {
  file: string;
  start: number;
  end: number;
}

export interface Expanded {
  source: ExpandedSource;
  analysis: DocumentAnalysis;
  /** The offset in the expanded text of a root offset, or null inside an include directive. */
  toExpanded(offset: number): number | null;
  back(start: number, end: number): FileSpan;
}

/** The expanded flow of a `file:` document with includes, or null. */
export function expandedDocument(uri: string, text: string): Expanded | null {
  if (!uri.startsWith('file:') || !hasIncludes(text)) return null;
  const path = fileURLToPath(uri);
  const source = expandIncludes(path, text);
  const root = resolve(path);
  return {
    source,
    analysis: new DocumentAnalysis(readEdn(source.text)),
    toExpanded(offset) {
      for (const s of source.segments) {
        if (s.file === root && s.via === null && offset >= s.fileStart && offset <= s.fileStart + (s.end - s.start)) return s.start + (offset - s.fileStart);
      }
      return null;
    },
    back: (start, end) => locate(source, start, end),
  };
}

/** The file an include directive at `offset` names, when the offset is on one. */
export function includeTarget(uri: string, analysis: DocumentAnalysis, offset: number): string | null {
  if (!uri.startsWith('file:')) return null;
  const stack = [...analysis.parsed.forms];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (offset < n.start || offset > n.end) continue;
    if (n.kind === 'tagged' && n.tag === 'flow/include' && n.form?.kind === 'string') return resolve(dirname(fileURLToPath(uri)), n.form.value);
    if ('children' in n) stack.push(...n.children);
    else if ('form' in n && n.form) stack.push(n.form);
  }
  return null;
}
