// Where a debugger can stop inside code: the code units of a flow (its body, each
// `:functions` entry, each step's inline `:code`) and their evaluation points with ranges in
// the flow file (code held in strings mapped back through the string's escapes), and the
// binding of a line breakpoint to the first point that starts on that line.

import type { CollNode, Node } from '../edn/nodes';
import { unwrapMeta } from '../edn/nodes';
import { mapGet, walk } from '../edn/navigate';
import { readEdn } from '../edn/reader';
import { stringOffsets } from '../edn/string-offsets';
import type { Position } from '../edn/positions';
import { sectionEntries } from '../language/check/declarations';
import { functionPoints, pointsOf as bodyPointsOf, type Point, type PointTable } from '../interp/index';
import type { FlowProgram } from '../run/program';

export type UnitKind = 'body' | 'function' | 'inline';

/** One piece of code the interpreter compiles on its own. */
export interface CodeUnit {
  kind: UnitKind;
  /** The `:functions` id, or the step id of inline `:code`; null for the body. */
  name: string | null;
  /** What `compileFunction` takes: the string's value, or the quoted form's node. */
  code: Node | string;
  /** The `:code` node (or the body node) in the flow file. */
  node: Node;
  /** Offset in the flow file of an offset in the code's text. */
  fileOffset(i: number): number;
}

/** A point with its place in the flow file. */
export interface FilePoint {
  unit: CodeUnit;
  point: Point;
  start: number;
  end: number;
  /** 0-based, as in LSP and `program.lines`. */
  startPos: Position;
  endPos: Position;
  /** The form's text (shortened), for stack frames and messages. */
  text: string;
}

export interface UnitPoints {
  unit: CodeUnit;
  /** Points in compile order (`point.index`), or null when the code does not compile. */
  points: FilePoint[] | null;
  error: string | null;
}

const unitsCache = new WeakMap<FlowProgram, CodeUnit[]>();

/** The body, the `:functions` entries and the inline `:code` of `program`. */
export function codeUnitsOf(program: FlowProgram): CodeUnit[] {
  const hit = unitsCache.get(program);
  if (hit !== undefined) return hit;
  const units: CodeUnit[] = [{ kind: 'body', name: null, code: program.bodyNode, node: program.bodyNode, fileOffset: (i) => i }];
  const top = readEdn(program.source).forms.map((f) => unwrapMeta(f)).find((f): f is CollNode => f?.kind === 'map');
  for (const entry of sectionEntries(mapGet(top, 'functions'))) {
    const id = mapGet(entry, 'id');
    const code = mapGet(entry, 'code');
    const name = id?.kind === 'keyword' ? id.name : id?.kind === 'string' ? id.value : null;
    if (name !== null && code !== undefined) units.push(unitOf('function', name, code, program.source));
  }
  for (const { id, map } of functionSteps(program)) {
    const code = map?.kind === 'map' ? mapGet(map, 'code') : undefined;
    if (code !== undefined && (code.kind === 'string' || code.kind === 'quote')) units.push(unitOf('inline', id, code, program.source));
  }
  unitsCache.set(program, units);
  return units;
}

/** The `flow/step :function` forms of the body: their id and config map. */
function functionSteps(program: FlowProgram): { id: string | null; map: Node | null }[] {
  const out: { id: string | null; map: Node | null }[] = [];
  walk([program.bodyNode], (n) => {
    if (n.kind !== 'list') return;
    const [head, type, id, config] = n.children;
    if (head?.kind !== 'symbol' || head.ns !== 'flow' || head.name !== 'step' || type?.kind !== 'keyword' || type.name !== 'function') return;
    out.push({ id: id?.kind === 'keyword' ? id.name : null, map: unwrapMeta(config ?? (id !== undefined && unwrapMeta(id)?.kind === 'map' ? id : null)) });
  });
  return out;
}

const stepUnitsCache = new WeakMap<FlowProgram, Map<string, CodeUnit[] | null>>();

/** The code units the `:function` steps with id `stepId` can run (their inline `:code`, the
 *  `:functions` entries their literal `:ref` names); null when a `:ref` is computed. Lets
 *  the debugger skip replays of steps whose code holds no breakpoint. */
export function unitsOfStep(program: FlowProgram, stepId: string): CodeUnit[] | null {
  let byStep = stepUnitsCache.get(program);
  if (byStep === undefined) {
    byStep = new Map();
    const units = codeUnitsOf(program);
    for (const { id, map } of functionSteps(program)) {
      // As the runner keys steps: a step without an id goes by its type.
      const key = id ?? 'function';
      const ref = map?.kind === 'map' ? mapGet(map, 'ref') : undefined;
      const code = map?.kind === 'map' ? mapGet(map, 'code') : undefined;
      let mine: CodeUnit[] | null;
      if (ref !== undefined) mine = ref.kind === 'keyword' || ref.kind === 'string' ? units.filter((u) => u.kind === 'function' && u.name === (ref.kind === 'keyword' ? ref.name : ref.value)) : null;
      else if (code !== undefined) mine = units.filter((u) => u.kind === 'inline' && u.node === code);
      else mine = map?.kind === 'map' ? [] : null;
      const had = byStep.get(key);
      byStep.set(key, had === null || mine === null ? null : [...(had ?? []), ...mine]);
    }
    stepUnitsCache.set(program, byStep);
  }
  const units = byStep.get(stepId);
  return units === undefined ? [] : units;
}

function unitOf(kind: UnitKind, name: string | null, node: Node, source: string): CodeUnit {
  if (node.kind === 'string') return { kind, name, code: node.value, node, fileOffset: stringOffsets(source, node) };
  const code = node.kind === 'quote' && node.form !== null ? node.form : node;
  return { kind, name, code, node, fileOffset: (i) => i };
}

/** The point table of a unit (compiled with points once; throws the compile error). */
export function tableOf(program: FlowProgram, unit: CodeUnit): PointTable {
  return unit.kind === 'body' ? bodyPointsOf(program.body) : functionPoints(unit.code);
}

const pointsCache = new WeakMap<FlowProgram, UnitPoints[]>();

/** Every unit of `program` with its points in file terms. */
export function pointsOf(program: FlowProgram): UnitPoints[] {
  const hit = pointsCache.get(program);
  if (hit !== undefined) return hit;
  const out = codeUnitsOf(program).map((unit): UnitPoints => {
    try {
      const table = tableOf(program, unit);
      return { unit, points: table.points.map((p) => filePoint(program, unit, p)), error: null };
    } catch (e) {
      return { unit, points: null, error: e instanceof Error ? e.message : String(e) };
    }
  });
  pointsCache.set(program, out);
  return out;
}

/** A point of `unit` in file terms. */
export function filePoint(program: FlowProgram, unit: CodeUnit, point: Point): FilePoint {
  const start = unit.fileOffset(point.start);
  const end = unit.fileOffset(point.end);
  const raw = typeof unit.code === 'string' ? unit.code.slice(point.start, point.end) : program.source.slice(start, end);
  const one = raw.replace(/\s+/g, ' ');
  return { unit, point, start, end, startPos: program.lines.position(start), endPos: program.lines.position(end), text: one.length > 60 ? one.slice(0, 57) + '...' : one };
}

export type LineBinding =
  /** `also`: the same line's point in other units (a code file included into more than one function). */
  | { verified: true; line: number; unit: CodeUnit; point: FilePoint; also?: { unit: CodeUnit; point: FilePoint }[] }
  | { verified: false; line: number; unit: CodeUnit | null; reason: string };

/** Binds a breakpoint on 0-based `line` inside function code (`kinds`; default function and
 *  inline code) to the first point that starts on it (the outermost form, evaluated first).
 *  `ranges`: the stretches of the program's text that line is (a line of an included file). */
export function bindLine(program: FlowProgram, line: number, kinds: readonly UnitKind[] = ['function', 'inline'], ranges?: readonly { start: number; end: number }[]): LineBinding {
  const within = ranges ?? [{ start: program.lines.offset({ line, character: 0 }), end: program.lines.offset({ line: line + 1, character: 0 }) }];
  let first: LineBinding | null = null;
  const also: { unit: CodeUnit; point: FilePoint }[] = [];
  for (const up of pointsOf(program)) {
    if (!kinds.includes(up.unit.kind)) continue;
    const node = up.unit.node;
    if (!within.some((r) => node.start < r.end && r.start < node.end)) continue;
    const which = up.unit.kind === 'body' ? 'the flow body' : up.unit.kind === 'function' ? `function :${up.unit.name}` : `the inline :code of step :${up.unit.name ?? '?'}`;
    const on = up.points === null ? [] : up.points.filter((p) => within.some((r) => r.start <= p.start && p.start < r.end)).sort((a, b) => a.start - b.start || b.end - a.end);
    // The first unit decides (as when the line is in one unit); a code file included into
    // other functions too binds there as well, where its line holds a point.
    if (first !== null) {
      if (first.verified && on.length > 0) also.push({ unit: up.unit, point: on[0]! });
      continue;
    }
    if (up.points === null) first = { verified: false, line, unit: up.unit, reason: `${which} does not compile: ${up.error}` };
    else if (on.length > 0) first = { verified: true, line, unit: up.unit, point: on[0]! };
    else first = { verified: false, line, unit: up.unit, reason: `No form of ${which} starts on line ${line + 1}: put the breakpoint on a line where a call or special form begins` };
    if (ranges === undefined || ranges.length < 2) break;
  }
  if (first === null) return { verified: false, line, unit: null, reason: `Line ${line + 1} is not inside function code (:functions or an inline :code)` };
  return first.verified && also.length > 0 ? { ...first, also } : first;
}
