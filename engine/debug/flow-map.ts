// Where a debug session can stop in a flow, by file and line: `flow/step` forms (bound to their
// first line), labelled `if`s, trigger / interface / schedule entries, and function code
// (stops there come with the probe), in the flow file and in the files it `#flow/include`s.
// Built once per program text from the editor's analysis of the text the run runs.

import { DocumentAnalysis } from '../language/analysis/index';
import { readEdn } from '../edn/reader';
import { mapGet } from '../edn/navigate';
import { sectionEntries } from '../language/check/declarations';
import type { CollNode, Node } from '../edn/nodes';
import { unwrapMeta } from '../edn/nodes';
import type { FlowProgram } from '../run/program';
import type { CodeTarget } from './code-stepping';
import { FlowFiles, flowFilesOf, type TextRange } from '../run/source-files';

/** A span of the flow: offsets in the text the run runs; the file it lies in (null: the flow
 *  file; else an included file's absolute path) with 1-based lines and columns there. */
export interface SourceSpan {
  start: number;
  end: number;
  file: string | null;
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

export type StopTarget = StepTarget | BranchTarget | EntryTarget | CodeTarget;

export type Binding =
  /** `also`: where else the line stops, in a file the run includes more than once (each place the file is included). */
  | { verified: true; target: StopTarget; line: number; moved: boolean; also?: StopTarget[] }
  | { verified: false; line: number; message: string };

export class FlowMap {
  readonly steps: StepTarget[] = [];
  readonly branches: BranchTarget[] = [];
  readonly entries: EntryTarget[] = [];
  readonly code: CodeSpan[] = [];
  /** Binds a line inside function code (its stretches of the text) to an evaluation point (code-stepping.ts), when set. */
  codeBinder: ((line: number, ranges: readonly TextRange[]) => Binding | null) | null = null;
  /** The flow file and its included files. */
  readonly files: FlowFiles;

  constructor(
    readonly source: string,
    files?: FlowFiles,
  ) {
    const analysis = new DocumentAnalysis(readEdn(source));
    this.files = files ?? new FlowFiles(source, null, null);
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

  /** Binds a 1-based line of `file` (null: the flow file; else an included file's path, as
   *  `files.fileOf` names it): the innermost step or branch holding it, an entry, function code,
   *  or why nothing stops there. */
  bind(line: number, file: string | null = null): Binding {
    const ranges = this.files.rangesOf(file, line - 1);
    /** The spans of `xs` overlapping any of `rs` (the line's stretches by default). */
    const holding = <T extends SourceSpan>(xs: T[], rs: readonly TextRange[] = ranges) => xs.filter((x) => rs.some((r) => r.start < x.end && x.start < r.end));
    const code = holding(this.code)[0];
    if (code !== undefined) {
      const bound = this.codeBinder?.(line, ranges) ?? null;
      if (bound !== null) return bound;
      const what = code.functionId !== null ? `function :${code.functionId}` : 'inline :code';
      return { verified: false, line, message: `line ${line} is inside the code of ${what}: its evaluation points could not be mapped to this file; set the breakpoint on the step that calls the function` };
    }
    // Per stretch of the text the line was copied to (several for a file included more than
    // once): the innermost form holding it (the one starting last: nested forms start after
    // their parents), else the entry holding it.
    const targets: StopTarget[] = [];
    for (const r of ranges) {
      const candidates: StopTarget[] = [...holding(this.steps, [r]), ...holding(this.branches, [r])];
      const target = candidates.length > 0 ? candidates.reduce((a, b) => (b.start >= a.start ? b : a)) : holding(this.entries, [r])[0];
      if (target !== undefined && !targets.includes(target)) targets.push(target);
    }
    // Stretches of one line around an include directive belong to one place: a form holding
    // another one found is not a place of its own.
    const places = targets.filter((t) => !targets.some((o) => o !== t && t.start <= o.start && o.end <= t.end));
    const [target, ...also] = places;
    if (target !== undefined) {
      const more = also.length > 0 ? { also } : {};
      // A line of an included part of a target in another file (a step's included config) stays where it is.
      if (target.file !== file) return { verified: true, target, line, moved: false, ...more };
      return { verified: true, target, line: target.line, moved: target.line !== line, ...more };
    }
    const directive = /#flow\/include\s+"((?:[^"\\]|\\.)*)"/.exec(this.files.lines(file).lineText(line - 1) ?? '');
    if (directive !== null) return { verified: false, line, message: `line ${line} of ${this.files.name(file)} is the #flow/include of "${directive[1]}": set the breakpoint in that file, on the form where the run should stop` };
    return { verified: false, line, message: `nothing can stop on line ${line}${file !== null ? ` of ${this.files.name(file)}` : ''}: a breakpoint binds to a flow/step form, a labelled if (^{:label ..}), a :wait step or a trigger, interface or schedule entry` };
  }

  /** A span of the text the run runs, placed in its file. */
  span(node: { start: number; end: number }): SourceSpan {
    return { start: node.start, end: node.end, ...this.files.place(node.start, node.end) };
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
const programMaps = new WeakMap<FlowProgram, FlowMap>();

/** The flow map of a source text without includes (kept for the last few texts: each debugged run of a flow shares one). */
export function flowMapOf(source: string): FlowMap {
  let map = maps.get(source);
  if (map === undefined) {
    map = new FlowMap(source);
    if (maps.size >= 16) maps.delete(maps.keys().next().value!);
    maps.set(source, map);
  }
  return map;
}

/** The flow map of what a program runs, its spans in the flow file and the files it includes. */
export function flowMapOfProgram(program: FlowProgram): FlowMap {
  let map = programMaps.get(program);
  if (map === undefined) {
    const files = flowFilesOf(program);
    map = files.expansion === null && program.path === null ? flowMapOf(program.source) : new FlowMap(program.source, files);
    programMaps.set(program, map);
  }
  return map;
}

/** Whether a run started with `trigger` entered through `entry`. */
export function entryMatches(entry: EntryTarget, trigger: string | null, all: readonly EntryTarget[]): boolean {
  if (trigger === null) return entry.manual || all.length === 1;
  const t = trigger.toLowerCase();
  return entry.names.some((n) => n.toLowerCase() === t);
}
