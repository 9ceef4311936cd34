// Whether a boundary stops the run, and why: breakpoints on its step (line or by step id),
// on labelled `if`s decided since the last boundary, on the run's entry, and the exception
// filters over what the journal and events recorded since. Conditions, hit counts and
// logpoints are applied here, over the boundary's locals.

import type { Value } from '../edn/values';
import type { RunEvent } from '../run/events';
import type { JournalRecord, RunRecord } from '../store/port';
import type { BoundaryView } from './boundary';
import { describe, hitPasses, type Breakpoint, type Breakpoints, type ExceptionFilter } from './breakpoints';
import { evaluateIn, interpolate } from './evaluate';
import { entryMatches, type FlowMap, type StopTarget } from './flow-map';
import type { StopReason } from './types';

export interface Hit {
  reason: StopReason;
  description: string;
  breakpointIds: number[];
  /** Where the stop is when not at the boundary's step. */
  focus: StopTarget | null;
  /** The boundary the stop shows. */
  position: number;
  exception?: { filter: ExceptionFilter; message: string };
  /** The start of the run reached going back: before every rule of its boundary. */
  opening?: true;
  /** A stop on entry (stopOnEntry, attach) or a Pause: before the boundary's labelled `if`s
   *  and step (an entry breakpoint, checked first live, is behind it). */
  ahead?: true;
}

function truthy(v: Value): boolean {
  return v !== null && v !== false;
}

export class StopRules {
  constructor(
    private readonly bps: Breakpoints,
    private readonly map: () => FlowMap,
    private readonly say: (text: string) => void,
  ) {}

  /** Applies condition, hit count (when `count`) and logpoint; true when `b` stops here. */
  private passes(b: Breakpoint, view: BoundaryView, count: boolean): boolean {
    const spec = b.spec;
    if (spec.condition !== undefined && spec.condition.trim() !== '') {
      try {
        if (!truthy(evaluateIn(spec.condition, view.locals, view.input))) return false;
      } catch (e) {
        this.say(`breakpoint condition ${JSON.stringify(spec.condition)} (line ${b.line}) failed: ${(e as Error).message}; stopping there`);
        return true;
      }
    }
    if (count) {
      b.hits++;
      if (!hitPasses(spec.hitCondition, b.hits)) return false;
    } else if (spec.hitCondition !== undefined && spec.hitCondition.trim() !== '') return false;
    if (spec.logMessage !== undefined && spec.logMessage !== '') {
      this.say(interpolate(spec.logMessage, view.locals, view.input));
      return false;
    }
    return true;
  }

  /** Breakpoints on the boundary's step. */
  atStep(view: BoundaryView, count: boolean): Hit | null {
    if (view.call === null) return null;
    const stepId = view.call.id ?? view.call.type;
    const hit = this.bps.onStep(stepId).filter((b) => this.passes(b, view, count));
    if (hit.length === 0) return null;
    const reason: StopReason = hit.every((b) => b.kind === 'function') ? 'function breakpoint' : 'breakpoint';
    return { reason, description: `${reason === 'breakpoint' ? 'breakpoint' : 'function breakpoint'} at step :${stepId} (${view.stepKey})`, breakpointIds: hit.map((b) => b.id), focus: null, position: view.position };
  }

  /** Breakpoints on labelled `if`s the body decided after passing `from` journal records
   *  (and, with `after`, after the `if` at that source offset). */
  atBranches(view: BoundaryView, from: number, count: boolean, after: number | null = null): Hit | null {
    let skipping = after !== null;
    for (const seen of view.branches) {
      if (seen.position < from) continue;
      if (skipping) {
        skipping = seen.start !== after;
        continue;
      }
      const hit = this.branchHit(view, seen, count);
      if (hit !== null) return hit;
    }
    return null;
  }

  /** Going back: the last breakpoint on a labelled `if` decided after passing `from` journal
   *  records (with `before`, among those decided before the `if` at that source offset). */
  atBranchesBack(view: BoundaryView, from: number, count: boolean, before: number | null = null): Hit | null {
    const seen = view.branches.filter((b) => b.position >= from);
    const end = before === null ? seen.length : seen.findIndex((b) => b.start === before);
    for (let i = (end < 0 ? seen.length : end) - 1; i >= 0; i--) {
      const hit = this.branchHit(view, seen[i]!, count);
      if (hit !== null) return hit;
    }
    return null;
  }

  /** Step Back: the last labelled `if` decided after passing `from` (before the one at
   *  `before`) that holds a breakpoint (not a logpoint; conditions and hit counts not applied). */
  branchBack(view: BoundaryView, from: number, before: number | null): Hit | null {
    const seen = view.branches.filter((b) => b.position >= from);
    const end = before === null ? seen.length : seen.findIndex((b) => b.start === before);
    for (let i = (end < 0 ? seen.length : end) - 1; i >= 0; i--) {
      const b = seen[i]!;
      const target = this.map().branchAt(b.start);
      const ids = this.bps.onBranch(b.start).filter((bp) => bp.spec.logMessage === undefined || bp.spec.logMessage === '');
      if (target !== undefined && ids.length > 0) return { reason: 'step', description: `back to ${branchText(b)}`, breakpointIds: [], focus: target, position: view.position };
    }
    return null;
  }

  private branchHit(view: BoundaryView, seen: BoundaryView['branches'][number], count: boolean): Hit | null {
    const target = this.map().branchAt(seen.start);
    if (target === undefined) return null;
    const hit = this.bps.onBranch(seen.start).filter((b) => this.passes(b, view, count));
    if (hit.length === 0) return null;
    return { reason: 'breakpoint', description: branchText(seen), breakpointIds: hit.map((b) => b.id), focus: target, position: view.position };
  }

  /** Entry breakpoints at a run's start: the trigger, interface or schedule it came through. */
  atEntry(run: RunRecord, view: BoundaryView, count: boolean): Hit | null {
    const entries = this.map().entries;
    const hit = this.bps.onEntries().filter((b) => b.target?.kind === 'entry' && entryMatches(b.target, run.trigger, entries) && this.passes(b, view, count));
    if (hit.length === 0) return null;
    const target = hit[0]!.target!;
    return { reason: 'breakpoint', description: `run started through ${describe(target)}${run.trigger !== null ? ` (trigger ${JSON.stringify(run.trigger)})` : ''}`, breakpointIds: hit.map((b) => b.id), focus: target, position: view.position };
  }

  /** The first failure the exception filters stop on among journal records [from, to). */
  exceptions(journal: readonly JournalRecord[], from: number, to: number, events: () => { event: RunEvent }[]): Hit | null {
    const attempt = this.bps.filter('stepAttempt');
    const failed = this.bps.filter('stepFailed');
    if (!attempt && !failed) return null;
    let list: RunEvent[] | undefined;
    for (let i = from; i < to && i < journal.length; i++) {
      const rec = journal[i]!;
      list ??= events().map((e) => e.event);
      const finalError = rec.status === 'failed' ? rec.error : (list.find((e): e is Extract<RunEvent, { type: 'step-completed' }> => e.type === 'step-completed' && e.stepKey === rec.stepKey && e.skipped === true)?.error ?? null);
      if (attempt) {
        const bad = list.find((e): e is Extract<RunEvent, { type: 'step-attempt' }> => e.type === 'step-attempt' && e.stepKey === rec.stepKey && e.outcome !== 'ok');
        if (bad !== undefined) {
          const message = `step :${rec.stepId} attempt ${bad.attempt} failed${bad.status !== undefined ? ` (status ${bad.status})` : ''}${bad.error !== undefined ? `: ${bad.error}` : ''}${bad.outcome === 'retry' ? '; it was retried' : ''}`;
          return { reason: 'exception', description: message, breakpointIds: [], focus: null, position: i, exception: { filter: 'stepAttempt', message } };
        }
      }
      if (failed && finalError !== null) {
        const message = `step :${rec.stepId} failed after ${rec.attempts} attempt${rec.attempts === 1 ? '' : 's'}: ${errorMessage(finalError)}`;
        return { reason: 'exception', description: message, breakpointIds: [], focus: null, position: i, exception: { filter: 'stepFailed', message } };
      }
    }
    return null;
  }
}

/** `"Label": yes, about to take "Arm"`: what a stop on a labelled `if` says. */
function branchText(seen: BoundaryView['branches'][number]): string {
  const label = seen.label !== null ? JSON.stringify(seen.label) : 'if';
  return `${label}: ${seen.taken ? 'yes' : 'no'}, about to take ${seen.branch !== null ? JSON.stringify(seen.branch) : `the ${seen.taken ? 'then' : 'else'} branch`}`;
}

export function errorMessage(text: string): string {
  try {
    const e = JSON.parse(text) as { message?: string };
    return e.message ?? text;
  } catch {
    return text;
  }
}
