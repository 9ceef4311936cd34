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

/** Stop rule for a set of breakpoints: a hit stops when its point has a breakpoint whose
 *  condition holds (an erroring condition stops, with the error kept) and hit condition
 *  holds. Counts start again with every replay, which starts the code again. */
export function breakpointRule(breakpoints: readonly CodeBreakpoint[]): { accepts(hit: HitView): boolean; errors: string[] } {
  const byPoint = new Map<number, CodeBreakpoint[]>();
  for (const b of breakpoints) byPoint.set(b.point, [...(byPoint.get(b.point) ?? []), b]);
  const counts = new Map<CodeBreakpoint, number>();
  const errors: string[] = [];
  return {
    errors,
    accepts(hit) {
      const bs = byPoint.get(hit.point.index);
      // A breakpoint stops before its form runs, not again when a call in it returns.
      if (bs === undefined || hit.returned !== undefined) return false;
      let stop = false;
      for (const b of bs) {
        if (b.condition !== undefined && b.condition.trim() !== '') {
          try {
            const v = evaluateCondition(b.condition, hit.locals());
            if (v === null || v === false) continue;
          } catch (e) {
            errors.push(e instanceof Error ? e.message : String(e));
            stop = true;
            continue;
          }
        }
        const count = (counts.get(b) ?? 0) + 1;
        counts.set(b, count);
        if (b.hitCondition === undefined || b.hitCondition.trim() === '' || hitConditionHolds(b.hitCondition, count)) stop = true;
      }
      return stop;
    },
  };
}
