// Fixes for data transforms the `:flow` body may not use: `(map f xs)` becomes
// `(vec (for [x xs] (f x)))`, `(filter p xs)` becomes `(vec (for [x xs :when (p x)] x))`
// (also `mapv filterv remove keep mapcat`); and any transform can move into a `:function`
// step that receives the locals it reads as `:input`.

import type { Finding } from '../../../engine/edn/findings';
import type { CollNode, Node, SymbolNode } from '../../../engine/edn/nodes';
import { childrenOf, unwrapMeta } from '../../../engine/edn/nodes';
import { pathAt } from '../../../engine/edn/navigate';
import { printString } from '../../../engine/edn/printer';
import type { DocumentAnalysis } from '../../../engine/language/analysis/index';
import type { Action } from './edits';

function symbolNames(node: Node, out = new Set<string>()): Set<string> {
  if (node.kind === 'symbol' && node.ns === null) out.add(node.name);
  for (const k of childrenOf(node)) symbolNames(k, out);
  return out;
}

/** A name for one item of `xs`: `items` -> `item`, else `x`; never one `avoid` holds. */
function itemName(xs: Node, avoid: Set<string>): string {
  const v = unwrapMeta(xs);
  let base = 'x';
  const word = v?.kind === 'symbol' ? v.name : v?.kind === 'list' && v.children[0]?.kind === 'keyword' ? v.children[0].name : null;
  if (word && /^[a-z][a-z0-9-]*s$/.test(word) && word.length > 2) base = word.endsWith('ies') ? word.slice(0, -3) + 'y' : word.slice(0, -1);
  let name = base;
  for (let i = 1; avoid.has(name); i++) name = base === 'x' ? `x${i}` : `${base}${i}`;
  return name;
}

interface Call {
  /** The expression applying `f` to the item. */
  text: string;
  /** The item's name, when `f` is `(fn [p] ...)` and names it itself. */
  item?: string;
}

/** `f` applied to `x` as source text, inlining fn literals and one-parameter fns; null when it cannot. */
function applyTo(text: string, f: Node, x: string): Call | null {
  const src = (n: Node) => text.slice(n.start, n.end);
  if (f.kind === 'keyword' || f.kind === 'symbol') return { text: `(${src(f)} ${x})` };
  if (f.kind === 'fn') {
    const edits: { start: number; end: number }[] = [];
    let ok = true;
    const visit = (n: Node): void => {
      if (n.kind === 'symbol' && n.ns === null && n.name.startsWith('%')) {
        if (n.name === '%' || n.name === '%1') edits.push({ start: n.start, end: n.end });
        else ok = false;
      }
      for (const k of childrenOf(n)) visit(k);
    };
    visit(f);
    if (!ok) return null;
    let out = text.slice(f.start + 1, f.end);
    for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start - f.start - 1) + x + out.slice(e.end - f.start - 1);
    return { text: out };
  }
  if (f.kind === 'list' && f.children[0]?.kind === 'symbol' && f.children[0].ns === null && f.children[0].name === 'fn') {
    const rest = f.children.slice(f.children[1]?.kind === 'symbol' ? 2 : 1);
    const params = rest[0];
    const body = rest.slice(1);
    if (params?.kind === 'vector' && params.children.length === 1 && params.children[0]!.kind === 'symbol' && body.length > 0) {
      const p = params.children[0] as SymbolNode;
      const bodyText = body.length === 1 ? src(body[0]!) : `(do ${body.map(src).join(' ')})`;
      return { text: bodyText, item: p.name };
    }
    return null;
  }
  return { text: `(${src(f)} ${x})` };
}

/** The `for` rewrite of a transform call, or null. */
export function forRewrite(text: string, call: CollNode): string | null {
  const head = call.children[0];
  if (head?.kind !== 'symbol' || head.ns !== null || call.children.length !== 3) return null;
  const f = unwrapMeta(call.children[1]!)!;
  const xs = call.children[2]!;
  const avoid = symbolNames(f);
  const x0 = itemName(xs, avoid);
  const applied = applyTo(text, f, x0);
  if (applied === null) return null;
  const x = applied.item ?? x0;
  const coll = text.slice(xs.start, xs.end);
  const v = avoid.has('v') ? 'v1' : 'v';
  switch (head.name) {
    case 'map':
    case 'mapv':
      return `(vec (for [${x} ${coll}] ${applied.text}))`;
    case 'filter':
    case 'filterv':
      return `(vec (for [${x} ${coll} :when ${applied.text}] ${x}))`;
    case 'remove':
      return `(vec (for [${x} ${coll} :when (not ${applied.text})] ${x}))`;
    case 'keep':
      return `(vec (for [${x} ${coll} :let [${v} ${applied.text}] :when (some? ${v})] ${v}))`;
    case 'mapcat':
      return `(vec (for [${x} ${coll} ${v} ${applied.text}] ${v}))`;
    default:
      return null;
  }
}

/** The list a finding's symbol sits in (its head or an argument), with that list's parent. */
function callAround(analysis: DocumentAnalysis, finding: Finding): { call: CollNode; parent: Node | undefined; grand: Node | undefined } | null {
  const path = pathAt(analysis.parsed.forms, finding.start);
  for (let i = path.length - 1; i >= 0; i--) {
    const n = path[i]!;
    if (n.kind === 'list' && n.start < finding.start) return { call: n, parent: path[i - 1], grand: path[i - 2] };
  }
  return null;
}

const threading = new Set(['->', '->>', 'some->', 'some->>', 'cond->', 'cond->>', 'as->']);

function isVecOf(node: Node | undefined, inner: Node): node is CollNode {
  return node?.kind === 'list' && node.children.length === 2 && node.children[1] === inner && node.children[0]?.kind === 'symbol' && node.children[0].name === 'vec';
}

/** Moves `expr` into a `:function` step, passing the body locals it reads as `:input`. */
function functionStep(analysis: DocumentAnalysis, expr: Node, around: Node | undefined): Action | null {
  const body = analysis.index.regions.find((r) => r.mode === 'body' && r.string === null);
  if (body === undefined) return null;
  const locals = body.locals();
  const names: string[] = [];
  const visit = (n: Node): void => {
    if (n.kind === 'symbol') {
      const b = locals.bindingOf.get(n);
      if (b !== undefined && (b.node.start < expr.start || b.node.start > expr.end) && !names.includes(b.name)) names.push(b.name);
    }
    if (n.kind !== 'quote') for (const k of childrenOf(n)) visit(k);
  };
  visit(expr);
  // Name the step after the local it is bound to, if any.
  let base = 'transform';
  if (around?.kind === 'vector') {
    const i = around.children.indexOf(expr);
    const target = i > 0 && i % 2 === 1 ? around.children[i - 1] : undefined;
    if (target?.kind === 'symbol') base = `compute-${target.name}`;
  } else {
    const head = expr.kind === 'list' ? expr.children[0] : undefined;
    if (head?.kind === 'symbol') base = `${head.name.replace(/[^a-zA-Z0-9-]/g, '')}-step`;
  }
  const taken = new Set(analysis.index.steps.map((s) => s.id));
  let id = base;
  for (let i = 2; taken.has(id); i++) id = `${base}-${i}`;
  const source = analysis.text.slice(expr.start, expr.end).replace(/\s*\n\s*/g, ' ');
  const code = `(fn [${names.length ? `{:keys [${names.join(' ')}]}` : 'input'}] ${source})`;
  const input = `{${names.map((n) => `:${n} ${n}`).join(' ')}}`;
  return {
    title: `Move this into a :function step (:${id})`,
    kind: 'quickfix',
    edits: [{ start: expr.start, end: expr.end, newText: `(flow/step :function :${id} {:input ${input} :code ${printString(code)}})` }],
  };
}

export function transformActions(analysis: DocumentAnalysis, finding: Finding): Action[] {
  const found = callAround(analysis, finding);
  if (found === null) return [];
  const { call, parent, grand } = found;
  const out: Action[] = [];
  const headIsFinding = call.children[0]?.start === finding.start;
  if (finding.code === 'prohibited-transform' && headIsFinding) {
    const rewritten = forRewrite(analysis.text, call);
    if (rewritten !== null) {
      // `(vec (map f xs))` becomes the `for` alone (it already has its `vec`).
      const target = isVecOf(parent, call) ? parent : call;
      out.push({ title: `Rewrite as ${rewritten.length > 60 ? rewritten.slice(0, 57) + '...' : rewritten}`, kind: 'quickfix', edits: [{ start: target.start, end: target.end, newText: rewritten }], preferred: true });
    }
  }
  // A transform threaded through `->>` & co. only makes sense with its whole pipeline.
  const threaded = parent?.kind === 'list' && parent.children[0]?.kind === 'symbol' && threading.has(parent.children[0].name) && parent.children[0] !== call.children[0];
  const expr = isVecOf(parent, call) || threaded ? parent! : call;
  const step = functionStep(analysis, expr, expr === parent ? grand : parent);
  if (step !== null) out.push(step);
  return out;
}
