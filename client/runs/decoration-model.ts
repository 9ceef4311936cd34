// What the inline decorations of a run show and where (design §8.3), from the run's events and
// the flow's syntax: on each labelled `if` the branch taken with its label and the untaken arm
// dimmed; at the end of each step's first line its outcome. Plain data, offsets into the
// run's source; the VS Code side (decorations.ts) only turns offsets into ranges.

import { readEdn } from '../../engine/edn/reader';
import { DocumentAnalysis, type Branch } from '../../engine/language/analysis/index';
import type { RunEvent } from '../../engine/run/events';

export type NoteState = 'completed' | 'failed' | 'waiting' | 'running' | 'branch';

/** A text shown after the end of a line. */
export interface InlineNote {
  kind: 'branch' | 'step';
  /** Offset of the end of the line the text follows (before any `\r`). */
  anchor: number;
  /** 0-based line of the anchor. */
  line: number;
  text: string;
  state: NoteState;
  /** What the note is about: the step id, or the branch label. */
  subject: string;
  /** Offset of what the note is about (the step's form, the labelled `if`): where it is placed in a flow spread over included files. */
  at: number;
}

export interface DecorationModel {
  notes: InlineNote[];
  /** Untaken arms of labelled `if`s: `[start, end)` offsets. */
  dims: { start: number; end: number }[];
}

interface StepTally {
  stepId: string;
  start: number;
  occurrences: Map<string, { state: NoteState; attempts: number; status: number | null; durationMs: number | null; skipped: boolean }>;
}

function lineEnd(source: string, offset: number): number {
  let i = source.indexOf('\n', offset);
  if (i < 0) i = source.length;
  return i > 0 && source[i - 1] === '\r' ? i - 1 : i;
}

function lineOf(source: string, offset: number): number {
  let n = 0;
  for (let i = source.indexOf('\n'); i >= 0 && i < offset; i = source.indexOf('\n', i + 1)) n++;
  return n;
}

const mark: Record<NoteState, string> = { completed: '✓', failed: '✗', waiting: '⏸', running: '…', branch: '⎇' };

function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

function stepText(t: StepTally): { text: string; state: NoteState } {
  const all = [...t.occurrences.values()];
  const last = all[all.length - 1]!;
  const parts: string[] = [last.skipped ? 'skipped' : last.state];
  if (last.status !== null) parts.push(`HTTP ${last.status}`);
  if (last.attempts > 1) parts.push(`${last.attempts} attempts`);
  if (last.durationMs !== null) parts.push(duration(last.durationMs));
  const times = all.length > 1 ? ` ×${all.length}` : '';
  return { text: `${mark[last.state]}${times} ${parts.join(' · ')}`, state: last.state };
}

/** The decorations of a run whose source is `source`, from its events in order. */
export function decorationModel(source: string, events: readonly RunEvent[]): DecorationModel {
  const steps = new Map<number, StepTally>();
  const byKey = new Map<string, StepTally>();
  const taken = new Map<number, { yes: number; no: number; branch: string | null; label: string | null }>();
  const occurrence = (stepKey: string) => byKey.get(stepKey)?.occurrences.get(stepKey);
  for (const e of events) {
    switch (e.type) {
      case 'step-started': {
        let t = steps.get(e.start);
        if (t === undefined) steps.set(e.start, (t = { stepId: e.stepId, start: e.start, occurrences: new Map() }));
        byKey.set(e.stepKey, t);
        if (!t.occurrences.has(e.stepKey)) t.occurrences.set(e.stepKey, { state: 'running', attempts: 0, status: null, durationMs: null, skipped: false });
        break;
      }
      case 'step-attempt': {
        const o = occurrence(e.stepKey);
        if (o === undefined) break;
        o.attempts = Math.max(o.attempts, e.attempt);
        if (e.status !== undefined) o.status = e.status;
        break;
      }
      case 'request': {
        const o = occurrence(e.stepKey);
        if (o !== undefined && e.status !== null && e.purpose === 'step') o.status = e.status;
        break;
      }
      case 'step-completed': {
        const o = occurrence(e.stepKey);
        if (o === undefined) break;
        o.state = 'completed';
        o.durationMs = e.durationMs;
        o.skipped = e.skipped === true;
        o.attempts = Math.max(o.attempts, 1);
        break;
      }
      case 'step-failed': {
        const o = occurrence(e.stepKey);
        if (o !== undefined) o.state = 'failed';
        break;
      }
      case 'wait-pending': {
        const o = occurrence(e.stepKey);
        if (o !== undefined) o.state = 'waiting';
        break;
      }
      case 'branch': {
        const b = taken.get(e.start) ?? { yes: 0, no: 0, branch: null, label: e.label };
        b[e.taken]++;
        b.branch = e.branch;
        taken.set(e.start, b);
        break;
      }
      default:
        break;
    }
  }

  const notes: InlineNote[] = [];
  const dims: DecorationModel['dims'] = [];
  for (const t of [...steps.values()].sort((a, b) => a.start - b.start)) {
    const { text, state } = stepText(t);
    const anchor = lineEnd(source, t.start);
    notes.push({ kind: 'step', anchor, line: lineOf(source, anchor), text, state, subject: t.stepId, at: t.start });
  }
  if (taken.size > 0) {
    const branches = new Map<number, Branch>();
    for (const b of new DocumentAnalysis(readEdn(source)).index.branches) branches.set(b.meta.start, b);
    for (const [start, b] of taken) {
      const site = branches.get(start);
      const label = b.label ?? site?.label ?? 'branch';
      const yesName = site?.yes ?? 'yes';
      const noName = site?.no ?? 'no';
      const both = b.yes > 0 && b.no > 0;
      const text = both ? `${mark.branch} ${label} → ${yesName} ×${b.yes}, ${noName} ×${b.no}` : `${mark.branch} ${label} → ${b.branch ?? (b.yes > 0 ? yesName : noName)}`;
      const at = site?.ifForm?.start ?? start;
      const anchor = lineEnd(source, at);
      notes.push({ kind: 'branch', anchor, line: lineOf(source, anchor), text, state: 'branch', subject: label, at });
      const arms = site?.ifForm?.children;
      if (!both && arms !== undefined) {
        const untaken = b.yes > 0 ? arms[3] : arms[2];
        if (untaken !== undefined) dims.push({ start: untaken.start, end: untaken.end });
      }
    }
  }
  notes.sort((a, b) => a.anchor - b.anchor || (a.kind === b.kind ? 0 : a.kind === 'branch' ? -1 : 1));
  return { notes, dims };
}
