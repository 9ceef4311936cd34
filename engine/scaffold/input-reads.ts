// What a flow reads off its run input, as a tree of keys: `(:order-id input)`, `(get input :x)`,
// `(get-in input [:a :b])`, `(-> input :a)`, destructuring of `(flow/input)`, names bound to
// parts of it, function code that receives it through a step's `:input`, the keyed
// concurrency's `:key-field` and the invocation inputs (with their declared `:type`s).

import type { CollNode, Node } from '../edn/nodes';
import { unwrapMeta } from '../edn/nodes';
import { mapEntries, mapGet } from '../edn/navigate';
import { readEdn } from '../edn/reader';
import { bodyOf } from '../language/analysis/document-index';

/** One key read off the input (or off a map inside it). */
export interface InputKey {
  /** `:order-id` as a keyword, `"x"` for a string key. */
  name: string;
  keyword: boolean;
  /** The invocation input's `:type`, when declared. */
  type: string | null;
  /** The invocation input's `:default` or first `:options` entry. */
  example: string | number | boolean | null;
  children: InputTree;
}

export type InputTree = Map<string, InputKey>;

type Path = { name: string; keyword: boolean }[];
type Env = Map<string, Path>;
/** Which call's value is being read: `(flow/input)` for the input, a step for its result. */
type Root = (list: CollNode, head: string | null) => boolean;
const isInput: Root = (_list, head) => head === 'flow/input';

function keyOf(node: Node | undefined): { name: string; keyword: boolean } | null {
  const v = unwrapMeta(node ?? null);
  if (v?.kind === 'keyword') return { name: v.ns === null ? v.name : `${v.ns}/${v.name}`, keyword: true };
  if (v?.kind === 'string') return { name: v.value, keyword: false };
  return null;
}

function headName(node: Node): string | null {
  if (node.kind !== 'list') return null;
  const h = node.children[0];
  return h?.kind === 'symbol' ? (h.ns === null ? h.name : `${h.ns}/${h.name}`) : null;
}

function record(tree: InputTree, path: Path): InputTree {
  let at = tree;
  for (const k of path) {
    const id = (k.keyword ? ':' : '"') + k.name;
    let entry = at.get(id);
    if (entry === undefined) at.set(id, (entry = { name: k.name, keyword: k.keyword, type: null, example: null, children: new Map() }));
    at = entry.children;
  }
  return at;
}

/** The input path an expression denotes, or null. */
function pathOf(node: Node | null, env: Env, root: Root = isInput): Path | null {
  const v = unwrapMeta(node);
  if (v === null) return null;
  if (v.kind === 'symbol' && v.ns === null) return env.get(v.name) ?? null;
  if (v.kind !== 'list') return null;
  const head = headName(v);
  const args = v.children.slice(1);
  const kw = unwrapMeta(v.children[0] ?? null);
  if (kw?.kind === 'keyword') {
    const base = pathOf(args[0] ?? null, env, root);
    return base === null ? null : [...base, { name: kw.ns === null ? kw.name : `${kw.ns}/${kw.name}`, keyword: true }];
  }
  if (root(v, head)) return [];
  if (head === 'get' || head === 'get-in') {
    const base = pathOf(args[0] ?? null, env, root);
    if (base === null) return null;
    if (head === 'get') {
      const k = keyOf(args[1]);
      return k ? [...base, k] : null;
    }
    const keys = unwrapMeta(args[1] ?? null);
    if (keys?.kind !== 'vector') return null;
    const ks = keys.children.map((c) => keyOf(c));
    return ks.every((k) => k !== null) ? [...base, ...(ks as Path)] : null;
  }
  if (head === '->') {
    let at = pathOf(args[0] ?? null, env, root);
    for (const step of args.slice(1)) {
      if (at === null) return null;
      const k = keyOf(step) ?? (headName(step) === 'get' ? keyOf((step as CollNode).children[1]) : null);
      at = k ? [...at, k] : null;
    }
    return at;
  }
  return null;
}

/** Binds the names of a binding form (symbol or map destructuring) read from `path`. */
function bind(target: Node, path: Path | null, env: Env, tree: InputTree): void {
  const t = unwrapMeta(target);
  if (t?.kind === 'symbol') {
    if (path === null) env.delete(t.name);
    else env.set(t.name, path);
    return;
  }
  if (t?.kind === 'vector') {
    for (const c of t.children) bind(c, null, env, tree);
    return;
  }
  if (t?.kind !== 'map') return;
  for (const { key, value } of mapEntries(t)) {
    const k = unwrapMeta(key);
    if (k?.kind === 'keyword' && (k.name === 'keys' || k.name === 'strs') && value?.kind === 'vector') {
      for (const s of value.children) {
        if (s.kind !== 'symbol' && s.kind !== 'keyword') continue;
        const p = path === null ? null : [...path, { name: s.name, keyword: k.name === 'keys' }];
        if (p !== null) record(tree, p);
        env.set(s.name, p as Path);
        if (p === null) env.delete(s.name);
      }
    } else if (k?.kind === 'keyword' && k.name === 'as' && value !== undefined) {
      bind(value, path, env, tree);
    } else if (k?.kind === 'keyword' && k.name === 'or') {
      continue;
    } else if (k !== null && value !== undefined) {
      const kk = keyOf(value);
      const p = path !== null && kk !== null ? [...path, kk] : null;
      if (p !== null) record(tree, p);
      bind(k, p, env, tree);
    }
  }
}

/** Walks code with `env` (names bound to input paths), recording every read. */
function walkCode(node: Node | null, env: Env, tree: InputTree, onStep: (config: Node, env: Env) => void, root: Root = isInput): void {
  const v = unwrapMeta(node);
  if (v === null) return;
  if (v.kind === 'quote' || v.kind === 'tagged') return;
  const path = v.kind === 'list' ? pathOf(v, env, root) : null;
  if (path !== null && path.length > 0) record(tree, path);
  if (v.kind !== 'list' && v.kind !== 'vector' && v.kind !== 'map' && v.kind !== 'set') return;
  const head = headName(v);
  if ((head === 'let' || head === 'loop' || head === 'when-let' || head === 'if-let') && unwrapMeta(v.children[1] ?? null)?.kind === 'vector') {
    const scope = new Map(env);
    const pairs = (unwrapMeta(v.children[1]!) as CollNode).children;
    for (let i = 0; i + 1 < pairs.length; i += 2) {
      walkCode(pairs[i + 1]!, scope, tree, onStep, root);
      bind(pairs[i]!, pathOf(pairs[i + 1]!, scope, root), scope, tree);
    }
    for (const form of v.children.slice(2)) walkCode(form, scope, tree, onStep, root);
    return;
  }
  if (head === 'fn') {
    const scope = new Map(env);
    const params = v.children.find((c) => c.kind === 'vector');
    if (params?.kind === 'vector') for (const p of params.children) bind(p, null, scope, tree);
    for (const form of v.children.slice(1)) if (form !== params) walkCode(form, scope, tree, onStep, root);
    return;
  }
  if (head === 'update' || head === 'update-in') {
    // `(update m :k f)` reads `:k` of `m` (and passes it to `f`).
    const base = pathOf(v.children[1] ?? null, env, root);
    const keys = head === 'update' ? [keyOf(v.children[2])] : (unwrapMeta(v.children[2] ?? null) as CollNode | null)?.children?.map((c) => keyOf(c)) ?? [null];
    if (base !== null && keys.every((k) => k !== null)) record(tree, [...base, ...(keys as Path)]);
  }
  if (head === 'flow/step') {
    const config = v.children.find((c, i) => i > 1 && unwrapMeta(c)?.kind === 'map');
    if (config !== undefined) onStep(config, env);
  }
  for (const c of v.children) walkCode(c, env, tree, onStep, root);
}

/** The function code `(fn [x] ...)` a step runs: inline `:code`, or `:ref` into `:functions`. */
function functionCode(flow: CollNode, config: Node): Node | null {
  const inline = unwrapMeta(mapGet(config, 'code') ?? null);
  let code: Node | null = inline;
  const ref = keyOf(mapGet(config, 'ref'));
  if (code === null && ref !== null) {
    const fns = unwrapMeta(mapGet(flow, 'functions') ?? null);
    const fn = fns?.kind === 'vector' ? fns.children.find((f) => keyOf(mapGet(f, 'id'))?.name === ref.name) : undefined;
    code = unwrapMeta(fn ? (mapGet(fn, 'code') ?? null) : null);
  }
  if (code?.kind === 'string') return readEdn(code.value).forms[0] ?? null;
  if (code?.kind === 'quote') return code.form;
  return code;
}

/** Everything the flow reads off its input. */
export function inputReads(flow: CollNode): InputTree {
  const tree: InputTree = new Map();
  const onStep = (config: Node, env: Env): void => {
    const passed = pathOf(mapGet(config, 'input') ?? null, env);
    if (passed === null) return;
    const fn = unwrapMeta(functionCode(flow, config));
    const params = fn?.kind === 'list' && headName(fn) === 'fn' ? fn.children.find((c) => c.kind === 'vector') : undefined;
    if (params?.kind !== 'vector' || params.children.length !== 1) return;
    const scope: Env = new Map();
    bind(params.children[0]!, passed, scope, tree);
    for (const form of fn!.kind === 'list' ? fn!.children.slice(2) : []) walkCode(form, scope, tree, () => undefined);
  };
  walkCode(bodyOf(flow), new Map(), tree, onStep);
  const concurrency = mapGet(flow, 'concurrency');
  const keyField = keyOf(mapGet(concurrency, 'key-field'));
  if (keyField !== null) record(tree, [keyField]);
  const invocations = unwrapMeta(mapGet(flow, 'invocations') ?? null);
  if (invocations?.kind === 'map') {
    for (const { value } of mapEntries(invocations)) {
      const inputs = unwrapMeta(mapGet(value, 'inputs') ?? null);
      for (const input of inputs?.kind === 'vector' ? inputs.children : []) {
        const name = keyOf(mapGet(input, 'name'));
        if (name === null) continue;
        record(tree, [{ name: name.name, keyword: true }]);
        const entry = tree.get(':' + name.name)!;
        const type = unwrapMeta(mapGet(input, 'type') ?? null);
        if (type?.kind === 'keyword') entry.type = type.name;
        entry.example = exampleOf(input);
      }
    }
  }
  return tree;
}

/**
 * What the flow reads off the result of step `stepId` (a `:wait`'s resolution: `(:action
 * approval)`, `(get-in approval [:payload :amount])`), through the same walk as the input,
 * including function code the result is passed to through a step's `:input`.
 */
export function stepResultReads(flow: CollNode, stepId: string): InputTree {
  const tree: InputTree = new Map();
  const root: Root = (list, head) => head === 'flow/step' && keyOf(list.children[2])?.name === stepId;
  const onStep = (config: Node, env: Env): void => {
    const fn = unwrapMeta(functionCode(flow, config));
    const params = fn?.kind === 'list' && headName(fn) === 'fn' ? fn.children.find((c) => c.kind === 'vector') : undefined;
    if (params?.kind !== 'vector' || params.children.length !== 1) return;
    // `:input {:approval approval}`: the function's parameter map holds the result under a key.
    const input = unwrapMeta(mapGet(config, 'input') ?? null);
    const scope: Env = new Map();
    const whole = pathOf(input, env, root);
    if (whole !== null) bind(params.children[0]!, whole, scope, tree);
    else if (input?.kind === 'map') {
      const param = unwrapMeta(params.children[0]!);
      if (param?.kind !== 'symbol') return;
      for (const { key, value } of mapEntries(input)) {
        const k = keyOf(key);
        const p = pathOf(value ?? null, env, root);
        if (k !== null && p !== null) scope.set(`\u0000${param.name}${k.keyword ? ':' : '"'}${k.name}`, p);
      }
      walkFnWithNested(fn as CollNode, param.name, scope, tree, root);
      return;
    } else return;
    for (const form of fn!.kind === 'list' ? fn!.children.slice(2) : []) walkCode(form, scope, tree, () => undefined, root);
  };
  walkCode(bodyOf(flow), new Map(), tree, onStep, root);
  return tree;
}

/** Function code whose parameter `param` is a map holding the result under some keys: reads through `(get-in param [:k ...])`/`(:x (:k param))`. */
function walkFnWithNested(fn: CollNode, param: string, scope: Env, tree: InputTree, root: Root): void {
  const visit = (node: Node | null): void => {
    const v = unwrapMeta(node);
    if (v === null || (v.kind !== 'list' && v.kind !== 'vector' && v.kind !== 'map' && v.kind !== 'set')) return;
    const path = v.kind === 'list' ? nestedPath(v, param, scope, root) : null;
    if (path !== null && path.length > 0) record(tree, path);
    for (const c of v.children) visit(c);
  };
  for (const form of fn.children.slice(2)) visit(form);
}

/** `(get-in p [:k :a])`, `(:a (:k p))`, `(-> p :k :a)`: the result path under key `:k` of `p`. */
function nestedPath(v: CollNode, param: string, scope: Env, root: Root): Path | null {
  const env: Env = new Map(scope);
  env.set(param, [{ name: '\u0000', keyword: true }]);
  const p = pathOf(v, env, root);
  if (p === null || p.length < 2 || p[0]!.name !== '\u0000') return null;
  const under = scope.get(`\u0000${param}${p[1]!.keyword ? ':' : '"'}${p[1]!.name}`);
  return under === undefined ? null : [...under, ...p.slice(2)];
}

/** An input's `:default`, or its first option, when it is a plain string, number or boolean. */
function exampleOf(input: Node): string | number | boolean | null {
  const d = unwrapMeta(mapGet(input, 'default') ?? null);
  const options = unwrapMeta(mapGet(input, 'options') ?? null);
  const v = d !== null && d.kind !== 'nil' ? d : options?.kind === 'vector' ? unwrapMeta(options.children[0] ?? null) : null;
  if (v?.kind === 'string' || v?.kind === 'number' || v?.kind === 'boolean') return v.value;
  return v?.kind === 'keyword' ? v.name : null;
}
