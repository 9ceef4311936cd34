// Binding forms: `let`, `loop`/`recur`, `if-let`, `when-let`, `if-some`, `when-some`,
// `when-first`.
// `recur` writes the new values straight into the target's slots and returns the RECUR
// marker, which tail positions pass up unchanged to the loop, so iteration never grows the
// JS stack.

import type { CollNode, Node } from '../../edn/nodes';
import type { Value } from '../../edn/values';
import { compileError } from '../errors';
import { refuel, R, RECUR, truthy, type Code, type Frame } from '../runtime';
import { first, seq } from '../seq';
import { compileBinding, simpleSlot, type Binder } from './destructure';
import { defineSpecials, NIL, nonTail, type CompilerApi, type Cx, type RecurTarget } from './context';
import type { Scope } from './scope';

function bindingVector(list: CollNode, form: string): Node[] {
  const vec = list.children[1];
  if (vec === undefined || vec.kind !== 'vector') throw compileError(`\`${form}\` needs a binding vector, e.g. (${form} [x expr] ...)`, vec ?? list);
  if (vec.children.length % 2 !== 0) throw compileError(`\`${form}\` needs an even number of forms in its binding vector`, vec);
  return vec.children;
}

/** One binding step: evaluate `init`, then write it to `slot` or through `binder`. */
interface Step {
  init: Code;
  slot: number;
  binder: Binder | null;
}

/** Compiles binding pairs sequentially into `scope`. */
export function compileSteps(c: CompilerApi, pairs: Node[], scope: Scope, cx: Cx): Step[] {
  const steps: Step[] = [];
  const initCx: Cx = { ...cx, scope, tail: false };
  for (let i = 0; i < pairs.length; i += 2) {
    const init = c.compile(pairs[i + 1]!, initCx);
    const slot = simpleSlot(pairs[i]!, scope);
    steps.push(slot !== null ? { init, slot, binder: null } : { init, slot: -1, binder: compileBinding(c, pairs[i]!, scope, initCx) });
  }
  return steps;
}

export function runSteps(steps: Step[], f: Frame): void {
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i]!;
    const v = s.init(f);
    if (s.binder === null) f[s.slot] = v;
    else s.binder(f, v);
  }
}

function letForm(c: CompilerApi, list: CollNode, cx: Cx): Code {
  const pairs = bindingVector(list, 'let');
  const scope = cx.scope.child();
  const steps = compileSteps(c, pairs, scope, cx);
  const body = c.body(list.children.slice(2), { ...cx, scope }, list);
  if (steps.length === 0) return body;
  return (f: Frame) => {
    runSteps(steps, f);
    return body(f);
  };
}

function loopForm(c: CompilerApi, list: CollNode, cx: Cx): Code {
  const pairs = bindingVector(list, 'loop');
  const scope = cx.scope.child();
  const initCx: Cx = { ...cx, scope, tail: false };
  const inits: Code[] = [];
  const raw: number[] = [];
  // A destructuring binding keeps its value in a hidden slot that `recur` rewrites.
  const binders: (Binder | null)[] = [];
  for (let i = 0; i < pairs.length; i += 2) {
    inits.push(c.compile(pairs[i + 1]!, initCx));
    const slot = simpleSlot(pairs[i]!, scope);
    if (slot !== null) {
      raw.push(slot);
      binders.push(null);
    } else {
      raw.push(scope.hidden());
      binders.push(compileBinding(c, pairs[i]!, scope, initCx));
    }
  }
  const target: RecurTarget = { slots: raw, variadic: false, form: 'loop' };
  const body = c.body(list.children.slice(2), { scope, recur: target, tail: true }, list);
  const n = inits.length;
  const destructuring = binders.some((b) => b !== null);
  return (f: Frame) => {
    for (let i = 0; i < n; i++) {
      const v = inits[i]!(f);
      f[raw[i]!] = v;
      const b = binders[i];
      if (b) b(f, v);
    }
    for (;;) {
      const r = body(f);
      if (r !== RECUR) return r;
      if (--R.fuel < 0) refuel(list);
      if (destructuring)
        for (let i = 0; i < n; i++) {
          const b = binders[i];
          if (b) b(f, f[raw[i]!] as Value);
        }
    }
  };
}

function recurForm(c: CompilerApi, list: CollNode, cx: Cx): Code {
  const target = cx.recur;
  if (target === null) throw compileError('recur is only allowed inside a loop or a fn', list);
  if (!cx.tail) throw compileError('Can only recur from tail position', list);
  const args = list.children.slice(1);
  const want = target.slots.length;
  if (args.length !== want) throw compileError(`Mismatched argument count to recur, expected: ${want} args, got: ${args.length}`, list);
  const codes = args.map((a) => c.compile(a, nonTail(cx)));
  const slots = target.slots;
  switch (want) {
    case 0:
      return () => RECUR;
    case 1: {
      const a = codes[0]!;
      const s = slots[0]!;
      return (f: Frame) => {
        f[s] = a(f);
        return RECUR;
      };
    }
    case 2: {
      const [a, b] = codes as [Code, Code];
      const [s, t] = slots as [number, number];
      return (f: Frame) => {
        const x = a(f);
        const y = b(f);
        f[s] = x;
        f[t] = y;
        return RECUR;
      };
    }
    default:
      return (f: Frame) => {
        const vals = codes.map((k) => k(f));
        for (let i = 0; i < want; i++) f[slots[i]!] = vals[i]!;
        return RECUR;
      };
  }
}

/** `if-let`, `when-let`, `if-some`, `when-some`: one binding, visible in the then branch. */
function conditionalLet(form: string, some: boolean | 'first', hasElse: boolean): (c: CompilerApi, list: CollNode, cx: Cx) => Code {
  return (c, list, cx) => {
    const pairs = bindingVector(list, form);
    if (pairs.length !== 2) throw compileError(`\`${form}\` takes exactly one binding: (${form} [name expr] ...)`, list.children[1]!);
    const rest = list.children.slice(2);
    if (hasElse && (rest.length < 1 || rest.length > 2)) throw compileError(`\`${form}\` takes a then and an optional else: (${form} [name expr] then else)`, list);
    const test = c.compile(pairs[1]!, nonTail(cx));
    const scope = cx.scope.child();
    const bind = compileBinding(c, pairs[0]!, scope, { ...cx, scope, tail: false });
    const thenCx = { ...cx, scope };
    const then = hasElse ? c.compile(rest[0]!, thenCx) : c.body(rest, thenCx, list);
    const els = hasElse && rest[1] !== undefined ? c.compile(rest[1], cx) : NIL;
    return (f: Frame) => {
      const v = test(f);
      if (some === 'first') {
        const s = seq(v);
        if (s === null) return els(f);
        bind(f, first(s));
        return then(f);
      }
      if (some ? v !== null : truthy(v)) {
        bind(f, v);
        return then(f);
      }
      return els(f);
    };
  };
}

defineSpecials({
  let: letForm,
  loop: loopForm,
  recur: recurForm,
  'if-let': conditionalLet('if-let', false, true),
  'when-let': conditionalLet('when-let', false, false),
  'if-some': conditionalLet('if-some', true, true),
  'when-some': conditionalLet('when-some', true, false),
  'when-first': conditionalLet('when-first', 'first', false),
});
