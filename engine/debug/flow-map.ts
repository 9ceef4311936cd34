// Where a debug session can stop in a flow file, by line: `flow/step` forms (bound to their
// first line), labelled `if`s, trigger / interface / schedule entries, and function code
// (stops there come with the probe). Built once per source text from the editor's analysis.

import { DocumentAnalysis } from '../language/analysis/index';
import { readEdn } from '../edn/reader';
import { mapGet } from '../edn/navigate';
import { sectionEntries } from '../language/check/declarations';
import type { CollNode, Node } from '../edn/nodes';
import { unwrapMeta } from '../edn/nodes';
import type { LineIndex } from '../edn/positions';

/** A span of the flow file: offsets, and 1-based lines. */
export interface SourceSpan {
  start: number;
  end: number;
  line: number;
  endLine: number;
  column: number;
  endColumn: number;
}

export interface StepTarget extends SourceSpan {
  kind: 'step';
  /** The step id, or the type when the call gives none (as the engine keys it). */
  stepId: string;
  stepType: string;
}

export interface BranchTarget extends SourceSpan {
  kind: 'branch';
  label: string | null;
  yes: string | null;
  no: string | null;
}

export interface EntryTarget extends SourceSpan {
  kind: 'entry';
  entry: 'trigger' | 'interface' | 'schedule';
  /** Names a run's trigger may carry for this entry: label, event name, id. */
  names: string[];
  manual: boolean;
}

export interface CodeSpan extends SourceSpan {
  kind: 'code';
  functionId: string | null;
}

export type StopTarget = StepTarget | BranchTarget | EntryTarget;

export type Binding =
  | { verified: true; target: StopTarget; line: number; moved: boolean }
  | { verified: false; line: number; message: string };

export class FlowMap {
  readonly steps: StepTarget[] = [];
  readonly branches: BranchTarget[] = [];
  readonly entries: EntryTarget[] = [];
  readonly code: CodeSpan[] = [];
  private readonly lines: LineIndex;

  constructor(readonly source: string) {
    const analysis = new DocumentAnalysis(readEdn(source));
    this.lines = analysis.lines;
    const index = analysis.index;
    for (const s of index.steps) this.steps.push({ kind: 'step', stepId: s.id ?? s.type, stepType: s.type, ...this.span(s.call) });
    for (const b of index.branches) {
      const end = b.ifForm !== null ? Math.max(b.ifForm.end, b.meta.end) : b.meta.end;
      this.branches.push({ kind: 'branch', label: b.label, yes: b.yes, no: b.no, ...this.span({ start: b.meta.start, end }) });
    }
    for (const r of index.regions) {
      if (r.mode !== 'function') continue;
      const node = r.string ?? r.forms[0];
      if (node !== undefined) this.code.push({ kind: 'code', functionId: r.functionId, ...this.span(node) });
    }
    if (analysis.flow !== null) this.readEntries(analysis.flow);
  }

  /** The step a run's step id names (the first call with that id). */
  step(stepId: string): StepTarget | undefined {
    return this.steps.find((s) => s.stepId === stepId);
  }

  /** The labelled `if` starting at a source offset of the program (its metadata's start). */
  branchAt(start: number): BranchTarget | undefined {
    return this.branches.find((b) => b.start === start);
  }

  /** Binds a 1-based line: the innermost step or branch holding it, an entry, or why nothing stops there. */
  bind(line: number): Binding {
    const holding = <T extends SourceSpan>(xs: T[]) => xs.filter((x) => x.line <= line && line <= x.endLine);
    const code = holding(this.code)[0];
    if (code !== undefined) {
      const what = code.functionId !== null ? `function :${code.functionId}` : 'inline :code';
      return { verified: false, line, message: `line ${line} is inside the code of ${what}: breakpoints in function code need the evaluation-point probe, which this build does not have yet; set it on the step that calls the function` };
    }
    const candidates: StopTarget[] = [...holding(this.steps), ...holding(this.branches)];
    if (candidates.length > 0) {
      // Innermost: the one starting last (nested forms start after their parents).
      const target = candidates.reduce((a, b) => (b.start >= a.start ? b : a));
      return { verified: true, target, line: target.line, moved: target.line !== line };
    }
    const entry = holding(this.entries)[0];
    if (entry !== undefined) return { verified: true, target: entry, line: entry.line, moved: entry.line !== line };
    return { verified: false, line, message: `nothing can stop on line ${line}: a breakpoint binds to a flow/step form, a labelled if (^{:label ..}), a :wait step or a trigger, interface or schedule entry` };
  }

  span(node: { start: number; end: number }): SourceSpan {
    const a = this.lines.position(node.start);
    const b = this.lines.position(node.end);
    return { start: node.start, end: node.end, line: a.line + 1, endLine: b.line + 1, column: a.character + 1, endColumn: b.character + 1 };
  }

  private readEntries(flow: CollNode): void {
    const str = (n: Node | undefined): string | null => {
      const v = unwrapMeta(n ?? null);
      if (v?.kind === 'string') return v.value;
      if (v?.kind === 'keyword') return v.ns === null ? v.name : `${v.ns}/${v.name}`;
      return null;
    };
    const add = (entry: EntryTarget['entry'], node: CollNode, kind: string | null = null) => {
      const config = mapGet(node, 'config');
      const names = [str(mapGet(node, 'label')), str(mapGet(node, 'id')), str(mapGet(node, 'event-name')), str(mapGet(config, 'event-name'))].filter((x): x is string => x !== null);
      const type = str(mapGet(node, 'type'));
      this.entries.push({ kind: 'entry', entry, names, manual: (kind ?? type) === 'manual', ...this.span(node) });
    };
    for (const t of sectionEntries(mapGet(flow, 'triggers'))) add(str(mapGet(t, 'type')) === 'schedule' ? 'schedule' : 'trigger', t);
    for (const s of sectionEntries(mapGet(flow, 'schedules'))) add('schedule', s);
    const interfaces = unwrapMeta(mapGet(flow, 'interfaces') ?? null);
    if (interfaces?.kind === 'map') {
      for (let i = 1; i < interfaces.children.length; i += 2) {
        const key = unwrapMeta(interfaces.children[i - 1] ?? null);
        for (const e of sectionEntries(interfaces.children[i])) add('interface', e, key?.kind === 'keyword' ? key.name : null);
      }
    }
  }
}

const maps = new Map<string, FlowMap>();

/** The flow map of a source text (kept for the last few texts: each debugged run of a flow shares one). */
export function flowMapOf(source: string): FlowMap {
  let map = maps.get(source);
  if (map === undefined) {
    map = new FlowMap(source);
    if (maps.size >= 16) maps.delete(maps.keys().next().value!);
    maps.set(source, map);
  }
  return map;
}

/** Whether a run started with `trigger` entered through `entry`. */
export function entryMatches(entry: EntryTarget, trigger: string | null, all: readonly EntryTarget[]): boolean {
  if (trigger === null) return entry.manual || all.length === 1;
  const t = trigger.toLowerCase();
  return entry.names.some((n) => n.toLowerCase() === t);
}
