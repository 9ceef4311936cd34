// Pause by replay: function code is pure and the flow body's steps come from the journal, so
// running the code again from its start under a probe reaches exactly the same points in the
// same order. Pausing at a point is "run again up to that hit, record, unwind"; every
// stepping action (in, next, out, back, continue, reverse continue) is a target hit number
// or a stop rule over the hits of one replay (reverse continue: two replays).

import type { Value } from '../edn/values';
import { compileFunction, installProbe, type Host } from '../interp/index';
import type { FlowProgram } from '../run/program';
import { breakpointRule, type CodeBreakpoint } from './conditions';
import type { CodeUnit } from './points';
import { Paused, ReplayProbe, type HitView, type PausedFrame } from './probe';

/** One run of one code unit: function code called with its argument (see
 *  `functionArgument` in engine/steps/function.ts), or the flow body against a host that
 *  answers steps from the journal (`host`, called once per replay: `() => journalHost(..)`). */
export type CodeCall = { program: FlowProgram; unit: CodeUnit; input: Value } | { program: FlowProgram; unit: CodeUnit; host: () => Host };

export type Target =
  /** The n-th point hit (1-based). */
  | { kind: 'hit'; n: number }
  /** The first hit after `after` at depth <= `maxDepth` (null: never by depth), or at a breakpoint. */
  | { kind: 'forward'; after: number; maxDepth: number | null; breakpoints: readonly CodeBreakpoint[] }
  /** The last breakpoint hit before `before`. */
  | { kind: 'backward'; before: number; breakpoints: readonly CodeBreakpoint[] };

export type Outcome =
  | { kind: 'paused'; frame: PausedFrame; reason: 'step' | 'breakpoint'; conditionErrors: string[] }
  /** The code ran to its end without stopping (`hits` points on the way). */
  | { kind: 'finished'; result: Value; hits: number }
  /** The code threw (an uncaught `throw`, a runtime error, or for the body a host signal
   *  such as a step that is not in the journal yet). */
  | { kind: 'failed'; error: unknown; hits: number }
  /** Backwards, nothing earlier in this code: the caller steps back out of it. */
  | { kind: 'start' };

export type StepKind = 'in' | 'next' | 'out' | 'back' | 'continue' | 'reverse';

/** The target of a stepping action from `current` (null: the code has not started). */
export function stepTarget(kind: StepKind, current: PausedFrame | null, breakpoints: readonly CodeBreakpoint[] = []): Target {
  const at = current?.hit ?? 0;
  if (current === null && kind !== 'continue') return kind === 'back' || kind === 'reverse' ? { kind: 'backward', before: 1, breakpoints: [] } : { kind: 'hit', n: 1 };
  switch (kind) {
    case 'in':
      return { kind: 'hit', n: at + 1 };
    case 'next':
      return { kind: 'forward', after: at, maxDepth: current!.depth, breakpoints };
    case 'out':
      return { kind: 'forward', after: at, maxDepth: current!.depth - 1, breakpoints };
    case 'continue':
      return { kind: 'forward', after: at, maxDepth: null, breakpoints };
    case 'back':
      return at <= 1 ? { kind: 'backward', before: 1, breakpoints: [] } : { kind: 'hit', n: at - 1 };
    case 'reverse':
      return { kind: 'backward', before: at, breakpoints };
  }
}

/** Replays `call` to `target`. Nothing a journal recorded runs again: function code is pure
 *  and the body's host answers from the journal. */
export function runToPoint(call: CodeCall, target: Target): Outcome {
  if (target.kind === 'backward') {
    const rule = breakpointRule(target.breakpoints);
    let last = 0;
    const scan = replay(call, (h) => {
      if (h.n >= target.before) return true;
      if (rule.accepts(h)) last = h.n;
      return false;
    });
    if (scan.kind === 'failed') return scan;
    if (last === 0) return { kind: 'start' };
    const to = runToPoint(call, { kind: 'hit', n: last });
    return to.kind === 'paused' ? { ...to, reason: 'breakpoint', conditionErrors: rule.errors } : to;
  }
  if (target.kind === 'hit') return replay(call, (h) => h.n >= target.n);
  const rule = breakpointRule(target.breakpoints);
  let byBreakpoint = false;
  const outcome = replay(call, (h) => {
    const bp = target.breakpoints.length > 0 && rule.accepts(h);
    if (h.n <= target.after) return false;
    if (bp) return (byBreakpoint = true);
    return target.maxDepth !== null && h.depth <= target.maxDepth;
  });
  return outcome.kind === 'paused' ? { ...outcome, reason: byBreakpoint ? 'breakpoint' : 'step', conditionErrors: rule.errors } : outcome;
}

/** Runs `call` once under a probe that stops where `stop` says. */
function replay(call: CodeCall, stop: (hit: HitView) => boolean): Outcome {
  const probe = new ReplayProbe(stop);
  const uninstall = installProbe(probe);
  try {
    const result = 'host' in call ? call.program.body.run(call.host()) : compileFunction(call.unit.code)(call.input);
    return { kind: 'finished', result, hits: probe.hits };
  } catch (e) {
    if (e instanceof Paused) return { kind: 'paused', frame: e.frame, reason: 'step', conditionErrors: [] };
    return { kind: 'failed', error: e, hits: probe.hits };
  } finally {
    uninstall();
  }
}

/** Runs a stepping action from `current`. */
export function step(call: CodeCall, kind: StepKind, current: PausedFrame | null, breakpoints: readonly CodeBreakpoint[] = []): Outcome {
  return runToPoint(call, stepTarget(kind, current, breakpoints));
}
