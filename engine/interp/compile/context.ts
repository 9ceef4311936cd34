// Shared compile-time types: the compile context handed to every special form, constant
// code (so literals fold at compile time), and the table of special forms.

import type { CollNode, Node } from '../../edn/nodes';
import type { Value } from '../../edn/values';
import type { Code } from '../runtime';
import type { Scope } from './scope';
import type { PointTable } from '../probe';

import type { CodeMode } from '../index';

export type { CodeMode };

/** Where `recur` jumps: the raw slots it rewrites (a `loop`'s bindings, a function's params). */
export interface RecurTarget {
  slots: number[];
  /** `fn` with `& rest`: the last slot takes the rest seq as is. */
  variadic: boolean;
  form: string;
}

/** Where code is being compiled. `tail` says whether `recur` may appear. */
export interface Cx {
  scope: Scope;
  recur: RecurTarget | null;
  tail: boolean;
}

export interface CompilerApi {
  readonly mode: CodeMode;
  /** Evaluation points being recorded (code compiled for a probe), or null: no hooks. */
  readonly points: PointTable | null;
  compile(node: Node, cx: Cx): Code;
  /** `do` semantics: every form, the last in tail position when `cx.tail`. */
  body(nodes: Node[], cx: Cx, at: { start: number; end: number }): Code;
  /** A quoted form as data. */
  quoted(node: Node): Value;
  /** True when `list` calls the special form `name` (not shadowed by a local). */
  isHead(list: CollNode, name: string, cx: Cx): boolean;
  /** Text of a node, shortened, for messages. */
  text(node: Node, max?: number): string;
}

export type SpecialForm = (c: CompilerApi, list: CollNode, cx: Cx) => Code;

export const specials = new Map<string, SpecialForm>();

export function defineSpecials(table: Record<string, SpecialForm>): void {
  for (const [k, v] of Object.entries(table)) specials.set(k, v);
}

const constants = new WeakMap<Code, { v: Value }>();

export function constant(v: Value): Code {
  const code: Code = () => v;
  constants.set(code, { v });
  return code;
}

export function constantOf(code: Code): { v: Value } | undefined {
  return constants.get(code);
}

export function nonTail(cx: Cx): Cx {
  return cx.tail ? { ...cx, tail: false } : cx;
}

export function withScope(cx: Cx, scope: Scope): Cx {
  return { ...cx, scope };
}

export const NIL: Code = constant(null);
