// Builds the flow graph from one analysis: walks the `:flow` body in evaluation order
// (bindings of a `let` before its body, a step's arguments before the step), keeping the
// "frontier" of edges still to be attached to the next node. `if`s become branch nodes whose
// arms carry the `:yes`/`:no` labels, loops become groups, `:on-error`/`:on-timeout`/`catch`
// become their own edges. Pure: (analysis) -> FlowGraph with source offsets.

import type { CollNode, Node } from '../../edn/nodes';
import { childrenOf, unwrapMeta } from '../../edn/nodes';
import { mapGet } from '../../edn/navigate';
import { printNode } from '../../edn/printer';
import { bodyOf, isIfForm, isStepCall, type Branch, type DocumentAnalysis } from '../analysis/index';
import { entryDrafts } from './entries';
import { nameOf, stepFacts } from './facts';
import type { FlowGraph, GraphEdgeKind, GraphGroup, GraphNode } from './types';

/** An edge waiting for the node that comes next. */
interface Exit {
  from: string;
  kind: GraphEdgeKind;
  label?: string;
}

const loopHeads = new Set(['for', 'doseq', 'loop', 'dotimes']);
const ifHeads = new Set(['if', 'if-not', 'if-let', 'if-some']);
const whenHeads = new Set(['when', 'when-not', 'when-let', 'when-some', 'when-first']);
/** Sequence functions whose first argument, a function holding steps, runs once per item: a loop. */
const seqFnHeads = new Set(['map', 'mapv', 'run!', 'keep', 'filter', 'filterv', 'remove', 'mapcat', 'reduce', 'some']);
const MAX_TEST_TEXT = 40;

function headName(node: Node): string | null {
  if (node.kind !== 'list') return null;
  const head = node.children[0];
  return head?.kind === 'symbol' && head.ns === null ? head.name : null;
}

function cut(text: string): string {
  return text.length > MAX_TEST_TEXT ? text.slice(0, MAX_TEST_TEXT - 1) + '…' : text;
}

class GraphBuilder {
  readonly graph: FlowGraph = { nodes: [], groups: [], edges: [] };
  private readonly branches = new Map<Node, Branch>();
  private readonly stepInside = new Map<Node, boolean>();
  private failNode: string | null = null;

  constructor(private readonly analysis: DocumentAnalysis) {
    for (const b of analysis.index.branches) if (b.ifForm) this.branches.set(b.ifForm, b);
  }

  add(node: Omit<GraphNode, 'id'>): string {
    const id = `n${this.graph.nodes.length}`;
    this.graph.nodes.push({ id, ...node });
    return id;
  }

  connect(frontier: Exit[], to: string): void {
    for (const e of frontier) this.graph.edges.push({ id: `e${this.graph.edges.length}`, from: e.from, to, kind: e.kind, ...(e.label !== undefined ? { label: e.label } : {}) });
  }

  /** Whether a form holds something drawn, a step call or a labelled `if` (memoised; quoted code holds none). */
  hasStep(node: Node): boolean {
    const known = this.stepInside.get(node);
    if (known !== undefined) return known;
    const result = node.kind !== 'quote' && (isStepCall(node) || this.branches.has(node) || childrenOf(node).some((c) => this.hasStep(c)));
    this.stepInside.set(node, result);
    return result;
  }

  /** The node a run goes to when it fails (one per graph, made on first use). */
  fail(): string {
    if (this.failNode === null) this.failNode = this.add({ kind: 'fail', title: 'Run fails', facts: [], range: { start: 0, end: 0 }, selection: { start: 0, end: 0 } });
    return this.failNode;
  }

  walkAll(nodes: Node[], frontier: Exit[], group: string | undefined): Exit[] {
    for (const n of nodes) frontier = this.walk(n, frontier, group);
    return frontier;
  }

  walk(node: Node, frontier: Exit[], group: string | undefined): Exit[] {
    if (!this.hasStep(node)) return frontier;
    if (isStepCall(node)) return this.step(node, frontier, group);
    const head = headName(node);
    if (head !== null && node.kind === 'list') {
      if (ifHeads.has(head)) return this.branch(node, node.children[1], node.children[2], node.children[3], frontier, group);
      if (whenHeads.has(head)) return this.branch(node, node.children[1], undefined, undefined, frontier, group, node.children.slice(2));
      if (loopHeads.has(head)) return this.loop(node, head, frontier, group);
      if (head === 'try') return this.tryForm(node, frontier, group);
      if (head === 'cond') return this.cond(node, frontier, group);
      if (head === 'case') return this.caseForm(node, frontier, group);
      if (head === 'condp') return this.condp(node, frontier, group);
      if (seqFnHeads.has(head) && node.children[1] !== undefined && this.hasStep(node.children[1])) return this.seqFn(node, head, frontier, group);
    }
    return this.walkAll(childrenOf(node), frontier, group);
  }

  step(call: CollNode, frontier: Exit[], group: string | undefined): Exit[] {
    frontier = this.walkAll(call.children.slice(2), frontier, group);
    const site = this.analysis.index.stepByCall.get(call);
    const cfg = site?.config ?? null;
    const title = nameOf(mapGet(cfg, 'title'));
    const stepId = site?.id ?? null;
    const selection = site?.idNode ?? site?.typeNode ?? call;
    const id = this.add({
      kind: 'step',
      stepId,
      type: site?.type ?? printNode(call.children[1] ?? null),
      title: title ?? (stepId !== null ? stepId : (site?.type ?? 'step')),
      facts: site ? stepFacts(site) : [],
      ...(group !== undefined ? { group } : {}),
      range: { start: call.start, end: call.end },
      selection: { start: selection.start, end: selection.end },
    });
    this.connect(frontier, id);
    const exits: Exit[] = [{ from: id, kind: 'next' }];
    const onError = nameOf(mapGet(cfg, 'on-error'));
    if (onError === 'fail') this.connect([{ from: id, kind: 'error', label: 'on error' }], this.fail());
    else if (onError !== null) exits.push({ from: id, kind: 'error', label: `on error: ${onError}` });
    if ((site?.spec?.aliasOf ?? site?.type) === 'wait' && (mapGet(cfg, 'timeout') !== undefined || mapGet(cfg, 'on-timeout') !== undefined)) {
      const onTimeout = nameOf(mapGet(cfg, 'on-timeout')) ?? 'fail';
      if (onTimeout === 'fail') this.connect([{ from: id, kind: 'timeout', label: 'timeout' }], this.fail());
      else exits.push({ from: id, kind: 'timeout', label: `timeout: ${onTimeout}` });
    }
    return exits;
  }

  /** An `if`-like form (or `when`, with `body` as its one arm): a branch node when labelled or holding steps. */
  branch(form: CollNode, test: Node | undefined, then: Node | undefined, otherwise: Node | undefined, frontier: Exit[], group: string | undefined, body?: Node[]): Exit[] {
    const meta = this.branches.get(form);
    const armHasStep = (then !== undefined && this.hasStep(then)) || (otherwise !== undefined && this.hasStep(otherwise)) || (body ?? []).some((b) => this.hasStep(b));
    if (test !== undefined) frontier = this.walk(test, frontier, group);
    if (meta === undefined && !armHasStep) return frontier;
    const head = headName(form) ?? 'if';
    const selection = meta?.label != null ? (mapGet(meta.meta.meta, 'label') ?? form) : form.children[0] ?? form;
    const id = this.add({
      kind: 'branch',
      type: head,
      title: meta?.label ?? `${head} ${cut(test ? printNode(test) : '')}`,
      label: meta?.label ?? null,
      facts: test ? [{ name: 'test', value: cut(printNode(test)) }] : [],
      ...(group !== undefined ? { group } : {}),
      range: { start: meta?.meta.start ?? form.start, end: form.end },
      selection: { start: selection.start, end: selection.end },
    });
    this.connect(frontier, id);
    const yes: Exit = { from: id, kind: 'yes', label: meta?.yes ?? 'yes' };
    const no: Exit = { from: id, kind: 'no', label: meta?.no ?? 'no' };
    const yesExits = body !== undefined ? this.walkAll(body, [yes], group) : then !== undefined ? this.walk(then, [yes], group) : [yes];
    const noExits = otherwise !== undefined ? this.walk(otherwise, [no], group) : [no];
    return [...yesExits, ...noExits];
  }

  /** An unlabelled branch node (for `cond` and `case`). */
  private choice(form: CollNode, head: string, on: Node, group: string | undefined): string {
    return this.add({ kind: 'branch', type: head, title: `${head} ${cut(printNode(on))}`, label: null, facts: [], ...(group !== undefined ? { group } : {}), range: { start: form.start, end: form.end }, selection: { start: on.start, end: on.end } });
  }

  /** `(cond t1 e1 t2 e2 :else e3)`: a chain of branches, each test's `no` leading to the next test. */
  cond(form: CollNode, frontier: Exit[], group: string | undefined): Exit[] {
    const clauses = form.children.slice(1);
    if (!clauses.some((c, i) => i % 2 === 1 && this.hasStep(c))) return this.walkAll(clauses, frontier, group);
    const exits: Exit[] = [];
    let pending: Exit[] | null = frontier;
    for (let i = 0; i + 1 < clauses.length && pending !== null; i += 2) {
      const test = clauses[i]!;
      const expr = clauses[i + 1]!;
      const always = (test.kind === 'keyword' && test.ns === null) || (test.kind === 'boolean' && test.value);
      if (always) {
        exits.push(...this.walk(expr, pending, group));
        pending = null;
        break;
      }
      pending = this.walk(test, pending, group);
      const id = this.choice(form, 'cond', test, group);
      this.connect(pending, id);
      exits.push(...this.walk(expr, [{ from: id, kind: 'yes', label: 'yes' }], group));
      pending = [{ from: id, kind: 'no', label: 'no' }];
    }
    return pending === null ? exits : [...exits, ...pending];
  }

  /** `(case expr v1 r1 v2 r2 default?)`: one branch node, an edge per constant (and the default). */
  caseForm(form: CollNode, frontier: Exit[], group: string | undefined): Exit[] {
    const [, on, ...clauses] = form.children;
    if (on === undefined || !clauses.some((c) => this.hasStep(c))) return this.walkAll(form.children.slice(1), frontier, group);
    frontier = this.walk(on, frontier, group);
    const id = this.choice(form, 'case', on, group);
    this.connect(frontier, id);
    const exits: Exit[] = [];
    for (let i = 0; i + 1 < clauses.length; i += 2) exits.push(...this.walk(clauses[i + 1]!, [{ from: id, kind: 'case', label: cut(printNode(clauses[i]!)) }], group));
    // With no default, a value matching no constant fails the run (as in Clojure).
    if (clauses.length % 2 === 1) exits.push(...this.walk(clauses[clauses.length - 1]!, [{ from: id, kind: 'case', label: 'default' }], group));
    else this.connect([{ from: id, kind: 'error', label: 'no match' }], this.fail());
    return exits;
  }

  /**
   * `(condp pred expr t1 r1 t2 :>> f2 default?)`: one branch node with an edge per test, like
   * `case`; with no default, a value no test matches fails the run (as in Clojure).
   */
  condp(form: CollNode, frontier: Exit[], group: string | undefined): Exit[] {
    const [, pred, on, ...clauses] = form.children;
    if (pred === undefined || on === undefined || !clauses.some((c) => this.hasStep(c))) return this.walkAll(form.children.slice(1), frontier, group);
    frontier = this.walkAll([pred, on], frontier, group);
    const id = this.add({ kind: 'branch', type: 'condp', title: `condp ${cut(`${printNode(pred)} ${printNode(on)}`)}`, label: null, facts: [], ...(group !== undefined ? { group } : {}), range: { start: form.start, end: form.end }, selection: { start: form.children[0]!.start, end: form.children[0]!.end } });
    this.connect(frontier, id);
    const exits: Exit[] = [];
    let i = 0;
    while (i + 1 < clauses.length) {
      const test = clauses[i]!;
      const arrow = clauses[i + 1]!;
      const threaded = arrow.kind === 'keyword' && arrow.ns === null && arrow.name === '>>';
      const result = threaded ? clauses[i + 2] : arrow;
      if (result === undefined) break;
      exits.push(...this.walk(result, [{ from: id, kind: 'case', label: cut(printNode(test)) }], group));
      i += threaded ? 3 : 2;
    }
    if (i < clauses.length) exits.push(...this.walk(clauses[clauses.length - 1]!, [{ from: id, kind: 'case', label: 'default' }], group));
    else this.connect([{ from: id, kind: 'error', label: 'no match' }], this.fail());
    return exits;
  }

  /**
   * `(mapv (fn [item] (flow/step ...)) items)` and the like: the collections (and a reduce's
   * init) are evaluated first, then the function runs per item, drawn as a loop group.
   */
  seqFn(form: CollNode, head: string, frontier: Exit[], group: string | undefined): Exit[] {
    const [, fn, ...colls] = form.children;
    frontier = this.walkAll(colls, frontier, group);
    const over = colls.at(-1);
    const id = `g${this.graph.groups.length}`;
    this.graph.groups.push({ id, kind: 'loop', title: cut(over !== undefined ? `${head} over ${printNode(over)}` : head), ...(group !== undefined ? { group } : {}), range: { start: form.start, end: form.end } });
    this.connect(frontier, id);
    this.walk(fn!, [], id);
    return [{ from: id, kind: 'next' }];
  }

  /** A loop whose body holds steps: the bindings' inits run before it, the body inside a group. */
  loop(form: CollNode, head: string, frontier: Exit[], group: string | undefined): Exit[] {
    const bindings = unwrapMeta(form.children[1] ?? null);
    const inits = bindings?.kind === 'vector' ? bindings.children.filter((_, i) => i % 2 === 1) : [];
    frontier = this.walkAll(inits, frontier, group);
    const body = form.children.slice(2);
    if (!body.some((b) => this.hasStep(b))) return frontier;
    const id = `g${this.graph.groups.length}`;
    const loopGroup: GraphGroup = { id, kind: 'loop', title: cut(`${head} ${bindings ? printNode(bindings) : ''}`), ...(group !== undefined ? { group } : {}), range: { start: form.start, end: form.end } };
    this.graph.groups.push(loopGroup);
    this.connect(frontier, id);
    this.walkAll(body, [], id);
    return [{ from: id, kind: 'next' }];
  }

  /** `(try body... (catch C e handler...) (finally ...))`: steps of the body lead to the handler on error. */
  tryForm(form: CollNode, frontier: Exit[], group: string | undefined): Exit[] {
    const isClause = (n: Node, name: string) => headName(n) === name;
    const body = form.children.slice(1).filter((c) => !isClause(c, 'catch') && !isClause(c, 'finally'));
    const firstNode = this.graph.nodes.length;
    let exits = this.walkAll(body, frontier, group);
    const thrown: Exit[] = this.graph.nodes.slice(firstNode).filter((n) => n.kind === 'step').map((n) => ({ from: n.id, kind: 'error' as const, label: 'catch' }));
    for (const clause of form.children) {
      if (isClause(clause, 'catch') && clause.kind === 'list') exits = [...exits, ...this.walkAll(clause.children.slice(3), thrown, group)];
    }
    for (const clause of form.children) if (isClause(clause, 'finally') && clause.kind === 'list') exits = this.walkAll(clause.children.slice(1), exits, group);
    return exits;
  }
}

/** The graph of a flow file: entry points, the body's steps and branches, and the end. */
export function flowGraph(analysis: DocumentAnalysis): FlowGraph {
  const builder = new GraphBuilder(analysis);
  const flow = analysis.flow;
  if (flow === null) return builder.graph;
  const entries = entryDrafts(flow).map((d) => builder.add(d));
  const body = bodyOf(flow);
  const flowKey = mapGet(flow, 'flow') !== undefined ? flow.children.find((c, i) => i % 2 === 0 && c.kind === 'keyword' && c.ns === null && c.name === 'flow') : undefined;
  const at = flowKey ?? flow;
  const start: Exit[] = entries.length > 0 ? entries.map((from) => ({ from, kind: 'entry' as const })) : [{ from: builder.add({ kind: 'start', title: 'Start', facts: [], range: { start: at.start, end: at.end }, selection: { start: at.start, end: at.end } }), kind: 'entry' }];
  const exits = body !== null ? builder.walk(body, start, undefined) : start;
  const endAt = body ?? at;
  builder.connect(exits, builder.add({ kind: 'end', title: 'End', facts: [], range: { start: endAt.end, end: endAt.end }, selection: { start: endAt.end, end: endAt.end } }));
  return builder.graph;
}

/** Why a file's graph cannot be trusted (a syntax error, no `:flow`), or null. */
export function graphProblem(analysis: DocumentAnalysis): { message: string; line: number } | null {
  const syntax = analysis.parsed.findings.find((f) => f.severity === 'error');
  if (syntax !== undefined) return { message: syntax.message, line: analysis.lineOf(syntax.start) };
  if (analysis.flow === null) return { message: 'the file holds no flow map', line: 1 };
  if (bodyOf(analysis.flow) === null) return { message: 'the flow map has no :flow body', line: analysis.lineOf(analysis.flow.start) };
  return null;
}
