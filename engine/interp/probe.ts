// Evaluation points and the probe. Code compiled with points (only when a probe is installed:
// plain code carries no hook at all) calls the installed probe before each form it evaluates,
// with the point (the form's range and the locals in scope) and the stack of function frames.
// The debugger pauses by replaying deterministic code under a probe that records and unwinds.

import type { Value } from '../edn/values';
import { RECUR, type Code, type Frame } from './runtime';

/** One evaluation point: a form of the compiled code (a call or special form). */
export interface Point {
  /** Index in its table, in compile order (stable for the same code). */
  readonly index: number;
  /** Offsets in the code's text (for function code strings: into the string's value). */
  readonly start: number;
  readonly end: number;
  /** The locals in scope at the form: inner scopes first, each in binding order; one per name. */
  readonly locals: readonly { name: string; read: Code }[];
  /** The table (one compiled code unit) the point belongs to. */
  readonly table: PointTable;
}

/** The points of one compiled unit. `root` (the `(fn ...)` of function code) is no point. */
export class PointTable {
  readonly points: Point[] = [];
  constructor(readonly root: unknown) {}

  add(start: number, end: number, locals: readonly { name: string; read: Code }[]): Point {
    const p: Point = { index: this.points.length, start, end, locals, table: this };
    this.points.push(p);
    return p;
  }
}

/** A function invocation (or the flow body) on the probe's stack. */
export interface StackEntry {
  /** The function's name (`fn` when anonymous; `flow body` for the body). */
  readonly name: string;
  /** The form in progress in this frame (the innermost point entered and not yet done; for a
   *  caller, the call). Null before the first. */
  point: Point | null;
  /** The frame of that point, for its locals. */
  frame: Frame | null;
}

export interface Probe {
  /** Called before the form of `point` evaluates; `stack` is innermost last (depth = length).
   *  Called again at the caller's point, with `returned`, when a function it called returns
   *  (so stepping out lands back in the caller, showing the value).
   *  May throw a `HostSignal` to unwind (user `try` neither catches it nor runs `finally`). */
  hit(point: Point, frame: Frame, stack: readonly StackEntry[], returned?: { value: Value }): void;
}

/** The installed probe and its stack. Module state: evaluation is synchronous. */
export const P: { probe: Probe | null; stack: StackEntry[] } = { probe: null, stack: [] };

/** Installs `probe` until the returned function is called (the previous one comes back). */
export function installProbe(probe: Probe): () => void {
  const saved = { probe: P.probe, stack: P.stack };
  P.probe = probe;
  P.stack = [];
  return () => {
    P.probe = saved.probe;
    P.stack = saved.stack;
  };
}

/** Runs `body` with no probe (code it evaluates has no points), e.g. a breakpoint's condition. */
export function withoutProbe<T>(body: () => T): T {
  const saved = P.probe;
  P.probe = null;
  try {
    return body();
  } finally {
    P.probe = saved;
  }
}

/** Code that reports `point` to the probe, then evaluates `code`. While it evaluates, the
 *  point is its frame's current form (so a caller's frame shows the call in progress). */
export function pointCode(point: Point, code: Code): Code {
  return (f: Frame) => {
    const stack = P.stack;
    const top = stack[stack.length - 1];
    if (top === undefined) {
      if (P.probe !== null) P.probe.hit(point, f, stack);
      return code(f);
    }
    const outer = top.point;
    top.point = point;
    top.frame = f;
    if (P.probe !== null) P.probe.hit(point, f, stack);
    const value = code(f);
    top.point = outer;
    return value;
  };
}

/** Code that keeps a stack entry for a function body (or the flow body) while it runs, and
 *  reports the return at the caller's point. */
export function frameCode(name: string, body: Code): Code {
  return (f: Frame) => {
    const stack = P.stack;
    stack.push({ name, point: null, frame: f });
    const depth = stack.length;
    let value: Value;
    try {
      value = body(f);
    } finally {
      stack.length = depth - 1;
    }
    const caller = stack[depth - 2];
    if (P.probe !== null && value !== RECUR && caller !== undefined && caller.point !== null) P.probe.hit(caller.point, caller.frame!, stack, { value });
    return value;
  };
}

/** The locals of `point` in `frame`, by name (innermost binding of each name). */
export function localsAt(point: Point, frame: Frame): Map<string, Value> {
  const out = new Map<string, Value>();
  for (const l of point.locals) {
    const v = l.read(frame);
    out.set(l.name, v === undefined ? null : v);
  }
  return out;
}
