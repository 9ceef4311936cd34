// The probe a replay runs under: it numbers every point hit from the start of the code
// (hit 1, 2, ...), asks its stop rule about each, and at the stop records the frame (locals,
// the form, the stack of function frames with their own locals) and unwinds with `Paused`,
// a host signal: user `try` does not catch it and user `finally` does not run.

import type { Value } from '../edn/values';
import { HostSignal, localsAt, type Point, type Probe, type StackEntry } from '../interp/index';
import { quietly } from '../run/signals';

/** A function frame (or the flow body) at a pause, outermost first in `PausedFrame.stack`. */
export interface StackFrame {
  /** The function's name (`fn` when anonymous), or `flow body`. */
  name: string;
  /** Where this frame is: the last point hit in it. */
  point: Point | null;
  locals: Map<string, Value>;
}

/** Where a replay stopped. */
export interface PausedFrame {
  /** The stop's number among all point hits since the code started (1-based). */
  hit: number;
  point: Point;
  /** Function frames on the stack (1 = the code's own function, or the flow body). */
  depth: number;
  /** Locals in scope at the point, by name. */
  locals: Map<string, Value>;
  /** Outermost first; the last entry is the paused frame itself. */
  stack: StackFrame[];
  /** Set when stopped back at a call after the function returned: the value it returned. */
  returned?: { value: Value };
}

/** What a stop rule sees of a hit. `locals()` reads the frame now (only while deciding). */
export interface HitView {
  n: number;
  point: Point;
  depth: number;
  /** Back at a call after it returned (see `PausedFrame.returned`). */
  returned: { value: Value } | undefined;
  locals(): Map<string, Value>;
}

/** Unwinds a replay at its stop. */
export class Paused extends HostSignal {
  constructor(readonly frame: PausedFrame) {
    super(`paused at point hit ${frame.hit}`);
  }
}

/** Counts hits; at the first hit `stop` accepts, records the frame and throws `Paused`. */
export class ReplayProbe implements Probe {
  hits = 0;
  constructor(private readonly stop: (hit: HitView) => boolean) {}

  hit(point: Point, frame: unknown[], stack: readonly StackEntry[], returned?: { value: Value }): void {
    const n = ++this.hits;
    const view: HitView = { n, point, depth: stack.length, returned, locals: () => localsAt(point, frame) };
    if (!this.stop(view)) return;
    const frames: StackFrame[] = stack.map((e) => ({ name: e.name, point: e.point, locals: e.point !== null && e.frame !== null ? localsAt(e.point, e.frame) : new Map() }));
    const paused: PausedFrame = { hit: n, point, depth: stack.length, locals: localsAt(point, frame), stack: frames, ...(returned !== undefined ? { returned } : {}) };
    throw quietly(() => new Paused(paused));
  }
}
