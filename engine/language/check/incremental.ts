// Checking while typing: the check of a new version from the check of the version its parse
// was read from (engine/edn/incremental.ts). Everything outside the `:flow` body's units is
// checked as always (the sections are small); of the body, only the unit holding the edit is
// analysed again and the others are replayed (check/body-units.ts); the whole-file passes
// (duplicate step ids, unused declarations, result shapes) run on the complete facts.
// `test/language/check-incremental.test.ts` checks the result equals `checkParsed`'s.

import { editOf } from '../../edn/incremental';
import type { ParsedFile } from '../../edn/reader';
import type { UnitFacts, UnitReuse } from './body-units';
import { runCheck, type CheckResult } from './index';

const unitsOf = new WeakMap<CheckResult, UnitFacts[]>();

/** How many body units the last `checkParsedIncremental` analysed and replayed. */
export const incrementalCheckStats = { analysed: 0, replayed: 0 };

/**
 * Checks `parsed`, reusing `previous` (the check of an earlier version) when `parsed` was
 * read incrementally from `previous.parsed`; the same findings as `checkParsed(parsed)`.
 */
export function checkParsedIncremental(parsed: ParsedFile, previous?: CheckResult): CheckResult {
  if (previous !== undefined && previous.parsed === parsed && unitsOf.has(previous)) return previous;
  const { result, units } = runCheck(parsed, { facts: previous === undefined ? null : reuseOf(previous, parsed) });
  incrementalCheckStats.analysed = units?.analysed ?? 0;
  incrementalCheckStats.replayed = units?.replayed ?? 0;
  if (units !== undefined) unitsOf.set(result, units.facts);
  else unitsOf.set(result, []);
  return result;
}

function reuseOf(previous: CheckResult, parsed: ParsedFile): UnitReuse | null {
  const facts = unitsOf.get(previous);
  const edit = editOf(parsed);
  if (facts === undefined || facts.length === 0 || edit === undefined || edit.base !== previous.parsed) return null;
  const { start, oldEnd, newEnd } = edit.change;
  // Only an edit strictly inside one unit leaves the rest as it was: one elsewhere may change
  // declarations, bound names or the body's shape, on which every unit depends.
  if (!facts.some((f) => f.start < start && oldEnd < f.end)) return null;
  return { facts, start, oldEnd, linesMoved: newlines(edit.base.text, start, oldEnd) !== newlines(parsed.text, start, newEnd) };
}

function newlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let k = text.indexOf('\n', from); k >= 0 && k < to; k = text.indexOf('\n', k + 1)) count++;
  return count;
}
