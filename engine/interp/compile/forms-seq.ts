// Comprehensions: `for` (eager; returns a seq), `doseq` (returns nil) and `dotimes`.
// Binding levels nest left to right; each may carry `:let [..]`, `:when test` and
// `:while test` (which ends its own level). Every iteration spends one unit of fuel.

import type { CollNode, Node } from '../../edn/nodes';
import type { Value } from '../../edn/values';
import { compileError, locate } from '../errors';
import { refuel, R, type Code, type Frame } from '../runtime';
import { items, toSeq } from '../seq';
import { num } from '../core/numbers';
import { compileBinding, simpleSlot, type Binder } from './destructure';
import { defineSpecials, type CompilerApi, type Cx } from './context';
import { compileSteps, runSteps } from './forms-bind';

type Modifier = { kind: 'let'; steps: ReturnType<typeof compileSteps> } | { kind: 'when' | 'while'; test: Code };

interface Level {
  coll: Code;
  at: Node;
  slot: number;
  binder: Binder | null;
  modifiers: Modifier[];
}

function compileLevels(c: CompilerApi, list: CollNode, form: string, cx: Cx): { levels: Level[]; scope: Cx['scope'] } {
  const vec = list.children[1];
  if (vec === undefined || vec.kind !== 'vector') throw compileError(`\`${form}\` needs a binding vector, e.g. (${form} [x xs] ...)`, vec ?? list);
  const b = vec.children;
  if (b.length % 2 !== 0) throw compileError(`\`${form}\` needs an even number of forms in its binding vector`, vec);
  if (b.length === 0 || b[0]!.kind === 'keyword') throw compileError(`\`${form}\` must start with a binding, e.g. (${form} [x xs] ...)`, vec);
  const scope = cx.scope.child();
  const inner: Cx = { ...cx, scope, tail: false };
  const levels: Level[] = [];
  for (let i = 0; i < b.length; i += 2) {
    const target: Node = b[i]!;
    const init = b[i + 1]!;
    if (target.kind === 'keyword' && target.ns === null) {
      const level = levels[levels.length - 1]!;
      if (target.name === 'let') {
        if (init.kind !== 'vector' || init.children.length % 2 !== 0) throw compileError(':let takes a binding vector with an even number of forms', init);
        level.modifiers.push({ kind: 'let', steps: compileSteps(c, init.children, scope, inner) });
      } else if (target.name === 'when' || target.name === 'while') {
        level.modifiers.push({ kind: target.name, test: c.compile(init, inner) });
      } else throw compileError(`Invalid \`${form}\` modifier ${c.text(target)}: use :let, :when or :while`, target);
      continue;
    }
    const coll = c.compile(init, inner);
    const slot = simpleSlot(target, scope);
    levels.push({ coll, at: init, slot: slot ?? -1, binder: slot !== null ? null : compileBinding(c, target, scope, inner), modifiers: [] });
  }
  return { levels, scope };
}

/** Runs the levels from `k`, calling `emit` for each innermost iteration. */
function runLevels(levels: Level[], k: number, f: Frame, emit: (f: Frame) => void): void {
  const level = levels[k]!;
  const coll = level.coll(f);
  let xs: Value[];
  try {
    xs = items(coll);
  } catch (e) {
    throw locate(e, level.at.start, level.at.end);
  }
  const last = k === levels.length - 1;
  const mods = level.modifiers;
  outer: for (let i = 0; i < xs.length; i++) {
    if (--R.fuel < 0) refuel(level.at);
    if (level.binder === null) f[level.slot] = xs[i]!;
    else level.binder(f, xs[i]!);
    for (let m = 0; m < mods.length; m++) {
      const mod = mods[m]!;
      if (mod.kind === 'let') runSteps(mod.steps, f);
      else {
        const t = mod.test(f);
        if (t === null || t === false) {
          if (mod.kind === 'while') return;
          continue outer;
        }
      }
    }
    if (last) emit(f);
    else runLevels(levels, k + 1, f, emit);
  }
}

function comprehension(collect: boolean): (c: CompilerApi, list: CollNode, cx: Cx) => Code {
  const form = collect ? 'for' : 'doseq';
  return (c, list, cx) => {
    const rest = list.children.slice(2);
    if (collect && rest.length !== 1) throw compileError(`\`for\` takes a binding vector and one body form, got ${rest.length} body forms`, list);
    const { levels, scope } = compileLevels(c, list, form, cx);
    const body = c.body(rest, { scope, recur: null, tail: false }, list);
    if (collect)
      return (f: Frame) => {
        const out: Value[] = [];
        runLevels(levels, 0, f, (fr) => out.push(body(fr)));
        return toSeq(out);
      };
    return (f: Frame) => {
      runLevels(levels, 0, f, body);
      return null;
    };
  };
}

function dotimes(c: CompilerApi, list: CollNode, cx: Cx): Code {
  const vec = list.children[1];
  if (vec === undefined || vec.kind !== 'vector' || vec.children.length !== 2 || vec.children[0]!.kind !== 'symbol')
    throw compileError('`dotimes` takes one binding of a name to a count: (dotimes [i n] ...)', vec ?? list);
  const n = c.compile(vec.children[1]!, { ...cx, tail: false });
  const scope = cx.scope.child();
  const slot = scope.bind((vec.children[0] as { name: string }).name).slot;
  const body = c.body(list.children.slice(2), { scope, recur: null, tail: false }, list);
  return (f: Frame) => {
    let count: number;
    try {
      count = num(n(f), 'dotimes');
    } catch (e) {
      throw locate(e, vec.start, vec.end);
    }
    for (let i = 0; i < count; i++) {
      if (--R.fuel < 0) refuel(list);
      f[slot] = i;
      body(f);
    }
    return null;
  };
}

defineSpecials({
  for: comprehension(true),
  doseq: comprehension(false),
  dotimes,
});
