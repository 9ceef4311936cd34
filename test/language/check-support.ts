// Helpers for checker tests: a minimal valid flow to embed snippets in, and assertions on
// findings at `|range|` markers.

import assert from 'node:assert/strict';
import type { Finding } from '../../engine/edn/findings';
import { checkText } from '../../engine/language/check/index';
import { parseMarkers } from '../support/markers';

/** A valid current-dialect flow around a body and extra top-level entries. */
export function flow(body: string, extra = ''): string {
  return `{:slug :t
 :name "T"
 :concurrency {:type :singleton :on-new-version :supersede}
 :invocations {:default {:inputs []}}
 :interfaces {:manual [{:id :run :label "Run" :invocation :default :enabled true}]}
 ${extra}
 :flow '${body}}`;
}

export interface Case {
  name: string;
  /** Source with one `|range|` where the finding must be. */
  source: string;
  code: string;
  severity: Finding['severity'];
  /** A fragment the message must contain. */
  message?: string | RegExp;
}

export function findingsOf(text: string): Finding[] {
  return checkText(text).findings;
}

export function describe(findings: Finding[], text: string): string {
  return findings.map((f) => `${f.severity} ${f.code} [${f.start},${f.end}) ${JSON.stringify(text.slice(f.start, f.end))}: ${f.message}`).join('\n');
}

/** Asserts a finding of the case's code and severity exactly at the marked range. */
export function assertCase(c: Case): Finding {
  const { text, carets } = parseMarkers(c.source);
  assert.equal(carets.length, 2, `${c.name}: the source needs one |range|`);
  const [start, end] = carets as [number, number];
  const findings = findingsOf(text);
  const hit = findings.find((f) => f.code === c.code && f.start === start && f.end === end);
  assert.ok(hit, `${c.name}: expected ${c.code} at [${start},${end}) ${JSON.stringify(text.slice(start, end))}; got:\n${describe(findings, text)}`);
  assert.equal(hit.severity, c.severity, `${c.name}: severity`);
  if (c.message !== undefined) {
    if (typeof c.message === 'string') assert.ok(hit.message.includes(c.message), `${c.name}: message ${JSON.stringify(hit.message)} lacks ${JSON.stringify(c.message)}`);
    else assert.match(hit.message, c.message, `${c.name}: message`);
  }
  return hit;
}

/** Asserts no errors and no warnings (info and hints allowed unless `strict`). */
export function assertClean(text: string, name: string, strict = false): void {
  const findings = findingsOf(text).filter((f) => f.severity === 'error' || f.severity === 'warning' || (strict && f.severity !== 'hint'));
  assert.deepEqual(findings, [], `${name}: expected no findings, got:\n${describe(findings, text)}`);
}
