// The breakpoints of a debug session: line breakpoints (per file: the flow file and the files
// it includes) bound through the flow map, function breakpoints by step id, exception filters,
// and what each carries (condition, hit count, logpoint message). Matching a boundary against
// them; counting hits.

import { realpathSync } from 'node:fs';
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
  /** Where else it binds: a line of a file the flow includes more than once stops at each place. */
  also?: StopTarget[];
  /** The bound line (1-based), when verified. */
  line: number | null;
  /** The file the breakpoint was set in (null: the flow file; else an included file's path). */
  file: string | null;
  message: string | null;
  hits: number;
}

let nextId = 1;

export class Breakpoints {
  /** Line breakpoints by the path they were set in ('' for the flow file), with that path. */
  private lines = new Map<string, { path: string | null; list: Breakpoint[] }>();
  private allLines: Breakpoint[] = [];
  private functions: Breakpoint[] = [];
  private filters = new Set<ExceptionFilter>();

  constructor(
    private map: FlowMap,
    /** The text of a file on disk now (null when unreadable): a file edited since launch no longer matches the run. */
    private readonly readNow?: (path: string) => string | null,
  ) {}

  /**
   * A new flow map. A fork (the same text) keeps every binding; another text (Restart read the
   * flow and its includes again) binds every line breakpoint anew, keeping ids: returns those
   * whose binding changed, for the session to announce.
   */
  setMap(map: FlowMap): Breakpoint[] {
    const same = map.source === this.map.source;
    this.map = map;
    if (same) return [];
    const changed: Breakpoint[] = [];
    for (const [key, entry] of this.lines) {
      const list = this.bindAll(entry.list.map((b) => b.spec), entry.path, entry.list.map((b) => b.id));
      list.forEach((again, i) => {
        const b = entry.list[i]!;
        if (again.verified !== b.verified || again.line !== b.line || again.message !== b.message) changed.push(again);
      });
      this.lines.set(key, { path: entry.path, list });
    }
    this.allLines = [...this.lines.values()].flatMap((e) => e.list);
    return changed;
  }

  /** Sets the line breakpoints of one file (`path`: the flow file when null or its path; else a file it may include). */
  setLines(specs: BreakpointSpec[], path: string | null = null): Breakpoint[] {
    const list = this.bindAll(specs, path, specs.map(() => nextId++));
    const file = this.map.files.fileOf(path);
    this.lines.set(file === null ? '' : (path ?? ''), { path: file === null ? null : path, list });
    this.allLines = [...this.lines.values()].flatMap((e) => e.list);
    return list;
  }

  private bindAll(specs: BreakpointSpec[], path: string | null, ids: number[]): Breakpoint[] {
    const file = this.map.files.fileOf(path);
    return specs.map((spec, i) => (file === undefined ? this.outside(spec, path!, ids[i]!) : this.bindLine(spec, file, ids[i]!)));
  }

  private bindLine(spec: BreakpointSpec, file: string | null, id: number): Breakpoint {
    const unverified = (message: string): Breakpoint => ({ id, kind: 'line', spec, verified: false, target: null, line: null, file, message, hits: 0 });
    const problem = hitConditionProblem(spec.hitCondition);
    if (problem !== null) return unverified(problem);
    if (this.map.files.changedOnDisk(file, this.readNow)) {
      return unverified(`${this.map.files.name(file)} changed since the run started: the run runs the text it was launched with (its frames show that text, read-only); restart the session to debug the edited file`);
    }
    const b = this.map.bind(spec.line ?? 0, file);
    if (!b.verified) return unverified(b.message);
    const also = b.also ?? [];
    const where = also.length > 0 ? `${this.map.files.name(file)} is included ${also.length + 1} times: stops at ${[b.target, ...also].map(describe).join(' and at ')}` : null;
    const message = [this.bindMessage(b.target, b.line, b.moved, file), where].filter((m) => m !== null).join('; ') || null;
    return { id, kind: 'line', spec, verified: true, target: b.target, ...(also.length > 0 ? { also } : {}), line: b.line, file, message, hits: 0 };
  }

  private bindMessage(target: StopTarget, line: number, moved: boolean, file: string | null): string | null {
    const files = this.map.files;
    if (target.file !== file) return `line ${line} of ${files.name(file)} is part of ${describe(target)} (${files.name(target.file)} line ${target.line}, which includes it): stops there`;
    return moved ? `moved to line ${line}, where ${describe(target)} starts` : null;
  }

  /** A breakpoint in a file the flow does not include. */
  private outside(spec: BreakpointSpec, path: string, id: number): Breakpoint {
    const files = this.map.files;
    if (files.unmatched.includes(path) || files.unmatched.includes(realPath(path))) {
      const message = `${files.name(path)} is included by ${files.name(null)}, but the run's text no longer matches the files (changed since the run started): its frames show the text the run runs, read-only; start a new run to debug the edited files`;
      return { id, kind: 'line', spec, verified: false, target: null, line: null, file: null, message, hits: 0 };
    }
    const included = this.map.files.included.map((f) => this.map.files.name(f));
    const message = `${this.map.files.name(path)} is not part of the flow being debugged: ${this.map.files.name(null)} does not #flow/include it${included.length > 0 ? ` (it includes ${included.join(', ')})` : ''}; a breakpoint there binds when a debugged flow includes that file`;
    return { id, kind: 'line', spec, verified: false, target: null, line: null, file: null, message, hits: 0 };
  }

  setFunctions(specs: BreakpointSpec[]): Breakpoint[] {
    this.functions = specs.map((spec) => {
      const id = (spec.stepId ?? '').trim().replace(/^:/, '');
      const step = this.map.step(id);
      const problem = hitConditionProblem(spec.hitCondition);
      if (problem !== null) return { id: nextId++, kind: 'function' as const, spec: { ...spec, stepId: id }, verified: false, target: null, line: null, file: null, message: problem, hits: 0 };
      const known = this.map.steps.map((s) => s.stepId).join(', ');
      return step !== undefined
        ? { id: nextId++, kind: 'function' as const, spec: { ...spec, stepId: id }, verified: true, target: step, line: step.line, file: step.file, message: null, hits: 0 }
        : { id: nextId++, kind: 'function' as const, spec: { ...spec, stepId: id }, verified: false, target: null, line: null, file: null, message: `no step :${id} in this flow (its steps: ${known || 'none'})`, hits: 0 };
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
    return this.lineBreakpoints.some((b) => b.verified) || this.functions.some((b) => b.verified) || this.filters.size > 0;
  }

  /** Breakpoints on a step (line breakpoints on its form, function breakpoints by its id). */
  onStep(stepId: string): Breakpoint[] {
    return [...this.lineBreakpoints, ...this.functions].filter((b) => b.verified && targetsOf(b).some((t) => t.kind === 'step' && t.stepId === stepId));
  }

  onBranch(start: number): Breakpoint[] {
    return this.lineBreakpoints.filter((b) => b.verified && targetsOf(b).some((t) => t.kind === 'branch' && t.start === start));
  }

  /** Verified line breakpoints (function code's among them). */
  get lineBreakpoints(): readonly Breakpoint[] {
    return this.allLines;
  }

  onEntries(): Breakpoint[] {
    return this.lineBreakpoints.filter((b) => b.verified && b.target?.kind === 'entry');
  }

  get hasBranches(): boolean {
    return this.lineBreakpoints.some((b) => b.verified && targetsOf(b).some((t) => t.kind === 'branch'));
  }
}

/** Every place a breakpoint binds. */
function targetsOf(b: Breakpoint): StopTarget[] {
  return b.target === null ? [] : b.also === undefined ? [b.target] : [b.target, ...b.also];
}

function realPath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
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
    case 'code-point':
      return `${target.text} in ${target.unit.kind === 'function' ? `function :${target.unit.name}` : `the :code of :${target.unit.name ?? 'function'}`}`;
  }
}
