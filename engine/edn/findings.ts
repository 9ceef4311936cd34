// Findings: the neutral result of reading and checking. Offsets, not lines; the LSP and the
// CLI convert them to their own shapes at the edge (see positions.ts).

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface Finding {
  /** A stable code from design §2, e.g. `unbalanced-delimiter`. */
  code: string;
  severity: Severity;
  /** Offsets into the source text, end exclusive. */
  start: number;
  end: number;
  message: string;
  /** Extra facts for quick fixes (suggested replacement, missing id, ...). */
  data?: FindingData;
  /** Tagged unnecessary (rendered faded) or deprecated (struck through) by editors. */
  tags?: ('unnecessary' | 'deprecated')[];
}

export interface FindingData {
  /** Replacement texts offered by a quick fix, best first. */
  suggestions?: string[];
  /** The id or key the finding is about, as written. */
  name?: string;
  [key: string]: unknown;
}

const severityOrder: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

/** Sort by position, then severity, code and message, so output does not depend on the
 *  order the passes reported in (an incremental check replays some of them). */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) => a.start - b.start || a.end - b.end || severityOrder[a.severity] - severityOrder[b.severity] || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
}
