// Quick fixes for the checker's findings in a range, from the facts each finding carries:
// did-you-mean replacements, declaring a missing slot, template, function or invocation,
// quoting `:flow`, rewriting prohibited transforms, and result-shape fixes. Pure.

import type { Finding } from '../../../engine/edn/findings';
import type { DocumentAnalysis } from '../../../engine/language/analysis/index';
import { repairDelimiters, repairEdits } from '../../../engine/edn/repair';
import type { ShapeFix } from '../../../engine/language/check/result-shape';
import { addFunction, addInvocation, addSlot, addTemplate } from './declare';
import type { Action } from './edits';
import { transformActions } from './transforms';

export type { Action } from './edits';

export interface FixedAction extends Action {
  /** The finding the action fixes. */
  finding: Finding;
}

const didYouMeanCodes = new Set([
  'unknown-key', 'unknown-template', 'unknown-function', 'unknown-connection', 'unknown-invocation', 'unknown-secret-ref', 'unknown-symbol', 'unknown-step-type', 'invalid-value',
]);

function suggestions(finding: Finding): string[] {
  const s = finding.data?.suggestions;
  return Array.isArray(s) ? s.filter((x): x is string => typeof x === 'string') : [];
}

function didYouMean(analysis: DocumentAnalysis, finding: Finding): Action[] {
  const written = analysis.text.slice(finding.start, finding.end);
  return suggestions(finding).map((s, i) => {
    // A reference written as a string stays a string.
    const text = written.startsWith('"') && s.startsWith(':') ? JSON.stringify(s.slice(1)) : s;
    return { title: `Change to ${text}`, kind: 'quickfix', edits: [{ start: finding.start, end: finding.end, newText: text }], ...(i === 0 ? { preferred: true } : {}) };
  });
}

function shapeFixes(finding: Finding): Action[] {
  const fixes = finding.data?.fixes;
  if (!Array.isArray(fixes)) return [];
  return (fixes as ShapeFix[]).map((f, i) => ({ title: f.title, kind: 'quickfix', edits: f.edits.map((e) => ({ ...e })), ...(i === 0 ? { preferred: true } : {}) }));
}

function fixesFor(analysis: DocumentAnalysis, finding: Finding): Action[] {
  const out: Action[] = [];
  if (didYouMeanCodes.has(finding.code)) out.push(...didYouMean(analysis, finding));
  switch (finding.code) {
    case 'unknown-connection':
    case 'unknown-secret-ref':
      out.push(...addSlot(analysis, finding));
      break;
    case 'unknown-template':
      out.push(...addTemplate(analysis, finding));
      break;
    case 'unknown-function':
      out.push(...addFunction(analysis, finding));
      break;
    case 'unknown-invocation':
      out.push(...addInvocation(analysis, finding));
      break;
    case 'flow-not-quoted':
      out.push({ title: "Quote the flow body: '(...)", kind: 'quickfix', edits: [{ start: finding.start, end: finding.start, newText: "'" }], preferred: true });
      break;
    case 'prohibited-transform':
    case 'unsupported-form':
      out.push(...transformActions(analysis, finding));
      break;
    case 'result-shape':
      out.push(...shapeFixes(finding));
      break;
    case 'unbalanced-delimiter': {
      // One repair for the whole document, by indentation (as the platform's paren-repair).
      const repair = repairDelimiters(analysis.text);
      if (repair.changed) out.push({ title: 'Repair delimiters by indentation', kind: 'quickfix', edits: repairEdits(analysis.text, repair.text), preferred: true });
      break;
    }
  }
  // Only one action per finding may be preferred.
  let preferred = false;
  for (const a of out) {
    if (a.preferred && preferred) delete a.preferred;
    if (a.preferred) preferred = true;
  }
  return out;
}

/** Fixes for findings that overlap `[start, end]`. */
export function codeActions(analysis: DocumentAnalysis, findings: readonly Finding[], start: number, end: number): FixedAction[] {
  const out: FixedAction[] = [];
  let repaired = false;
  for (const f of findings) {
    if (f.end < start || f.start > end) continue;
    // The delimiter repair covers the whole document: offered once, whatever the count.
    if (f.code === 'unbalanced-delimiter') {
      if (repaired) continue;
      repaired = true;
    }
    for (const a of fixesFor(analysis, f)) out.push({ ...a, finding: f });
  }
  return out;
}
