// Breakpoints inside code and whether one stops at a hit: a condition (an expression of the
// flow language, function mode, over the locals in scope at the point) and a hit condition
// (`3`, `>= 3`, `> 2`, `% 2`) counted over the hits whose condition held.

import type { Value } from '../edn/values';
import { readEdn } from '../edn/reader';
import { compileForm, withoutProbe, type Compiled, type Host } from '../interp/index';
import type { HitView } from './probe';

/** A breakpoint at a point of one code unit (`point` is the point's index). */
export interface CodeBreakpoint {
  point: number;
  condition?: string;
  hitCondition?: string;
  /** A logpoint's message (`{expr}` interpolations): it never stops; each pass prints it. */
  logMessage?: string;
  /** The session's count of passes over this breakpoint (hits whose condition held),
   *  shared by every replay; without it, hits count from the code's start in each replay. */
  counter?: { hits: number };
}

const noHost: Host = {
  step: () => {
    throw new Error('a breakpoint condition cannot run a step');
  },
  input: () => null,
  nowMs: () => {
    throw new Error('a breakpoint condition has no clock');
  },
};

const compiledConditions = new Map<string, Compiled>();

/** Evaluates `expr` over `locals` (no probe, no host). Throws a located error on bad code. */
export function evaluateCondition(expr: string, locals: Map<string, Value>): Value {
  const names = [...locals.keys()];
  const key = names.join(' ') + '\0' + expr;
  let compiled = compiledConditions.get(key);
  if (compiled === undefined) {
    const read = readEdn(expr);
    const error = read.findings.find((f) => f.severity === 'error');
    if (error !== undefined) throw new Error(`condition ${expr}: ${error.message}`);
    if (read.forms.length !== 1) throw new Error(`condition ${expr}: expected one expression`);
    compiled = compileForm(read.forms[0]!, { mode: 'function', source: expr, locals: names });
    if (compiledConditions.size >= 200) compiledConditions.delete(compiledConditions.keys().next().value!);
    compiledConditions.set(key, compiled);
  }
  const c = compiled;
  return withoutProbe(() => c.run(noHost, Object.fromEntries(locals)));
}

/** True when `count` (1-based hits whose condition held) satisfies `hitCondition`. */
export function hitConditionHolds(hitCondition: string, count: number): boolean {
  const m = /^\s*(>=|>|==|=|%|<=|<)?\s*(\d+)\s*$/.exec(hitCondition);
  if (m === null) throw new Error(`hit condition ${hitCondition}: expected a number, >= N, > N, == N or % N`);
  const n = Number(m[2]);
  switch (m[1]) {
    case '>=':
      return count >= n;
    case '>':
      return count > n;
    case '<=':
      return count <= n;
    case '<':
      return count < n;
    case '%':
      return n > 0 && count % n === 0;
    default:
      return count === n;
  }
}

/** A logpoint passed: its message is interpolated over `locals` once the replay is over
 *  (evaluating while the probe is installed would probe the message's own code). */
export interface LogLine {
  breakpoint: CodeBreakpoint;
  /** The hit's number in its replay. */
  hit: number;
  locals: Map<string, Value>;
}

/** The breakpoints whose condition holds at a hit (an erroring condition counts as holding,
 *  its message kept in `errors`). */
function matching(bs: readonly CodeBreakpoint[], hit: HitView, errors: string[] | null): CodeBreakpoint[] {
  const out: CodeBreakpoint[] = [];
  for (const b of bs) {
    if (b.condition !== undefined && b.condition.trim() !== '') {
      try {
        const v = evaluateCondition(b.condition, hit.locals());
        if (v === null || v === false) continue;
      } catch (e) {
        errors?.push(e instanceof Error ? e.message : String(e));
      }
    }
    out.push(b);
  }
  return out;
}

/** Stop rule for a set of breakpoints: a hit stops when its point has a breakpoint whose
 *  condition holds (an erroring condition stops, with the error kept) and hit condition
 *  holds; a logpoint there never stops, it is logged (`log`). A breakpoint with a `counter`
 *  counts the session's passes over it (only hits `accepts` is told are passed); one
 *  without counts from the code's start in each replay. A breakpoint stops before its form
 *  runs, not again when a call in it returns. */
export function breakpointRule(breakpoints: readonly CodeBreakpoint[], log?: (line: LogLine) => void) {
  const byPoint = new Map<number, CodeBreakpoint[]>();
  for (const b of breakpoints) byPoint.set(b.point, [...(byPoint.get(b.point) ?? []), b]);
  const local = new Map<CodeBreakpoint, number>();
  const errors: string[] = [];
  const rule = {
    errors,
    /** The breakpoints at the hit's point whose condition holds; `passing`: errors are kept. */
    matched(hit: HitView, passing: boolean): CodeBreakpoint[] {
      const bs = byPoint.get(hit.point.index);
      if (bs === undefined || hit.returned !== undefined) return [];
      return matching(bs, hit, passing ? errors : null);
    },
    /** Counts the hit for the counter-less breakpoints (from the code's start); true where one's hit condition holds. */
    countLocal(matched: readonly CodeBreakpoint[]): Set<CodeBreakpoint> {
      const holds = new Set<CodeBreakpoint>();
      for (const b of matched) {
        if (b.counter !== undefined) continue;
        const count = (local.get(b) ?? 0) + 1;
        local.set(b, count);
        if (hitHolds(b, count)) holds.add(b);
      }
      return holds;
    },
    /** A pass over `matched` at `hit` (counter-less ones decided by `localHolds`): counts, logs; true when it stops. */
    pass(hit: { n: number; locals(): Map<string, Value> }, matched: readonly CodeBreakpoint[], localHolds: ReadonlySet<CodeBreakpoint>, erred: boolean): boolean {
      let stop = erred;
      for (const b of matched) {
        let holds: boolean;
        if (b.counter !== undefined) holds = hitHolds(b, ++b.counter.hits);
        else holds = localHolds.has(b);
        if (!holds) continue;
        if (b.logMessage !== undefined && b.logMessage !== '') log?.({ breakpoint: b, hit: hit.n, locals: hit.locals() });
        else stop = true;
      }
      return stop;
    },
    /** Decides a hit in the window of a forward move (`passing`) or before it (only counted from the code's start). */
    accepts(hit: HitView, passing = true): boolean {
      const before = errors.length;
      const matched = rule.matched(hit, passing);
      if (matched.length === 0) return false;
      const holds = rule.countLocal(matched);
      return passing && rule.pass(hit, matched, holds, errors.length > before);
    },
  };
  return rule;
}

function hitHolds(b: CodeBreakpoint, count: number): boolean {
  return b.hitCondition === undefined || b.hitCondition.trim() === '' || hitConditionHolds(b.hitCondition, count);
}
