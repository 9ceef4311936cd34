// What the debug runtime says and is asked, in the flow language's words (no DAP): stops
// with their reason and stack, and the requests a session makes of a run.

import type { Value } from '../edn/values';
import type { RunRecord } from '../store/port';
import type { Breakpoint, ExceptionFilter } from './breakpoints';
import type { DebugFrame } from './frames';

export type StopReason = 'entry' | 'breakpoint' | 'function breakpoint' | 'step' | 'exception' | 'pause' | 'wait' | 'restart';

export interface Stop {
  reason: StopReason;
  /** One line for people: what stopped and where. */
  description: string;
  /** The journal position of the boundary shown. */
  position: number;
  /** True when the stop shows the run where it is now (not a past boundary). */
  live: boolean;
  frames: DebugFrame[];
  breakpointIds: number[];
  /** A stop on a labelled `if` or an entry, before the boundary's step: that step's own
   *  breakpoints (and later branches) are still to come at the same boundary. The start of
   *  the run reached going back is `{ kind: 'entry', start: -1 }`: all of them still to come
   *  (the entry too); a stop on entry or a Pause is `{ kind: 'boundary', start: -1 }`: the
   *  `if`s and the step still to come (the entry, checked first, is behind it). */
  before?: { kind: 'branch' | 'entry' | 'boundary'; start: number };
  exception?: { filter: ExceptionFilter; message: string };
}

export interface LaunchRequest {
  flowPath: string;
  /** The flow text to run (default: the file's). */
  source?: string;
  /** A scenario file, null for none; default the flow's default scenario. */
  scenario?: string | null;
  input?: Value;
  trigger?: string;
  stopOnEntry?: boolean;
  noDebug?: boolean;
  clock?: 'virtual' | 'real';
}

export interface RuntimeListener {
  stopped(stop: Stop): void;
  /** The run goes on (a wait resolved elsewhere, a fork started). */
  continued(): void;
  output(text: string, category: 'console' | 'stdout' | 'stderr' | 'important'): void;
  /** Line breakpoints bound anew (Restart read the flow and its includes again). */
  breakpointsChanged?(breakpoints: Breakpoint[]): void;
  /** The session's run ended (or was left); the session ends. */
  ended(run: RunRecord | null): void;
}

export class DebugRequestError extends Error {}
