// Inlay hints: each cron expression in words after the string, and the labels of every
// `^{:label .. :yes .. :no ..}` branch next to its `if` and at the start of its two arms.
// Pure: (analysis, range) -> hints at source offsets.

import { unwrapMeta } from '../../engine/edn/nodes';
import { mapGet } from '../../engine/edn/navigate';
import type { DocumentAnalysis } from '../../engine/language/analysis/index';
import { describeCron } from '../../engine/language/cron-words';
import { cronHover } from './hover/describe';

export interface Hint {
  offset: number;
  label: string;
  /** Markdown shown when hovering the hint. */
  tooltip?: string;
  kind: 'cron' | 'branch';
  paddingLeft: boolean;
  paddingRight: boolean;
}

export function inlayHints(analysis: DocumentAnalysis, start: number, end: number): Hint[] {
  const out: Hint[] = [];
  const inRange = (o: number) => o >= start && o <= end;
  for (const cron of analysis.index.crons) {
    if (!inRange(cron.node.end)) continue;
    const words = describeCron(cron.node.value);
    if (words === null) continue;
    const zone = unwrapMeta(mapGet(cron.owner, 'timezone') ?? null);
    const tz = zone?.kind === 'string' ? zone.value : null;
    out.push({ offset: cron.node.end, label: `${words}${tz ? ` (${tz})` : ''}`, tooltip: cronHover(cron.node.value, tz), kind: 'cron', paddingLeft: true, paddingRight: false });
  }
  for (const b of analysis.index.branches) {
    const form = b.ifForm;
    if (form === null) continue;
    const head = form.children[0];
    const then = form.children[2];
    const otherwise = form.children[3];
    if (b.label !== null && head && inRange(head.end)) out.push({ offset: head.end, label: b.label, kind: 'branch', paddingLeft: true, paddingRight: false });
    if (b.yes !== null && then && inRange(then.start)) out.push({ offset: then.start, label: `yes: ${b.yes}`, kind: 'branch', paddingLeft: false, paddingRight: true });
    if (b.no !== null && otherwise && inRange(otherwise.start)) out.push({ offset: otherwise.start, label: `no: ${b.no}`, kind: 'branch', paddingLeft: false, paddingRight: true });
  }
  return out.sort((a, b) => a.offset - b.offset);
}
