// Result shapes: a step's result has the shape its catalog entry documents (an inline
// `:http` result is `{:status :headers :body}`). Follows such results through `let`
// bindings in the body and, through `:input`, into the function code that receives them, and
// warns where a key the shape cannot have is read — with fixes (`(get-in r [:body :k])`, or
// passing `(:body r)` as the input). Persisted results (`:persist`) are ref maps: not checked.

import type { CollNode, Node, Span, SymbolNode } from '../../edn/nodes';
import { unwrapMeta } from '../../edn/nodes';
import { mapGet, mapKey } from '../../edn/navigate';
import { printString } from '../../edn/print-string';
import { readEdn } from '../../edn/reader';
import { stringOffsets } from '../../edn/string-offsets';
import { stepTypeByName } from '../catalog/index';
import { indexLocals, type LocalBinding, type LocalIndex } from '../analysis/locals';
import type { CheckContext } from './check-context';
import { bodyLocals, flowBody } from './flow-body';
import { checkKvEnvelopes } from './kv-envelope';
import { msg } from './messages';

export interface Shape {
  keys: readonly string[];
  stepType: string;
  stepId: string | null;
  /** Where the data of the result lives (`:body` of an http response, `:value` of a kv read). */
  payload: string | null;
}

/** A fix carried in a finding's data: a title and source edits. */
export interface ShapeFix {
  title: string;
  edits: { start: number; end: number; newText: string }[];
}

/** The shape of a step call's result, when the catalog documents it and it is not persisted. */
export function stepResultShape(init: Node | null): Shape | null {
  const call = unwrapMeta(init);
  if (call?.kind !== 'list') return null;
  const head = call.children[0];
  if (head?.kind !== 'symbol' || head.ns !== 'flow' || head.name !== 'step') return null;
  const t = unwrapMeta(call.children[1] ?? null);
  if (t?.kind !== 'keyword' || t.ns !== null) return null;
  let spec = stepTypeByName(t.name);
  if (spec?.aliasOf !== undefined) spec = stepTypeByName(spec.aliasOf) ?? spec;
  if (spec?.result === undefined) return null;
  const config = unwrapMeta(call.children[3] ?? null);
  if (config?.kind !== 'map' || mapKey(config, 'persist') !== undefined) return null;
  const idNode = unwrapMeta(call.children[2] ?? null);
  const keys = spec.result.keys;
  return { keys, stepType: spec.type, stepId: idNode?.kind === 'keyword' ? idNode.name : null, payload: keys.includes('body') ? 'body' : keys.includes('value') ? 'value' : null };
}

/** A local known to hold a shaped value. */
export interface ShapedLocal {
  name: string;
  shape: Shape;
}

/** The shaped local a symbol reads, if any. */
export type ResolveShaped = (sym: Node | undefined) => ShapedLocal | undefined;

/** One read of a key off a shaped local, with the edit that reads it off the payload instead. */
export interface KeyRead {
  key: string;
  /** The key node (a keyword, or a symbol in `{:keys [...]}`). */
  at: Span;
  local: ShapedLocal;
  /** The whole read form and its fixed text, when a fix exists. */
  fix: { start: number; end: number; newText: string } | null;
}

function kwName(node: Node | undefined): string | null {
  return node?.kind === 'keyword' && node.ns === null && !node.auto ? node.name : null;
}

/** Reads of keys off shaped locals in `code`: `(:k x)`, `(get x :k)`, `(get-in x [:k ..])`, `(-> x :k)`, `{:keys [k]} x`.
 *  Only keys the shape lacks are read wrongly: reads of keys it has are passed over (no fix built). */
export function findKeyReads(code: Node, text: string, shapedLocal: ResolveShaped, deep = true): KeyRead[] {
  const out: KeyRead[] = [];
  const src = (n: Span) => text.slice(n.start, n.end);
  const visit = (node: Node): void => {
    if (node.kind === 'list') {
      const c = node.children;
      const head = c[0];
      const k = kwName(head);
      let local: ShapedLocal | undefined;
      if (k !== null && (local = shapedLocal(c[1])) && c.length <= 3) {
        if (lacks(local, k)) {
          const payload = local.shape.payload;
          const rest = c[2] ? ' ' + src(c[2]) : '';
          out.push({ key: k, at: head!, local, fix: payload ? { start: node.start, end: node.end, newText: `(get-in ${src(c[1]!)} [:${payload} ${src(head!)}]${rest})` } : null });
        }
      } else if (head?.kind === 'symbol' && head.ns === null && (local = shapedLocal(c[1]))) {
        const payload = local.shape.payload;
        if (head.name === 'get' && kwName(c[2]) !== null && c.length <= 4) {
          if (lacks(local, kwName(c[2])!)) {
            const rest = c[3] ? ' ' + src(c[3]) : '';
            out.push({ key: kwName(c[2])!, at: c[2]!, local, fix: payload ? { start: node.start, end: node.end, newText: `(get-in ${src(c[1]!)} [:${payload} ${src(c[2]!)}]${rest})` } : null });
          }
        } else if (head.name === 'get-in' && c[2]?.kind === 'vector' && kwName(c[2].children[0]) !== null) {
          const first = c[2].children[0]!;
          if (lacks(local, kwName(first)!)) out.push({ key: kwName(first)!, at: first, local, fix: payload ? { start: first.start, end: first.start, newText: `:${payload} ` } : null });
        } else if (head.name === '->' && c[2] !== undefined) {
          const step = c[2];
          const key = kwName(step) ?? (step.kind === 'list' ? kwName(step.children[0]) : null);
          const keyNode = kwName(step) !== null ? step : step.kind === 'list' ? step.children[0]! : null;
          if (key !== null && keyNode !== null && lacks(local, key)) out.push({ key, at: keyNode, local, fix: payload ? { start: step.start, end: step.start, newText: `:${payload} ` } : null });
        }
      }
      if (head?.kind === 'symbol' && head.ns === null && (head.name === 'let' || head.name === 'loop') && c[1]?.kind === 'vector') {
        const b = c[1].children;
        for (let i = 0; i + 1 < b.length; i += 2) destructured(b[i]!, shapedLocal(b[i + 1]), b[i + 1]!);
      }
    }
    if (node.kind === 'quote' || (!deep && node !== code)) return;
    if ('children' in node) {
      const kids = node.children;
      for (let i = 0; i < kids.length; i++) visit(kids[i]!);
    } else if ('form' in node && node.form) visit(node.form);
  };
  const destructured = (target: Node, local: ShapedLocal | undefined, init: Node): void => {
    if (local === undefined || target.kind !== 'map') return;
    const payload = local.shape.payload;
    const keys = mapGet(target, 'keys');
    if (keys?.kind !== 'vector') return;
    for (const name of keys.children) {
      if ((name.kind !== 'symbol' && name.kind !== 'keyword') || !lacks(local, name.name)) continue;
      out.push({ key: name.name, at: name, local, fix: payload ? { start: init.start, end: init.end, newText: `(:${payload} ${src(init)})` } : null });
    }
  };
  visit(code);
  return out;
}

/** True when the shaped local's shape has no key `key` (a read of it is wrong). */
function lacks(local: ShapedLocal, key: string): boolean {
  return !local.shape.keys.includes(key);
}

/** Shapes of the body's locals bound to step results (or to other shaped locals). */
function bodyShapes(locals: LocalIndex): Map<LocalBinding, ShapedLocal> {
  const shapes = new Map<LocalBinding, ShapedLocal>();
  for (const b of locals.bindings) {
    if (b.kind !== 'let') continue;
    const direct = stepResultShape(b.init);
    const alias = unwrapMeta(b.init);
    const from = direct === null && alias?.kind === 'symbol' ? locals.bindingOf.get(alias) : undefined;
    const shape = direct ?? (from ? shapes.get(from)?.shape : undefined);
    if (shape) shapes.set(b, { name: b.name, shape });
  }
  return shapes;
}

interface FirstLook {
  /** Shaped names by spelling alone (let/loop bindings of step calls and their aliases). */
  names: Map<string, ShapedLocal>;
  /** Maps holding an `:input` key, by the `:input` value node. */
  inputs: Map<Node, CollNode>;
  /** Lists whose head is a keyword or `get`/`get-in`/`->`/`let`/`loop`: where reads can be. */
  reads: CollNode[];
}

const readHeads = new Set(['get', 'get-in', '->', 'let', 'loop']);

/**
 * One walk over the body, ignoring scope: a cheap first look, so that the exact, scope-aware
 * analysis runs only when something may be wrong. Bindings come before their uses in source
 * order, so names are known by the time reads are met.
 */
function firstLook(body: Node, units?: LookUnits): FirstLook {
  const look: FirstLook = { names: new Map(), inputs: new Map(), reads: [] };
  walkLook(body, look.reads, look.inputs, units);
  nameShapes(look);
  return look;
}

/** What the first look found in one unit of the body (kept beside the unit while typing). */
export interface LookPart {
  reads: CollNode[];
  inputs: Map<Node, CollNode>;
}

/** The body's units (check/body-units.ts): each walked once and its part reused after. */
export interface LookUnits {
  lookPart(node: Node): LookPart | undefined;
}

/** Walks a unit alone: its reads and `:input`s, in source order. */
export function lookPartOf(unit: Node): LookPart {
  const part: LookPart = { reads: [], inputs: new Map() };
  walkLook(unit, part.reads, part.inputs, undefined);
  return part;
}

function walkLook(root: Node, reads: CollNode[], inputs: Map<Node, CollNode>, units: LookUnits | undefined): void {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const part = units?.lookPart(node);
    if (part !== undefined) {
      for (const r of part.reads) reads.push(r);
      for (const [k, v] of part.inputs) inputs.set(k, v);
      continue;
    }
    switch (node.kind) {
      case 'list': {
        const c = node.children;
        const head = c[0];
        if (head !== undefined && (head.kind === 'keyword' || (head.kind === 'symbol' && head.ns === null && readHeads.has(head.name)))) reads.push(node);
        break;
      }
      case 'map': {
        const c = node.children;
        for (let i = 0; i + 1 < c.length; i += 2) {
          const k = c[i]!;
          if (k.kind === 'keyword' && k.name === 'input' && k.ns === null) inputs.set(c[i + 1]!, node);
        }
        break;
      }
      case 'meta':
        if (node.form) stack.push(node.form);
        continue;
      case 'vector':
      case 'set':
      case 'fn':
        break;
      default:
        continue; // atoms and quoted data
    }
    // Names, keywords and the rest of the leaves hold no read and no `:input`: not pushed.
    const c = node.children;
    for (let i = c.length - 1; i >= 0; i--) {
      const k = c[i]!;
      if (k.kind === 'list' || k.kind === 'map' || k.kind === 'vector' || k.kind === 'meta' || k.kind === 'set' || k.kind === 'fn') stack.push(k);
    }
  }
}

function nameShapes(look: FirstLook): void {
  // Names in source order (reads lists come in pre-order, so `let`s precede their bodies).
  for (let r = 0; r < look.reads.length; r++) {
    const list = look.reads[r]!;
    const head = list.children[0]!;
    const vec = list.children[1];
    if (head.kind !== 'symbol' || (head.name !== 'let' && head.name !== 'loop') || vec?.kind !== 'vector') continue;
    for (let i = 0; i + 1 < vec.children.length; i += 2) {
      const target = vec.children[i]!;
      const init = unwrapMeta(vec.children[i + 1]!);
      if (target.kind !== 'symbol') continue;
      const shape = stepResultShape(init) ?? (init?.kind === 'symbol' ? look.names.get(init.name)?.shape : undefined);
      if (shape) look.names.set(target.name, { name: target.name, shape });
    }
  }
}

/** Runs the pass over the body and the function code its `:function` steps call. */
export function checkResultShapes(ctx: CheckContext, flow: CollNode): void {
  const value = mapGet(flow, 'flow');
  if (value === undefined) return;
  const { body } = flowBody(value);
  if (body === null || !ctx.text.includes('flow/step')) return;
  checkKvEnvelopes(ctx, body);
  const look = firstLook(body, ctx.lookUnits);
  if (look.names.size === 0) return;
  const nameResolver: ResolveShaped = (n) => (n?.kind === 'symbol' && n.ns === null ? look.names.get(n.name) : undefined);
  const suspicious =
    look.reads.some((list) => mayReadShaped(list, nameResolver) && findKeyReads(list, ctx.text, nameResolver, false).length > 0) ||
    someInput(look.inputs, (input, config) => {
      const local = nameResolver(input);
      return local !== undefined && readsInFunctionCode(ctx, codeOf(ctx, config).code, local.shape).length > 0;
    });
  if (!suspicious) return;
  const sites = look.inputs;

  // Exact: scope-aware resolution of every read.
  const locals = bodyLocals(ctx, body);
  const shapes = bodyShapes(locals);
  const resolve: ResolveShaped = (n) => {
    if (n?.kind !== 'symbol') return undefined;
    const b = locals.bindingOf.get(n);
    return b !== undefined && b.node !== n ? shapes.get(b) : undefined;
  };
  for (const read of findKeyReads(body, ctx.text, resolve)) {
    const shape = read.local.shape;
    const fixes: ShapeFix[] = read.fix ? [{ title: `Read it from :${shape.payload}: ${read.fix.newText}`, edits: [read.fix] }] : [];
    ctx.report('result-shape', 'warning', read.at, msgKeyOffResult(read.key, read.local.name, shape), { name: ':' + read.key, fixes });
  }
  // `:input x` of a `:function` step, where x is shaped: check the code that receives it.
  for (const [b, local] of shapes) {
    for (const use of b.uses) {
      const config = sites.get(use);
      if (config !== undefined) checkInputSite(ctx, use, local, config);
    }
  }
}

/** Whether `test` holds for some `:input` value and its map, in order (no entry arrays). */
function someInput(inputs: Map<Node, CollNode>, test: (input: Node, config: CollNode) => boolean): boolean {
  let found = false;
  inputs.forEach((config, input) => {
    if (!found && test(input, config)) found = true;
  });
  return found;
}

/**
 * Whether `findKeyReads(list, .., false)` can find anything: it looks at the list and the
 * lists directly inside it, and each read it finds is off a shaped local (the read's target,
 * or a `let`/`loop` init destructured by a map). Most lists read no shaped local at all.
 */
function mayReadShaped(list: CollNode, shaped: ResolveShaped): boolean {
  if (readsShapedHere(list, shaped)) return true;
  const c = list.children;
  for (let i = 0; i < c.length; i++) if (c[i]!.kind === 'list' && readsShapedHere(c[i] as CollNode, shaped)) return true;
  return false;
}

function readsShapedHere(list: CollNode, shaped: ResolveShaped): boolean {
  const c = list.children;
  if (shaped(c[1]) !== undefined) return true;
  const head = c[0];
  const vec = c[1];
  if (head?.kind !== 'symbol' || head.ns !== null || (head.name !== 'let' && head.name !== 'loop') || vec?.kind !== 'vector') return false;
  const b = vec.children;
  for (let i = 0; i + 1 < b.length; i += 2) if (b[i]!.kind === 'map' && shaped(b[i + 1]) !== undefined) return true;
  return false;
}

/** The code a `:function` step config runs: its `:ref` function's code, or its own `:code`. */
function codeOf(ctx: CheckContext, config: CollNode): { code: Node | undefined; fnName: string } {
  const ref = unwrapMeta(mapGet(config, 'ref') ?? null);
  if (ref?.kind === 'keyword') {
    const fn = ctx.decls.functions.get(ref.ns === null ? ref.name : ref.ns + '/' + ref.name);
    return { code: fn ? mapGet(fn.entry, 'code') : undefined, fnName: `the function \`:${ref.name}\`` };
  }
  return { code: mapGet(config, 'code'), fnName: "this step's code" };
}

function checkInputSite(ctx: CheckContext, use: SymbolNode, local: ShapedLocal, config: CollNode): void {
  const shape = local.shape;
  const { code, fnName } = codeOf(ctx, config);
  const reads = readsInFunctionCode(ctx, code, shape);
  if (reads.length === 0) return;
  const keys = [...new Set(reads.map((r) => r.key))];
  const inputFix: ShapeFix | null = shape.payload ? { title: `Pass (:${shape.payload} ${use.name}) as the input`, edits: [{ start: use.start, end: use.end, newText: `(:${shape.payload} ${use.name})` }] } : null;
  ctx.report('result-shape', 'warning', use, msgInputShape(use.name, shape, fnName, keys), { name: use.name, keys, fixes: inputFix ? [inputFix] : [] });
  for (const r of reads) {
    const fixes: ShapeFix[] = [];
    if (r.fix) fixes.push({ title: `Read it from :${shape.payload}: ${r.fixText}`, edits: [r.fix] });
    if (inputFix) fixes.push(inputFix);
    ctx.report('result-shape', 'warning', r.at, msgKeyInFunction(r.key, r.param, shape, use.name, local.name), { name: ':' + r.key, fixes });
  }
}

export interface CodeRead {
  key: string;
  param: string;
  at: Span;
  fix: { start: number; end: number; newText: string } | null;
  fixText: string;
}

/** Reads of keys the shape lacks off the function's parameter, mapped to source offsets; once
 *  per code node and step type in a check (the shape's keys and payload are the step type's). */
function readsInFunctionCode(ctx: CheckContext, codeNode: Node | undefined, shape: Shape): CodeRead[] {
  if (codeNode === undefined) return [];
  let byType = ctx.codeReads.get(codeNode);
  if (byType === undefined) ctx.codeReads.set(codeNode, (byType = new Map()));
  let reads = byType.get(shape.stepType);
  if (reads === undefined) byType.set(shape.stepType, (reads = codeReadsOf(ctx, codeNode, shape)));
  return reads;
}

function codeReadsOf(ctx: CheckContext, codeNode: Node, shape: Shape): CodeRead[] {
  const v = unwrapMeta(codeNode);
  if (v === null) return [];
  let form: Node | null = null;
  let text = ctx.text;
  let toSource = (o: number) => o;
  let escape = (s: string) => s;
  if (v.kind === 'string') {
    const parsed = readEdn(v.value);
    form = parsed.forms[0] ?? null;
    text = v.value;
    toSource = stringOffsets(ctx.text, v);
    escape = (s) => printString(s).slice(1, -1);
  } else if (v.kind === 'quote') form = v.form;
  const fn = unwrapMeta(form);
  if (fn?.kind !== 'list' || fn.children[0]?.kind !== 'symbol' || (fn.children[0].name !== 'fn' && fn.children[0].name !== 'fn*')) return [];
  const params = fn.children.find((c, i) => i > 0 && c.kind === 'vector');
  const param = params?.kind === 'vector' ? params.children[0] : undefined;
  if (param === undefined) return [];
  const out: CodeRead[] = [];
  const map = (s: Span): Span => {
    const start = toSource(s.start);
    return { start, end: Math.max(toSource(s.end), start + 1) };
  };
  if (param.kind === 'map') {
    // `(fn [{:keys [risk-level]}] ...)`: destructured keys the shape lacks.
    const keys = mapGet(param, 'keys');
    if (keys?.kind === 'vector') {
      for (const k of keys.children) if ((k.kind === 'symbol' || k.kind === 'keyword') && !shape.keys.includes(k.name)) out.push({ key: k.name, param: 'input', at: map(k), fix: null, fixText: '' });
    }
    return out;
  }
  if (param.kind !== 'symbol') return [];
  const locals = indexLocals(fn, 'function', text);
  const binding = locals.bindingOf.get(param);
  if (binding === undefined) return [];
  const shaped: ShapedLocal = { name: param.name, shape };
  const resolve: ResolveShaped = (n) => (n?.kind === 'symbol' && n !== param && locals.bindingOf.get(n) === binding ? shaped : undefined);
  for (const r of findKeyReads(fn, text, resolve)) {
    const at = map(r.at);
    let fix: CodeRead['fix'] = null;
    if (r.fix) fix = r.fix.start === r.fix.end ? { start: toSource(r.fix.start), end: toSource(r.fix.start), newText: escape(r.fix.newText) } : { ...map(r.fix), newText: escape(r.fix.newText) };
    out.push({ key: r.key, param: param.name, at, fix, fixText: r.fix?.newText ?? '' });
  }
  return out;
}

function describe(shape: Shape): string {
  return `{${shape.keys.map((k) => ':' + k).join(' ')}}`;
}

function stepName(shape: Shape): string {
  return `the \`:${shape.stepType}\` step${shape.stepId ? ` \`:${shape.stepId}\`` : ''}`;
}

function msgKeyOffResult(key: string, local: string, shape: Shape): string {
  return msg.keyOffResult(key, local, stepName(shape), describe(shape), shape.payload);
}

function msgInputShape(name: string, shape: Shape, fnName: string, keys: string[]): string {
  return msg.inputShape(name, stepName(shape), describe(shape), fnName, keys, shape.payload);
}

function msgKeyInFunction(key: string, param: string, shape: Shape, passed: string, local: string): string {
  return msg.keyInFunction(key, param, passed === local ? `\`${passed}\`` : `\`${passed}\` (\`${local}\`)`, stepName(shape), describe(shape), shape.payload, passed);
}
