// Control forms: `quote do if when when-not cond condp case and or comment throw`, and the
// branch hook: an `if` annotated `^{:label .. :yes .. :no ..}` (on the form or on its test)
// tells the host which branch it took.

import { Map as IMap } from 'immutable';
import type { CollNode, MetaNode, Node } from '../../edn/nodes';
import type { Value } from '../../edn/values';
import { compileError, InterpError, ThrownValue } from '../errors';
import { invoke, R, truthy, type Code, type Frame } from '../runtime';
import { describe, ExceptionValue } from '../values';
import type { BranchSite } from '../index';
import { constant, defineSpecials, NIL, nonTail, type CompilerApi, type Cx } from './context';

function args(list: CollNode): Node[] {
  return list.children.slice(1);
}

function arity(list: CollNode, ok: (n: number) => boolean, usage: string): Node[] {
  const a = args(list);
  if (!ok(a.length)) throw compileError(`Wrong number of args (${a.length}) passed to: ${(list.children[0] as { name: string }).name}; expected ${usage}`, list);
  return a;
}

/** The branch labels of `^{:label "..." :yes "..." :no "..."}`, or null without any. */
export function branchSiteOf(node: MetaNode): BranchSite | null {
  const m = node.meta;
  if (m.kind !== 'map') return null;
  const site: BranchSite = { node, label: null, yes: null, no: null };
  let any = false;
  for (let i = 0; i + 1 < m.children.length; i += 2) {
    const k = m.children[i]!;
    const v = m.children[i + 1]!;
    if (k.kind === 'keyword' && k.ns === null && (k.name === 'label' || k.name === 'yes' || k.name === 'no')) {
      any = true;
      site[k.name] = v.kind === 'string' ? v.value : null;
    }
  }
  return any ? site : null;
}

export function compileIfWithSite(c: CompilerApi, list: CollNode, cx: Cx, outerSite: BranchSite | null): Code {
  const a = arity(list, (n) => n === 2 || n === 3, '(if test then) or (if test then else)');
  let site = outerSite;
  const testNode = a[0]!;
  if (site === null && testNode.kind === 'meta') site = branchSiteOf(testNode);
  const test = c.compile(testNode, nonTail(cx));
  const then = c.compile(a[1]!, cx);
  const els = a[2] === undefined ? NIL : c.compile(a[2], cx);
  if (site !== null) {
    const s = site;
    return (f: Frame) => {
      const t = truthy(test(f));
      if (R.host.branch !== undefined) R.host.branch(s, t);
      return t ? then(f) : els(f);
    };
  }
  return (f: Frame) => {
    const v = test(f);
    return v !== null && v !== false ? then(f) : els(f);
  };
}

function when(negate: boolean): (c: CompilerApi, list: CollNode, cx: Cx) => Code {
  return (c, list, cx) => {
    const a = arity(list, (n) => n >= 1, `(${negate ? 'when-not' : 'when'} test body...)`);
    const test = c.compile(a[0]!, nonTail(cx));
    const body = c.body(a.slice(1), cx, list);
    return negate ? (f: Frame) => (truthy(test(f)) ? null : body(f)) : (f: Frame) => (truthy(test(f)) ? body(f) : null);
  };
}

function noMatch(v: Value, at: Node): never {
  throw new InterpError(`No matching clause: ${describe(v)}`, at.start, at.end, { javaClass: 'java.lang.IllegalArgumentException' });
}

function caseForm(c: CompilerApi, list: CollNode, cx: Cx): Code {
  const a = arity(list, (n) => n >= 1, '(case expr const result ... default?)');
  const expr = c.compile(a[0]!, nonTail(cx));
  const clauses = a.slice(1);
  const hasDefault = clauses.length % 2 === 1;
  const results: Code[] = [];
  let table = IMap<Value, number>();
  for (let i = 0; i + 1 < clauses.length; i += 2) {
    const testNode = clauses[i]!;
    const index = results.length;
    results.push(c.compile(clauses[i + 1]!, cx));
    const alternatives = testNode.kind === 'list' ? testNode.children : [testNode];
    for (const alt of alternatives) {
      const v = c.quoted(alt);
      if (table.has(v)) throw compileError(`Duplicate case test constant: ${c.text(alt)}`, alt);
      table = table.set(v, index);
    }
  }
  const dflt = hasDefault ? c.compile(clauses[clauses.length - 1]!, cx) : null;
  return (f: Frame) => {
    const v = expr(f);
    const i = table.get(v);
    if (i !== undefined) return results[i]!(f);
    return dflt !== null ? dflt(f) : noMatch(v, list);
  };
}

function condp(c: CompilerApi, list: CollNode, cx: Cx): Code {
  const a = arity(list, (n) => n >= 2, '(condp pred expr test result ... default?)');
  const inner = nonTail(cx);
  const pred = c.compile(a[0]!, inner);
  const expr = c.compile(a[1]!, inner);
  const clauses: { test: Code; result: Code; thread: boolean }[] = [];
  let dflt: Code | null = null;
  const rest = a.slice(2);
  for (let i = 0; i < rest.length; ) {
    if (i === rest.length - 1) {
      dflt = c.compile(rest[i]!, cx);
      break;
    }
    const next = rest[i + 1]!;
    if (next.kind === 'keyword' && next.ns === null && next.name === '>>') {
      if (rest[i + 2] === undefined) throw compileError('condp :>> needs a function after it', next);
      clauses.push({ test: c.compile(rest[i]!, inner), result: c.compile(rest[i + 2]!, inner), thread: true });
      i += 3;
    } else {
      clauses.push({ test: c.compile(rest[i]!, inner), result: c.compile(next, cx), thread: false });
      i += 2;
    }
  }
  return (f: Frame) => {
    const p = pred(f);
    const e = expr(f);
    for (const cl of clauses) {
      const r = invoke(p, [cl.test(f), e]);
      if (truthy(r)) return cl.thread ? invoke(cl.result(f), [r]) : cl.result(f);
    }
    return dflt !== null ? dflt(f) : noMatch(e, list);
  };
}

defineSpecials({
  quote: (c, list) => {
    const a = arity(list, (n) => n === 1, '(quote form)');
    return constant(c.quoted(a[0]!));
  },
  comment: () => NIL,
  do: (c, list, cx) => c.body(args(list), cx, list),
  if: (c, list, cx) => compileIfWithSite(c, list, cx, null),
  when: when(false),
  'when-not': when(true),
  cond: (c, list, cx) => {
    const a = args(list);
    if (a.length % 2 !== 0) throw compileError('cond requires an even number of forms: test/expression pairs', list);
    const tests: Code[] = [];
    const exprs: Code[] = [];
    for (let i = 0; i < a.length; i += 2) {
      tests.push(c.compile(a[i]!, nonTail(cx)));
      exprs.push(c.compile(a[i + 1]!, cx));
    }
    const n = tests.length;
    return (f: Frame) => {
      for (let i = 0; i < n; i++) {
        const t = tests[i]!(f);
        if (t !== null && t !== false) return exprs[i]!(f);
      }
      return null;
    };
  },
  condp,
  case: caseForm,
  and: (c, list, cx) => {
    const a = args(list);
    if (a.length === 0) return constant(true);
    const codes = a.map((n, i) => c.compile(n, i === a.length - 1 ? cx : nonTail(cx)));
    return (f: Frame) => {
      let v: Value = true;
      for (let i = 0; i < codes.length; i++) {
        v = codes[i]!(f);
        if (v === null || v === false) return v;
      }
      return v;
    };
  },
  or: (c, list, cx) => {
    const a = args(list);
    if (a.length === 0) return NIL;
    const codes = a.map((n, i) => c.compile(n, i === a.length - 1 ? cx : nonTail(cx)));
    return (f: Frame) => {
      let v: Value = null;
      for (let i = 0; i < codes.length; i++) {
        v = codes[i]!(f);
        if (v !== null && v !== false) return v;
      }
      return v;
    };
  },
  throw: (c, list, cx) => {
    const a = arity(list, (n) => n === 1, '(throw ex)');
    const ex = c.compile(a[0]!, nonTail(cx));
    const { start, end } = list;
    return (f: Frame) => {
      const v = ex(f);
      if (!(v instanceof ExceptionValue))
        throw new InterpError(`Cannot throw ${describe(v)}: throw takes an exception, e.g. (throw (ex-info "message" {:key value}))`, start, end, { javaClass: 'java.lang.ClassCastException' });
      throw new ThrownValue(v, start, end);
    };
  },
  catch: (_c, list) => {
    throw compileError('catch is only allowed as a clause at the end of a try', list);
  },
  finally: (_c, list) => {
    throw compileError('finally is only allowed as the last clause of a try', list);
  },
});
