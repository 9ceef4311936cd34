// Breakpoints and stepping inside function code for the debug runtime, over pause by replay
// (replay.ts): binds lines of `:functions` / inline `:code` to evaluation points, enters a
// `:function` step's code at a boundary (at its breakpoints, from its end backwards, or by
// Step In), moves inside it, prints the logpoints a move passes, and puts its frames in
// front of a stop. A step the scenario mocks has no code to enter: its code never ran.

import { Map as IMap } from 'immutable';
import type { Value } from '../edn/values';
import { kget, nameOf } from '../run/data';
import type { FlowProgram } from '../run/program';
import { parseSimulation, type Simulation } from '../run/simulation';
import { functionArgument } from '../steps/function';
import type { RunRecord } from '../store/port';
import type { BoundaryView } from './boundary';
import type { Breakpoint } from './breakpoints';
import type { CodeBreakpoint, LogLine } from './conditions';
import { interpolate } from './evaluate';
import type { Binding, FlowMap, SourceSpan } from './flow-map';
import type { DebugFrame, FrameSource, StopContext } from './frames';
import { bindLine, codeUnitsOf, filePoint, unitsOfStep, type CodeUnit, type FilePoint } from './points';
import type { PausedFrame } from './probe';
import { pass, runToPoint, step, type CodeCall, type Outcome, type StepKind } from './replay';
import { valueNode } from './variables';

/** A line breakpoint bound to an evaluation point of function code. */
export interface CodeTarget extends SourceSpan {
  kind: 'code-point';
  unit: CodeUnit;
  /** The point's index in its unit. */
  point: number;
  text: string;
}

/** Where the session is stopped inside function code. */
export interface CodeStop {
  call: CodeCall;
  frame: PausedFrame;
  /** The journal position of the `:function` step whose code this is. */
  position: number;
  /** The run's input (`(flow/input)` in a logpoint's message). */
  flowInput: Value;
}

/** What the stepper reads of the session: runs (their scenario's mocks) and the console. */
export interface CodeSession {
  run(runId: string): RunRecord | undefined;
  /** Prints a logpoint's line on the debug console. */
  say(text: string): void;
}

/** Whether the run's scenario answers step `stepId` with a `{:result ...}` mock (as
 *  engine/run/step-execution.ts does): the step's code never runs. */
export function mockedInRun(run: RunRecord | undefined, stepId: string): boolean {
  const sim = simulationOf(run);
  const mock = sim?.mocks.get(stepId);
  return IMap.isMap(mock) && kget(mock, 'result') !== undefined;
}

let lastSim: { text: string; sim: Simulation | null } | null = null;
function simulationOf(run: RunRecord | undefined): Simulation | null {
  const text = run?.simulation;
  if (!text) return null;
  if (lastSim?.text !== text) {
    let sim: Simulation | null = null;
    try {
      sim = parseSimulation(text, null);
    } catch {
      sim = null;
    }
    lastSim = { text, sim };
  }
  return lastSim.sim;
}

export function unitLabel(unit: CodeUnit): string {
  return unit.kind === 'function' ? `function :${unit.name}` : `the :code of :${unit.name ?? 'function'}`;
}

export class CodeStepper {
  active: CodeStop | null = null;

  constructor(
    private readonly program: () => FlowProgram | null,
    private readonly breakpoints: () => readonly Breakpoint[],
    private readonly session: CodeSession,
  ) {}

  /** Binds a 1-based line inside function code (`ranges`: its stretches of the program's text,
   *  for a line of an included file); null when the line is not in function code here. */
  bind(map: FlowMap, line: number, ranges?: readonly { start: number; end: number }[]): Binding | null {
    const program = this.program();
    if (program === null || program.source !== map.source) return null;
    const b = bindLine(program, line - 1, undefined, ranges);
    if (b.unit === null) return null;
    if (!b.verified) return { verified: false, line, message: b.reason };
    const at = (unit: CodeUnit, fp: FilePoint): CodeTarget => ({ kind: 'code-point', unit, point: fp.point.index, text: fp.text, ...map.span(fp) });
    const target = at(b.unit, b.point);
    const also = (b.also ?? []).map((o) => at(o.unit, o.point));
    return { verified: true, target, line: target.line, moved: target.line !== line, ...(also.length > 0 ? { also } : {}) };
  }

  /** The code a boundary's `:function` step runs, with the argument the step gives it; null
   *  when the scenario mocks the step (its code never runs). */
  callAt(view: BoundaryView, runId: string): CodeCall | null {
    const program = this.program();
    const call = view.call;
    if (program === null || call === null || (call.type !== 'function' && call.type !== 'code') || view.stepKey === null) return null;
    if (mockedInRun(this.session.run(runId), call.id ?? call.type)) return null;
    const ref = nameOf(kget(call.config, 'ref'));
    const units = codeUnitsOf(program);
    const unit =
      ref !== null
        ? units.find((u) => u.kind === 'function' && u.name === ref)
        : units.find((u) => u.kind === 'inline' && call.node.start <= u.node.start && u.node.end <= call.node.end);
    if (unit === undefined) return null;
    const input = kget(call.config, 'input');
    const arg = functionArgument(input === undefined ? IMap<Value, Value>() : input, { stepId: call.id ?? call.type, stepKey: view.stepKey, attempt: 1, runId, slug: program.slug });
    return { program, unit, input: arg };
  }

  /** The breakpoints and logpoints set in `unit` (each counting the session's passes on the
   *  breakpoint itself: `Breakpoint.hits`) and the ids of those that stop, by point. */
  breakpointsIn(unit: CodeUnit): { bps: CodeBreakpoint[]; ids: (point: number) => number[] } {
    // Each breakpoint's point in this unit (a code file included into several functions binds in each).
    const inUnit = (b: Breakpoint): CodeTarget | undefined =>
      [b.target, ...(b.also ?? [])].find((t): t is CodeTarget => t?.kind === 'code-point' && t.unit.kind === unit.kind && t.unit.node.start === unit.node.start);
    const mine = this.breakpoints().flatMap((b) => {
      const t = b.verified ? inUnit(b) : undefined;
      return t !== undefined ? [{ b, point: t.point }] : [];
    });
    const bps = mine.map(({ b, point }): CodeBreakpoint => {
      const { condition, hitCondition, logMessage } = b.spec;
      return { point, counter: b, ...(condition !== undefined ? { condition } : {}), ...(hitCondition !== undefined ? { hitCondition } : {}), ...(logMessage ? { logMessage } : {}) };
    });
    return { bps, ids: (point) => mine.filter((m) => m.point === point && !m.b.spec.logMessage).map((m) => m.b.id) };
  }

  /** False when no code step `stepId` can run holds a breakpoint or logpoint (known without a replay). */
  mayStop(stepId: string): boolean {
    const program = this.program();
    if (program === null) return false;
    const units = unitsOfStep(program, stepId);
    return units === null || units.some((u) => this.breakpointsIn(u).bps.length > 0);
  }

  /** True when the step at this boundary runs code holding breakpoints or logpoints. */
  hasBreakpoints(view: BoundaryView, runId: string): boolean {
    const call = this.callAt(view, runId);
    return call !== null && this.breakpointsIn(call.unit).bps.length > 0;
  }

  /** Enters the code of the boundary's step: `continue` to its first breakpoint hit, `in` to
   *  its first point, `reverse` from its end to its last breakpoint hit. The logpoints passed
   *  print (in the code's order); null when the step runs no code. */
  enter(view: BoundaryView, runId: string, kind: 'continue' | 'in' | 'reverse'): Outcome | null {
    const call = this.callAt(view, runId);
    if (call === null) return null;
    const lines: LogLine[] = [];
    const bps = this.breakpointsIn(call.unit).bps;
    const outcome = kind === 'in' ? step(call, 'in', null, bps, (l) => lines.push(l)) : pass(call, kind, bps, (l) => lines.push(l));
    this.active = outcome.kind === 'paused' ? { call, frame: outcome.frame, position: view.position, flowInput: view.input } : null;
    this.print(lines, view.input);
    return outcome;
  }

  /** Enters the code of the boundary's step where a live run of it was interrupted after `used`
   *  evaluations (the debugger's Pause while it computed); null when the step runs no code. */
  enterAt(view: BoundaryView, runId: string, used: number): Outcome | null {
    const call = this.callAt(view, runId);
    if (call === null) return null;
    const outcome = runToPoint(call, { kind: 'evaluations', used });
    this.active = outcome.kind === 'paused' ? { call, frame: outcome.frame, position: view.position, flowInput: view.input } : null;
    return outcome;
  }

  /** A stepping action inside the active code; leaves the code unless it stops again inside. */
  move(kind: StepKind): Outcome {
    const active = this.active!;
    const lines: LogLine[] = [];
    const outcome = step(active.call, kind, active.frame, this.breakpointsIn(active.call.unit).bps, kind === 'back' ? undefined : (l) => lines.push(l));
    this.active = outcome.kind === 'paused' ? { ...active, frame: outcome.frame } : null;
    this.print(lines, active.flowInput);
    return outcome;
  }

  /** Logpoint lines, interpolated once the replay is over (no probe installed). */
  private print(lines: readonly LogLine[], flowInput: Value): void {
    for (const l of lines) this.session.say(interpolate(l.breakpoint.logMessage!, l.locals, flowInput));
  }

  /** One line on the active stop: where in which code (the line in its file, through `map`: an included file named). */
  describe(prefix: string, map?: FlowMap): string {
    const a = this.active!;
    const fp = filePoint(a.call.program, a.call.unit, a.frame.point);
    const at = map !== undefined && map.source === a.call.program.source ? map.span(fp) : null;
    const line = at === null ? `${fp.startPos.line + 1}` : `${at.line}${at.file !== null ? ` of ${map!.files.name(at.file)}` : ''}`;
    return `${prefix} in ${unitLabel(a.call.unit)} at line ${line}: ${fp.text}${a.frame.returned !== undefined ? ' (returned)' : ''}`;
  }

  /** The frames inside function code, innermost first, for the stop at the active position. */
  readonly frames: FrameSource = {
    frames: (ctx: StopContext): DebugFrame[] => {
      const a = this.active;
      if (a === null || a.position !== ctx.view.position || ctx.program.source !== ctx.map.source) return [];
      const { frame, call } = a;
      const out: DebugFrame[] = [];
      for (let i = frame.stack.length - 1; i >= 0; i--) {
        const entry = frame.stack[i]!;
        const innermost = i === frame.stack.length - 1;
        const point = innermost ? frame.point : entry.point;
        const locals = innermost ? frame.locals : entry.locals;
        const fp = point !== null ? filePoint(call.program, call.unit, point) : null;
        const returned = innermost ? frame.returned : undefined;
        out.push({
          name: i === 0 ? unitLabel(call.unit) : `${entry.name} (in ${unitLabel(call.unit)})`,
          kind: 'function',
          span: fp !== null ? ctx.map.span(fp) : null,
          scopes: [
            {
              name: 'Locals',
              expensive: false,
              variables: () => [...(returned !== undefined ? [valueNode('(returned)', returned.value, null)] : []), ...[...locals].map(([n, v]) => valueNode(n, v, n))],
            },
          ],
          locals,
          stepKey: null,
        });
      }
      return out;
    },
  };
}
