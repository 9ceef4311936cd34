// `flow-edn show RUN --step ID` as text: per occurrence its status, config, input, each
// attempt with the request and response (or the wait's notification), the wait's record and
// the result, EDN pretty-printed to the terminal's width.

import { formatDuration } from '../language/duration';
import { decodeValue } from '../run/codec';
import { prettyValue } from '../edn/pretty';
import type { AttemptReport, OccurrenceReport, StepReport } from '../run/step-report';
import type { Paint } from '../run/paint';

function edn(text: string | null, width: number, indent: number): string {
  if (text === null) return 'nil';
  try {
    return prettyValue(decodeValue(text), width, indent);
  } catch {
    return text;
  }
}

function block(label: string, text: string | null, width: number, p: Paint): string[] {
  const one = edn(text, width, 4 + label.length + 2);
  if (!one.includes('\n')) return [`  ${p.bold(label + ':')} ${one}`];
  return [`  ${p.bold(label + ':')}`, ...edn(text, width - 4, 0).split('\n').map((l) => '    ' + l)];
}

function body(text: string | null, indent: string): string[] {
  if (text === null || text === '') return [];
  let shown = text;
  try {
    shown = JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    // not JSON: as sent
  }
  return shown.split('\n').map((l) => indent + l);
}

function statusColour(status: string, p: Paint): string {
  if (status === 'completed' || status === 'ok' || status === 'approved') return p.green(status);
  if (status === 'failed' || status === 'rejected' || status === 'timed-out') return p.red(status);
  if (status === 'skipped' || status === 'retry' || status === 'waiting' || status === 'pending') return p.yellow(status);
  return status;
}

function attemptLines(a: AttemptReport, p: Paint): string[] {
  const lines = [`  ${p.bold(`attempt ${a.n}`)}  ${statusColour(a.status, p)}${a.startedAt ? `  ${a.startedAt}` : ''}${a.durationMs !== null ? `  ${formatDuration(a.durationMs)}` : ''}`];
  if (a.request) {
    const what = a.request.purpose === 'notification' ? 'notification' : 'request';
    lines.push(`    ${what}: ${a.request.method} ${a.request.url}${a.request.mocked ? p.dim('  (mocked)') : ''}`);
    for (const [k, v] of Object.entries(a.request.headers)) lines.push(p.dim(`      ${k}: ${v}`));
    lines.push(...body(a.request.body, '      '));
  }
  if (a.response) {
    lines.push(`    response: ${a.response.status >= 200 && a.response.status < 300 ? p.green(String(a.response.status)) : p.red(String(a.response.status))}`);
    for (const [k, v] of Object.entries(a.response.headers)) lines.push(p.dim(`      ${k}: ${v}`));
    lines.push(...body(a.response.body, '      '));
  }
  if (a.error) lines.push(`    ${p.red('error')}: ${a.error}`);
  return lines;
}

function occurrenceLines(o: OccurrenceReport, width: number, p: Paint): string[] {
  const lines = [`${p.bold(':' + o.key)}  ${statusColour(o.status, p)}`];
  if (o.configEdn !== null) lines.push(...block('config', o.configEdn, width, p));
  if (o.inputEdn !== null) lines.push(...block('input', o.inputEdn, width, p));
  for (const a of o.attempts) lines.push(...attemptLines(a, p));
  if (o.wait) {
    const w = o.wait;
    const resolved = w.resolvedAt ? ` ${w.status}${w.resolvedBy ? ` by ${w.resolvedBy}` : ''} at ${w.resolvedAt}` : ` ${w.status}`;
    lines.push(`  ${p.bold('wait')}: key ${JSON.stringify(w.key)}${resolved.replace(w.status, statusColour(w.status, p))}${w.expiresAt ? `  (expires ${w.expiresAt})` : ''}`);
    if (w.resolutionEdn !== null) lines.push(...block('resolution', w.resolutionEdn, width, p).map((l) => '  ' + l));
  }
  if (o.status === 'skipped') lines.push(`  ${p.yellow('skipped')} by :on-error :skip${o.error ? `: ${o.error}` : ''}`);
  else if (o.error) lines.push(`  ${p.red('error')}: ${o.error}`);
  if (o.status === 'completed' || o.status === 'skipped') lines.push(...block('result', o.resultEdn, width, p));
  return lines;
}

export function formatStepReport(r: StepReport, width: number, p: Paint): string {
  const head = `run ${r.runId}  step :${r.step.id}${r.step.type ? ` (:${r.step.type})` : ''}  ${r.step.occurrences.length} occurrence${r.step.occurrences.length === 1 ? '' : 's'}`;
  return [head, ...r.step.occurrences.flatMap((o) => ['', ...occurrenceLines(o, width, p)])].join('\n');
}
