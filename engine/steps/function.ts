// The `:function` step: calls a `:functions` entry (`:ref`) or inline `:code` with one map,
// the step's `:input` plus the context keys `:step/ctx` and `:flow/ctx`. A step with
// neither runs as identity on `:input` (the checker warns: the platform's lint rejects it).

import { Map as IMap } from 'immutable';
import { Keyword, type Value } from '../edn/values';
import { InterpError, interruptible, ThrownValue } from '../interp/index';
import { printValue } from '../edn/printer';
import { mapGet } from '../edn/navigate';
import { unwrapMeta, type CollNode, type Node } from '../edn/nodes';
import { kget, kmap, nameOf } from '../run/data';
import type { AttemptResult, Executor } from './types';

/** The `:code` node inside the call's literal config map, for compiling inline code. */
function codeNode(call: CollNode): Node | null {
  const args = call.children.slice(1);
  const config = unwrapMeta(args.length >= 3 ? args[2]! : args[args.length - 1] ?? null);
  return config?.kind === 'map' ? (mapGet(config, 'code') ?? null) : null;
}

/** What the function receives: `:input` plus `:step/ctx` and `:flow/ctx` when it is a map
 *  (the debugger replays function code with the same argument). */
export function functionArgument(input: Value, ctx: { stepId: string; stepKey: string; attempt: number; runId: string; slug: string }): Value {
  return IMap.isMap(input)
    ? (input as IMap<Value, Value>)
        .set(Keyword.of('ctx', 'step'), kmap({ id: ctx.stepId, key: ctx.stepKey, attempt: ctx.attempt }))
        .set(Keyword.of('ctx', 'flow'), kmap({ 'workflow-id': ctx.runId, slug: ctx.slug }))
    : input;
}

export const functionExecutor: Executor = async (ctx): Promise<AttemptResult> => {
  const ref = nameOf(kget(ctx.config, 'ref'));
  const code = kget(ctx.config, 'code');
  const rawInput = kget(ctx.config, 'input');
  const input = rawInput === undefined ? IMap<Value, Value>() : rawInput;
  if (ref === null && (code === undefined || code === null)) return { kind: 'ok', result: input, mocked: false };
  let fn: ((input: Value) => Value) | undefined;
  try {
    fn = ref !== null ? ctx.program.fn(ref) : ctx.program.inlineFn(code!, codeNode(ctx.call.node));
  } catch (e) {
    return { kind: 'error', error: { message: `function ${ref !== null ? ':' + ref : 'code'} does not compile: ${(e as Error).message}`, code: 'function-error' }, retryable: false };
  }
  if (fn === undefined) return { kind: 'error', error: { message: `no function :${ref} in :functions`, code: 'function-error' }, retryable: false };
  const arg = functionArgument(input, { stepId: ctx.stepId, stepKey: ctx.stepKey, attempt: ctx.attempt, runId: ctx.runId, slug: ctx.program.slug });
  try {
    return { kind: 'ok', result: interruptible(ctx.interrupt, () => fn!(arg)), mocked: false };
  } catch (e) {
    if (e instanceof ThrownValue) return { kind: 'error', error: { message: `function ${ref !== null ? ':' + ref : ''} threw ${printValue(e.value)}`, code: 'function-error' }, retryable: false };
    if (e instanceof InterpError) return { kind: 'error', error: { message: `function ${ref !== null ? ':' + ref : ''}: ${e.message}`, code: 'function-error' }, retryable: false };
    throw e;
  }
};
