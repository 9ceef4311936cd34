// The checker: a pure function of (parsed file, catalog) to findings. Reader findings come
// first; then declarations are collected so references resolve across the whole file; then
// each section, the `:flow` body and every literal are checked.

import type { Finding } from '../../edn/findings';
import { sortFindings } from '../../edn/findings';
import { unwrapMeta, type CollNode, type Node } from '../../edn/nodes';
import { BodyUnits, type UnitReuse } from './body-units';
import { mapGet } from '../../edn/navigate';
import { readEdn, type ParsedFile } from '../../edn/reader';
import { CheckContext } from './check-context';
import { collectDeclarations } from './declarations';
import { checkFlowBody } from './flow-body';
import { checkLiterals } from './literals';
import type { StepSite } from './steps';
import { msg } from './messages';
import { checkResultShapes } from './result-shape';
import { checkFlowMap } from './sections';
import { checkTemplateBodies } from './templates';
import { reportUnused } from './unused';

export interface CheckResult {
  parsed: ParsedFile;
  /** The flow map, when the file holds one. */
  flow: CollNode | null;
  findings: Finding[];
  /** Literal step sites of the body, in source order (for simulation checks and tools). */
  steps: StepSite[];
  /** Declared connection slots, by id. */
  slots: string[];
}

/** Checks parsed text. Never throws on any input. */
export function checkParsed(parsed: ParsedFile): CheckResult {
  return runCheck(parsed, undefined).result;
}

/**
 * The checker's passes. With `reuse` (checking while typing, check/incremental.ts), the
 * body's outermost `let` is checked unit by unit (check/body-units.ts), replaying the units
 * of the last check that the edit did not touch; `reuse.facts` null checks every unit.
 */
export function runCheck(parsed: ParsedFile, reuse: { facts: UnitReuse | null } | undefined): { result: CheckResult; units: BodyUnits | undefined } {
  const ctx = new CheckContext(parsed.text);
  // While typing the literal walks cover one unit and the sections: cheaper than the text
  // pre-check (check/literals-possible.ts) that spares a full check its walk of every node.
  if (reuse !== undefined) ctx.literalsPossible = true;
  let units: BodyUnits | undefined;
  const unitsOf = reuse === undefined ? undefined : (body: Node, sites: StepSite[]) => (units = new BodyUnits(body, ctx, sites, reuse.facts));
  ctx.findings.push(...parsed.findings);
  const flow = topMap(ctx, parsed);
  let steps: StepSite[] = [];
  if (flow !== null) {
    ctx.pulledLegacyInput = pulledLegacyInputSteps(parsed.text);
    ctx.allowBareInput = hasTag(flow, 'n8n-import');
    collectDeclarations(ctx, flow);
    checkTemplateBodies(ctx);
    checkFlowMap(ctx, flow);
    const body = mapGet(flow, 'flow');
    if (body !== undefined) {
      steps = checkFlowBody(ctx, body, unitsOf);
      if (units !== undefined) {
        ctx.kvGetPossible = (units as BodyUnits).kvGetPossible();
        ctx.lookUnits = units;
      }
      checkResultShapes(ctx, flow);
    } else if (!parsed.findings.length) void 0;
    reportUnused(ctx, flow);
  }
  checkLiterals(ctx, parsed.forms, (units as BodyUnits | undefined)?.nodes());
  const result = { parsed, flow, findings: sortFindings(dedupe(ctx.findings)), steps, slots: [...ctx.decls.slots.keys()] };
  return { result, units };
}

/** Reads and checks a text. */
export function checkText(text: string): CheckResult {
  return checkParsed(readEdn(text));
}

/** Extra top-level forms reported one by one before the rest are reported together. */
const MAX_EXTRA_FORMS_NAMED = 20;

function topMap(ctx: CheckContext, parsed: ParsedFile): CollNode | null {
  const forms = parsed.forms;
  if (forms.length === 0) {
    if (parsed.findings.length === 0) ctx.report('invalid-type', 'error', { start: 0, end: Math.min(1, parsed.text.length) }, msg.emptyFile());
    return null;
  }
  const first = unwrapMeta(forms[0]!);
  // Each extra form is named, up to a few; the rest is one finding (a pasted log of 40,000
  // forms would otherwise cost a finding, a diagnostic and its transport each).
  const named = Math.min(forms.length, 1 + MAX_EXTRA_FORMS_NAMED);
  for (const extra of forms.slice(1, named)) ctx.report('invalid-type', 'error', extra, msg.extraTopLevelForm(ctx.source(extra, 30)));
  if (forms.length > named) ctx.report('invalid-type', 'error', { start: forms[named]!.start, end: forms[forms.length - 1]!.end }, msg.extraTopLevelForms(forms.length - named));
  if (first === null || first.kind !== 'map') {
    ctx.report('invalid-type', 'error', forms[0]!, msg.topNotMap(ctx.source(forms[0]!, 30)));
    return null;
  }
  return first;
}

const PULLED_SOURCE = ';; breyta: pulled-source';
const LEGACY_INPUT = ';; breyta: legacy-bare-function-input ';

/** The platform's pull markers in the leading comment lines: the steps that keep a legacy
 *  non-map `:input` (only in a file marked as pulled). */
export function pulledLegacyInputSteps(text: string): Set<string> {
  const steps = new Set<string>();
  let pulled = false;
  // Only the leading comment lines are read (no split of the whole text).
  for (let at = 0; at < text.length; ) {
    const nl = text.indexOf('\n', at);
    const end = nl < 0 ? text.length : nl;
    const t = text.slice(at, end).trim();
    at = end + 1;
    if (t === '') continue;
    if (!t.startsWith(';')) break;
    if (t === PULLED_SOURCE) pulled = true;
    else if (t.startsWith(LEGACY_INPUT)) {
      try {
        const step: unknown = JSON.parse(t.slice(LEGACY_INPUT.length).trim());
        if (typeof step === 'string' && step !== '') steps.add(step);
      } catch {
        // not a quoted step id: ignored, as the platform does
      }
    }
  }
  return pulled ? steps : new Set();
}

function hasTag(flow: CollNode, tag: string): boolean {
  const tags = unwrapMeta(mapGet(flow, 'tags') ?? null);
  if (tags === null || (tags.kind !== 'vector' && tags.kind !== 'set' && tags.kind !== 'list')) return false;
  return tags.children.some((t) => (t.kind === 'string' && t.value === tag) || (t.kind === 'keyword' && t.ns === null && t.name === tag));
}

/** The same finding reported twice by two passes (same code and range) is kept once. */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const k = `${f.code}:${f.start}:${f.end}:${f.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
