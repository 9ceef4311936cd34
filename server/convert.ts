// Findings and service results to LSP shapes, in one place: offsets to ranges through the
// snapshot's line index, severities, tags, and the finding itself in `data` so that code
// actions can read its facts back.

import { DiagnosticSeverity, DiagnosticTag, type Diagnostic, type Range } from 'vscode-languageserver';
import type { Finding, Severity } from '../engine/edn/findings';
import type { LineIndex } from '../engine/edn/positions';
import { serverName } from './protocol';

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toRange(lines: LineIndex, start: number, end: number): Range {
  return lines.range(start, Math.max(start, end));
}

/** What a diagnostic carries in `data`: the finding's code, offsets and facts. */
export interface DiagnosticData {
  start: number;
  end: number;
  finding: Finding['data'];
}

export function toDiagnostic(lines: LineIndex, f: Finding): Diagnostic {
  const d: Diagnostic = {
    range: toRange(lines, f.start, f.end),
    severity: severities[f.severity],
    code: f.code,
    source: serverName,
    message: f.message,
    data: { start: f.start, end: f.end, finding: f.data } satisfies DiagnosticData,
  };
  if (f.tags && f.tags.length > 0) d.tags = f.tags.map((t) => (t === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated));
  return d;
}
