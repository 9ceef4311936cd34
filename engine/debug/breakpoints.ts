// The breakpoints of a debug session: line breakpoints bound through the flow map, function
// breakpoints by step id, exception filters, and what each carries (condition, hit count,
// logpoint message). Matching a boundary against them; counting hits.

import type { FlowMap, StopTarget } from './flow-map';

export type ExceptionFilter = 'stepAttempt' | 'stepFailed' | 'runFailed';

export const EXCEPTION_FILTERS: { filter: ExceptionFilter; label: string; description: string }[] = [
  { filter: 'stepAttempt', label: 'Step attempt failed', description: 'Stop after a step attempt fails (a retry follows, or the step fails)' },
  { filter: 'stepFailed', label: 'Step failed after retries', description: 'Stop when a step fails for good (also when :on-error :skip goes on)' },
  { filter: 'runFailed', label: 'Run failed', description: 'Stop where the run failed (post-mortem: the run has ended)' },
];

export interface BreakpointSpec {
  line?: number;
  stepId?: string;
  condition?: string;
  hitCondition?: string;
  logMessage?: string;
}

export interface Breakpoint {
  id: number;
  kind: 'line' | 'function';
  spec: BreakpointSpec;
  verified: boolean;
  /** Where it binds (line breakpoints), or the step it names (function breakpoints). */
  target: StopTarget | null;
  /** The bound line (1-based), when verified. */
  line: number | null;
  message: string | null;
  hits: number;
}

let nextId = 1;

export class Breakpoints {
  private lines: Breakpoint[] = [];
  private functions: Breakpoint[] = [];
  private filters = new Set<ExceptionFilter>();

  constructor(private map: FlowMap) {}

  /** A new flow map (a fork of another source): rebinds nothing, line breakpoints keep their targets by step id. */
  setMap(map: FlowMap): void {
    this.map = map;
  }

  setLines(specs: BreakpointSpec[]): Breakpoint[] {
    this.lines = specs.map((spec) => {
      const problem = hitConditionProblem(spec.hitCondition);
      if (problem !== null) return { id: nextId++, kind: 'line' as const, spec, verified: false, target: null, line: null, message: problem, hits: 0 };
      const b = this.map.bind(spec.line ?? 0);
      return b.verified
        ? { id: nextId++, kind: 'line' as const, spec, verified: true, target: b.target, line: b.line, message: b.moved ? `moved to line ${b.line}, where ${describe(b.target)} starts` : null, hits: 0 }
        : { id: nextId++, kind: 'line' as const, spec, verified: false, target: null, line: null, message: b.message, hits: 0 };
    });
    return this.lines;
  }

  setFunctions(specs: BreakpointSpec[]): Breakpoint[] {
    this.functions = specs.map((spec) => {
      const id = (spec.stepId ?? '').trim().replace(/^:/, '');
      const step = this.map.step(id);
      const problem = hitConditionProblem(spec.hitCondition);
      if (problem !== null) return { id: nextId++, kind: 'function' as const, spec: { ...spec, stepId: id }, verified: false, target: null, line: null, message: problem, hits: 0 };
      const known = this.map.steps.map((s) => s.stepId).join(', ');
      return step !== undefined
        ? { id: nextId++, kind: 'function' as const, spec: { ...spec, stepId: id }, verified: true, target: step, line: step.line, message: null, hits: 0 }
        : { id: nextId++, kind: 'function' as const, spec: { ...spec, stepId: id }, verified: false, target: null, line: null, message: `no step :${id} in this flow (its steps: ${known || 'none'})`, hits: 0 };
    });
    return this.functions;
  }

  setFilters(filters: string[]): void {
    this.filters = new Set(filters.filter((f): f is ExceptionFilter => EXCEPTION_FILTERS.some((x) => x.filter === f)));
  }

  filter(f: ExceptionFilter): boolean {
    return this.filters.has(f);
  }

  /** Whether anything could stop a run before a step (so the runtime needs the step hook). */
  get any(): boolean {
    return this.lines.some((b) => b.verified) || this.functions.some((b) => b.verified) || this.filters.size > 0;
  }

  /** Breakpoints on a step (line breakpoints on its form, function breakpoints by its id). */
  onStep(stepId: string): Breakpoint[] {
    return [...this.lines, ...this.functions].filter((b) => b.verified && b.target?.kind === 'step' && b.target.stepId === stepId);
  }

  onBranch(start: number): Breakpoint[] {
    return this.lines.filter((b) => b.verified && b.target?.kind === 'branch' && b.target.start === start);
  }

  onEntries(): Breakpoint[] {
    return this.lines.filter((b) => b.verified && b.target?.kind === 'entry');
  }

  get hasBranches(): boolean {
    return this.lines.some((b) => b.verified && b.target?.kind === 'branch');
  }
}

/** Whether a hit count passes a DAP hit condition: `3`, `=3`, `>=3`, `>2`, `<4`, `<=4`, `%2`. */
export function hitPasses(condition: string | undefined, hits: number): boolean {
  if (condition === undefined || condition.trim() === '') return true;
  const m = /^\s*(==?|>=|<=|>|<|%)?\s*(\d+)\s*$/.exec(condition);
  if (m === null) return true;
  const n = Number(m[2]);
  switch (m[1]) {
    case '>=':
      return hits >= n;
    case '<=':
      return hits <= n;
    case '>':
      return hits > n;
    case '<':
      return hits < n;
    case '%':
      return n > 0 && hits % n === 0;
    default:
      return hits === n;
  }
}

/** Why a hit condition cannot be read, or null. */
export function hitConditionProblem(condition: string | undefined): string | null {
  if (condition === undefined || condition.trim() === '') return null;
  return /^\s*(==?|>=|<=|>|<|%)?\s*\d+\s*$/.test(condition) ? null : `hit count "${condition}" is not understood: write a number (stop at that hit), or >= N, > N, < N, <= N, % N`;
}

export function describe(target: StopTarget): string {
  switch (target.kind) {
    case 'step':
      return `step :${target.stepId} (:${target.stepType})`;
    case 'branch':
      return `the branch ${target.label !== null ? JSON.stringify(target.label) : '(if)'}`;
    case 'entry':
      return `the ${target.entry} ${target.names[0] !== undefined ? JSON.stringify(target.names[0]) : 'entry'}`;
  }
}
