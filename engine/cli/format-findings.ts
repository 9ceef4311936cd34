// Findings as a compiler prints them: `path:line:col: severity code: message`, the source
// line, and a caret under the range; and as the JSON shape of design §7.

import type { Finding, Severity } from '../edn/findings';
import { LineIndex, type Range } from '../edn/positions';

export interface JsonDiagnostic {
  code: string;
  severity: Severity;
  message: string;
  range: Range;
}

export function toJsonDiagnostics(text: string, findings: Finding[]): JsonDiagnostic[] {
  const lines = new LineIndex(text);
  return findings.map((f) => ({ code: f.code, severity: f.severity, message: f.message, range: lines.range(f.start, f.end) }));
}

const colours: Record<Severity, string> = { error: '31', warning: '33', info: '36', hint: '90' };

export function formatFindingsText(path: string, text: string, findings: Finding[], colour: boolean): string {
  const lines = new LineIndex(text);
  const paint = (c: string, s: string) => (colour ? `\x1b[${c}m${s}\x1b[0m` : s);
  const out: string[] = [];
  for (const f of findings) {
    const start = lines.position(f.start);
    const end = lines.position(f.end);
    out.push(`${paint('1', `${path}:${start.line + 1}:${start.character + 1}:`)} ${paint(colours[f.severity], f.severity)} ${paint('2', f.code + ':')} ${f.message}`);
    const lineText = lines.lineText(start.line).replace(/\t/g, ' ');
    const gutter = String(start.line + 1).padStart(5);
    out.push(`${paint('2', gutter + ' |')} ${lineText}`);
    const width = end.line === start.line ? Math.max(1, end.character - start.character) : Math.max(1, lineText.length - start.character);
    out.push(`${paint('2', ' '.repeat(5) + ' |')} ${' '.repeat(start.character)}${paint(colours[f.severity], '^' + '~'.repeat(Math.max(0, Math.min(width, 200) - 1)))}`);
  }
  return out.join('\n');
}
