// What `flow-edn test` asserts: a scenario's `:expect` against the run. `:status` must match;
// `:output` matches when every key it names has the expected value (maps compare partially,
// everything else by Clojure equality); `:error` is a fragment of the error message;
// `:steps` names steps with the `:status`/`:attempts` they must have.

import { is, List, Map as IMap } from 'immutable';
import { printValue } from '../edn/printer';
import type { Value } from '../edn/values';
import { entries, kget, knum, nameOf } from './data';
import type { RunReport } from './report';

/** True when `actual` has everything `expected` names. */
export function partialMatch(expected: Value, actual: Value): boolean {
  if (IMap.isMap(expected)) {
    if (!IMap.isMap(actual)) return false;
    for (const [k, v] of (expected as IMap<Value, Value>).entries()) {
      const a = (actual as IMap<Value, Value>).get(k);
      if (a === undefined || !partialMatch(v, a)) return false;
    }
    return true;
  }
  if (List.isList(expected) && List.isList(actual)) {
    const e = expected as List<Value>;
    const a = actual as List<Value>;
    return e.size === a.size && e.every((x, i) => partialMatch(x, a.get(i)!));
  }
  return is(expected, actual);
}

/** One key where the output differs from `:expect :output`. */
export interface OutputDifference {
  /** The key path, e.g. `[:fulfillment :status]`; `[]` for the output itself. */
  path: string;
  expected: string;
  /** `nil` when the key is missing. */
  actual: string;
}

/** The keys where `actual` lacks what `expected` names, down to the deepest differing key. */
export function outputDifferences(expected: Value, actual: Value, path: Value[] = []): OutputDifference[] {
  if (IMap.isMap(expected) && IMap.isMap(actual)) {
    const out: OutputDifference[] = [];
    for (const [k, v] of (expected as IMap<Value, Value>).entries()) {
      const a = (actual as IMap<Value, Value>).get(k);
      if (a === undefined) out.push({ path: printValue(List([...path, k])), expected: printValue(v), actual: 'nil (no such key)' });
      else out.push(...outputDifferences(v, a, [...path, k]));
    }
    return out;
  }
  if (List.isList(expected) && List.isList(actual) && (expected as List<Value>).size === (actual as List<Value>).size) {
    return (expected as List<Value>).toArray().flatMap((x, i) => outputDifferences(x, (actual as List<Value>).get(i)!, [...path, i]));
  }
  return partialMatch(expected, actual) ? [] : [{ path: printValue(List(path)), expected: printValue(expected), actual: printValue(actual) }];
}

export function expectationProblems(expect: Value, report: RunReport, output: Value): string[] {
  const problems: string[] = [];
  const status = nameOf(kget(expect, 'status'));
  if (status !== null && status !== report.status) problems.push(`status: expected :${status}, got :${report.status}${report.error ? ` (${report.error.message})` : ''}`);
  const out = kget(expect, 'output');
  if (out !== undefined) for (const d of outputDifferences(out, output)) problems.push(`output ${d.path}: expected ${d.expected}, got ${d.actual}`);
  const error = kget(expect, 'error');
  if (typeof error === 'string' && !(report.error?.message ?? '').includes(error)) problems.push(`error: expected a message containing ${JSON.stringify(error)}, got ${report.error ? JSON.stringify(report.error.message) : 'no error'}`);
  for (const [stepId, want] of entries(kget(expect, 'steps'))) {
    const step = report.steps.find((s) => s.id === stepId);
    if (!step) {
      problems.push(`steps: :${stepId} did not run`);
      continue;
    }
    const wantStatus = nameOf(kget(want, 'status'));
    if (wantStatus !== null && wantStatus !== step.status) problems.push(`steps: :${stepId} expected :${wantStatus}, got :${step.status}`);
    const attempts = knum(want, 'attempts');
    if (attempts !== null && attempts !== step.attempts) problems.push(`steps: :${stepId} expected ${attempts} attempts, got ${step.attempts}`);
  }
  const branches = kget(expect, 'branches');
  if (List.isList(branches)) {
    const got = report.branches.map((b) => `${b.label ?? ''}=${b.taken}`);
    for (const b of (branches as List<Value>).toArray()) {
      const label = typeof b === 'string' ? b : null;
      if (label && !report.branches.some((x) => x.branch === label || `${x.label}=${x.taken}` === label)) problems.push(`branches: expected ${JSON.stringify(label)} to be taken; taken: ${got.join(', ') || 'none'}`);
    }
  }
  return problems;
}
