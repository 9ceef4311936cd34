// Checking a flow file as the platform reads it: `#flow/include`s expanded first, then the
// whole flow checked, and each finding taken back to the file its text came from (an include
// problem is reported at its directive).

import type { Finding } from '../../edn/findings';
import { sortFindings } from '../../edn/findings';
import { expandIncludes, hasIncludes, locate, type ExpandedSource, type ReadText } from '../include';
import { checkText, type CheckResult } from './index';

export interface FileFindings {
  /** Absolute path of the file (null for text without a file). */
  file: string | null;
  text: string;
  findings: Finding[];
}

export interface SourceCheck {
  /** The check of the expanded flow (its nodes have offsets in `expanded.text`). */
  result: CheckResult;
  /** Null when the file has no includes. */
  expanded: ExpandedSource | null;
  /** Findings by file, the root file first (present even when it has none). */
  files: FileFindings[];
}

export function checkSource(path: string | null, text: string, read?: ReadText): SourceCheck {
  if (path === null || !hasIncludes(text)) {
    const result = checkText(text);
    return { result, expanded: null, files: [{ file: path, text, findings: result.findings }] };
  }
  const expanded = expandIncludes(path, text, read);
  const result = checkText(expanded.text);
  const byFile = new Map<string, Finding[]>([...expanded.files.keys()].map((f) => [f, []]));
  for (const f of result.findings) {
    const at = locate(expanded, f.start, f.end);
    byFile.get(at.file)!.push({ ...f, start: at.start, end: at.end });
  }
  for (const p of expanded.problems) byFile.get(p.file)!.push({ code: 'invalid-include', severity: 'error', start: p.start, end: p.end, message: p.message });
  const files = [...byFile].map(([file, findings]) => ({ file, text: expanded.files.get(file)!, findings: sortFindings(findings) }));
  return { result, expanded, files };
}
