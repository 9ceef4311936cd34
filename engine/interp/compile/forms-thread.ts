// Threading macros: `->` (the one the flow body allows), and in function code `->>`,
// `some->`, `some->>`, `cond->`, `cond->>`, `as->`. The threaded value lives in a hidden
// slot; each step is the written form with a hidden symbol for it spliced in, so a failing
// step is reported at its own range.

import type { CollNode, Node, SymbolNode } from '../../edn/nodes';
import { unwrapMeta } from '../../edn/nodes';
import { compileError } from '../errors';
import { truthy, type Code, type Frame } from '../runtime';
import { defineSpecials, type CompilerApi, type Cx } from './context';

const HIDDEN = ' threaded';

function splice(form: Node, last: boolean): Node {
  const f = unwrapMeta(form) ?? form;
  const t: SymbolNode = { kind: 'symbol', ns: null, name: HIDDEN, start: f.start, end: f.end };
  if (f.kind === 'list' && f.children.length > 0) {
    const [head, ...rest] = f.children;
    return { ...f, children: last ? [head!, ...rest, t] : [head!, t, ...rest] };
  }
  return { kind: 'list', children: [f, t], start: f.start, end: f.end, closed: true, prefix: null } satisfies CollNode;
}

function thread(last: boolean, stopOnNil: boolean): (c: CompilerApi, list: CollNode, cx: Cx) => Code {
  return (c, list, cx) => {
    const [, init, ...forms] = list.children;
    if (init === undefined) throw compileError('Threading needs a value to thread', list);
    const outer: Cx = { ...cx, tail: false };
    const x = c.compile(init, outer);
    const scope = cx.scope.child();
    const slot = scope.bind(HIDDEN).slot;
    const steps = forms.map((form) => c.compile(splice(form, last), { ...outer, scope }));
    const n = steps.length;
    return (f: Frame) => {
      let v = x(f);
      for (let i = 0; i < n; i++) {
        if (stopOnNil && v === null) return null;
        f[slot] = v;
        v = steps[i]!(f);
      }
      return v;
    };
  };
}

function condThread(last: boolean): (c: CompilerApi, list: CollNode, cx: Cx) => Code {
  return (c, list, cx) => {
    const [head, init, ...clauses] = list.children;
    if (init === undefined) throw compileError('cond-> needs a value to thread', list);
    if (clauses.length % 2 !== 0) throw compileError(`${c.text(head!)} needs test/form pairs after the value`, list);
    const outer: Cx = { ...cx, tail: false };
    const x = c.compile(init, outer);
    const scope = cx.scope.child();
    const slot = scope.bind(HIDDEN).slot;
    const tests: Code[] = [];
    const steps: Code[] = [];
    for (let i = 0; i < clauses.length; i += 2) {
      tests.push(c.compile(clauses[i]!, outer));
      steps.push(c.compile(splice(clauses[i + 1]!, last), { ...outer, scope }));
    }
    return (f: Frame) => {
      let v = x(f);
      for (let i = 0; i < tests.length; i++) {
        if (!truthy(tests[i]!(f))) continue;
        f[slot] = v;
        v = steps[i]!(f);
      }
      return v;
    };
  };
}

function asThread(c: CompilerApi, list: CollNode, cx: Cx): Code {
  const [, init, name, ...forms] = list.children;
  if (init === undefined || name === undefined || name.kind !== 'symbol' || name.ns !== null) throw compileError('as-> takes a value and a name: (as-> x name forms...)', list);
  const outer: Cx = { ...cx, tail: false };
  const x = c.compile(init, outer);
  const scope = cx.scope.child();
  const slot = scope.bind(name.name).slot;
  const steps = forms.map((form) => c.compile(form, { ...outer, scope }));
  return (f: Frame) => {
    let v = x(f);
    for (let i = 0; i < steps.length; i++) {
      f[slot] = v;
      v = steps[i]!(f);
    }
    return v;
  };
}

defineSpecials({
  '->': thread(false, false),
  '->>': thread(true, false),
  'some->': thread(false, true),
  'some->>': thread(true, true),
  'cond->': condThread(false),
  'cond->>': condThread(true),
  'as->': asThread,
});
