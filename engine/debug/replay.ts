// Pause by replay: function code is pure and the flow body's steps come from the journal, so
// running the code again from its start under a probe reaches exactly the same points in the
// same order. Pausing at a point is "run again up to that hit, record, unwind"; every
// stepping action (in, next, out, back, continue, reverse continue) is a target hit number
// or a stop rule over the hits of one replay (reverse continue: two replays).

import type { Value } from '../edn/values';
import { compileFunction, fuelUsed, installProbe, type Host } from '../interp/index';
import type { FlowProgram } from '../run/program';
import { breakpointRule, type CodeBreakpoint, type LogLine } from './conditions';
import type { CodeUnit } from './points';
import { Paused, ReplayProbe, type HitView, type PausedFrame } from './probe';

/** One run of one code unit: function code called with its argument (see
 *  `functionArgument` in engine/steps/function.ts), or the flow body against a host that
 *  answers steps from the journal (`host`, called once per replay: `() => journalHost(..)`). */
export type CodeCall = { program: FlowProgram; unit: CodeUnit; input: Value } | { program: FlowProgram; unit: CodeUnit; host: () => Host };

export type Target =
  /** The n-th point hit (1-based). */
  | { kind: 'hit'; n: number }
  /** The first hit after `after` at depth <= `maxDepth` (null: never by depth), or at a
   *  breakpoint. The hits after `after` are passed: counted, and logpoints there go to `log`. */
  | { kind: 'forward'; after: number; maxDepth: number | null; breakpoints: readonly CodeBreakpoint[]; log?: (line: LogLine) => void }
  /** The last breakpoint hit before `before`. The hits passed on the way back (from the
   *  latest) are counted; their logpoints go to `log` in the code's order. */
  | { kind: 'backward'; before: number; breakpoints: readonly CodeBreakpoint[]; log?: (line: LogLine) => void }
  /** The first hit once `used` evaluations (fuel) are spent: where a live run of the same code
   *  was interrupted (`Interrupted.used`); the last hit when the code ends before. */
  | { kind: 'evaluations'; used: number };

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
  if (current === null && kind !== 'continue') return kind === 'back' || kind === 'reverse' ? { kind: 'backward', before: 1, breakpoints: [] } : { kind: 'forward', after: 0, maxDepth: Infinity, breakpoints };
  switch (kind) {
    case 'in':
      return { kind: 'forward', after: at, maxDepth: Infinity, breakpoints };
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
  if (target.kind === 'backward') return backward(call, target);
  if (target.kind === 'hit') return replay(call, (h) => h.n >= target.n);
  if (target.kind === 'evaluations') {
    const outcome = replay(call, () => fuelUsed() >= target.used);
    return outcome.kind === 'finished' && outcome.hits > 0 ? runToPoint(call, { kind: 'hit', n: outcome.hits }) : outcome;
  }
  const rule = breakpointRule(target.breakpoints, target.log);
  const countsFromStart = target.breakpoints.some((b) => b.counter === undefined);
  let byBreakpoint = false;
  const outcome = replay(call, (h) => {
    if (h.n <= target.after) {
      // Before the move: not passed (counter-less breakpoints count from the code's start).
      if (countsFromStart) rule.accepts(h, false);
      return false;
    }
    if (target.breakpoints.length > 0 && rule.accepts(h)) return (byBreakpoint = true);
    return target.maxDepth !== null && h.depth <= target.maxDepth;
  });
  return outcome.kind === 'paused' ? { ...outcome, reason: byBreakpoint ? 'breakpoint' : 'step', conditionErrors: rule.errors } : outcome;
}

/** Reverse continue: one replay notes the hits with breakpoints before `before` (a code
 *  that throws is scanned up to its throw); they are passed from the latest back, and a
 *  second replay stops at the first that stops. */
function backward(call: CodeCall, target: Extract<Target, { kind: 'backward' }>): Outcome {
  const lines: LogLine[] = [];
  const rule = breakpointRule(target.breakpoints, (l) => lines.push(l));
  const seen: { n: number; locals: Map<string, Value>; matched: CodeBreakpoint[]; holds: Set<CodeBreakpoint>; errors: string[] }[] = [];
  replay(call, (h) => {
    if (h.n >= target.before) return true;
    const before = rule.errors.length;
    const matched = rule.matched(h, true);
    if (matched.length > 0) seen.push({ n: h.n, locals: h.locals(), matched, holds: rule.countLocal(matched), errors: rule.errors.slice(before) });
    return false;
  });
  let stop: (typeof seen)[number] | undefined;
  for (let i = seen.length - 1; i >= 0 && stop === undefined; i--) {
    const s = seen[i]!;
    if (rule.pass({ n: s.n, locals: () => s.locals }, s.matched, s.holds, s.errors.length > 0)) stop = s;
  }
  // Lines were found from the latest back: they print in the code's order.
  for (const l of lines.reverse()) target.log?.(l);
  if (stop === undefined) return { kind: 'start' };
  const to = runToPoint(call, { kind: 'hit', n: stop.n });
  return to.kind === 'paused' ? { ...to, reason: 'breakpoint', conditionErrors: stop.errors } : to;
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

/** Runs a stepping action from `current`; the logpoints it passes go to `log` (Step Back passes none). */
export function step(call: CodeCall, kind: StepKind, current: PausedFrame | null, breakpoints: readonly CodeBreakpoint[] = [], log?: (line: LogLine) => void): Outcome {
  const target = stepTarget(kind, current, breakpoints);
  return runToPoint(call, log !== undefined && target.kind !== 'hit' && target.kind !== 'evaluations' ? { ...target, log } : target);
}

/** The code run from its start (`continue`: to its first breakpoint) or from its end
 *  (`reverse`: to its last), passing what lies between. */
export function pass(call: CodeCall, direction: 'continue' | 'reverse', breakpoints: readonly CodeBreakpoint[], log?: (line: LogLine) => void): Outcome {
  const target: Target = direction === 'continue' ? { kind: 'forward', after: 0, maxDepth: null, breakpoints } : { kind: 'backward', before: Infinity, breakpoints };
  return runToPoint(call, log !== undefined ? { ...target, log } : target);
}
