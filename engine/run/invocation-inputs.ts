// Invocation inputs (`:invocations {:default {:inputs [{:name :order-id :type :text
// :required true}]}}`) checked when a run starts, by every front (CLI, `serve`, editor): a
// missing required input or a value of the wrong type refuses the start with a message
// naming the input, instead of failing later inside the body.

import { List, Map as IMap } from 'immutable';
import { printValue } from '../edn/printer';
import { Keyword, type Value } from '../edn/values';
import { asList, kget, nameOf } from './data';
import type { FlowProgram } from './program';

export interface InvocationInput {
  name: string;
  type: string | null;
  required: boolean;
}

/** A start refused because of its input; the message names the input and the fix. */
export class InputRefused extends Error {
  constructor(
    message: string,
    readonly input: string,
  ) {
    super(message);
    this.name = 'InputRefused';
  }
}

/** `:invocations` of a flow value: invocation id -> its inputs. */
export function readInvocations(invocations: Value): Map<string, InvocationInput[]> {
  const out = new Map<string, InvocationInput[]>();
  if (!IMap.isMap(invocations)) return out;
  (invocations as IMap<Value, Value>).forEach((inv, id) => {
    const name = nameOf(id);
    if (name === null) return;
    const inputs: InvocationInput[] = [];
    for (const i of asList(kget(inv, 'inputs'))) {
      const n = nameOf(kget(i, 'name'));
      if (n !== null) inputs.push({ name: n, type: nameOf(kget(i, 'type')), required: kget(i, 'required') === true });
    }
    out.set(name, inputs);
  });
  return out;
}

const stringTypes = new Set(['string', 'text', 'email', 'password', 'textarea', 'secret', 'date', 'time', 'datetime']);
const isMap = (v: Value) => IMap.isMap(v);

/** Whether `v` fits an input `type`; null when it does, else what was expected. */
function typeMismatch(type: string | null, v: Value): string | null {
  if (type === null) return null;
  if (stringTypes.has(type)) return typeof v === 'string' ? null : 'a string';
  if (type === 'number') return typeof v === 'number' || typeof v === 'bigint' ? null : 'a number';
  if (type === 'boolean' || type === 'checkbox') return typeof v === 'boolean' ? null : 'true or false';
  if (type === 'select') return typeof v === 'string' || v instanceof Keyword ? null : 'one of the options (a string or keyword)';
  if (type === 'file' || type === 'blob' || type === 'blob-ref' || type === 'resource') return typeof v === 'string' || isMap(v) ? null : 'a resource ref (a res:// uri or a ref map)';
  return null; // :json and unknown types take anything
}

function lookup(input: Value, name: string): Value | undefined {
  if (!IMap.isMap(input)) return undefined;
  const m = input as IMap<Value, Value>;
  const v = m.get(Keyword.of(name));
  return v !== undefined ? v : m.get(name);
}

/**
 * The invocation a start uses: the one named, else `:default`, else the only one. Null
 * when the flow declares none (legacy triggers): nothing to check.
 */
function chosen(program: FlowProgram, invocation: string | undefined): [string, InvocationInput[]] | null {
  const all = program.invocations;
  if (invocation !== undefined) {
    const inputs = all.get(invocation);
    if (inputs === undefined) throw new InputRefused(`the flow has no invocation :${invocation}; it declares ${[...all.keys()].map((k) => ':' + k).join(', ') || 'none'}`, invocation);
    return [invocation, inputs];
  }
  if (all.has('default')) return ['default', all.get('default')!];
  if (all.size === 1) return [...all][0]!;
  return null;
}

/** Throws InputRefused when `input` lacks a required input or has one of the wrong type. */
export function checkInvocationInputs(program: FlowProgram, input: Value, invocation?: string): void {
  const picked = chosen(program, invocation);
  if (picked === null) return;
  const [id, inputs] = picked;
  for (const i of inputs) {
    const v = lookup(input, i.name);
    if (v === undefined || v === null || (v === '' && i.required)) {
      if (i.required) throw new InputRefused(`input :${i.name} is required by invocation :${id} but the run input has none; give it, e.g. --input '{:${i.name} ${example(i.type)}}'`, i.name);
      continue;
    }
    const expected = typeMismatch(i.type, v);
    if (expected !== null) throw new InputRefused(`input :${i.name} of invocation :${id} is :${i.type}, so it must be ${expected}, not ${describe(v)}`, i.name);
  }
}

function example(type: string | null): string {
  if (type === 'number') return '42';
  if (type === 'boolean' || type === 'checkbox') return 'true';
  return '"..."';
}

function describe(v: Value): string {
  const text = printValue(v);
  const kind = typeof v === 'string' ? 'the string' : typeof v === 'number' ? 'the number' : typeof v === 'boolean' ? 'the boolean' : List.isList(v) ? 'the vector' : IMap.isMap(v) ? 'the map' : v instanceof Keyword ? 'the keyword' : 'the value';
  return `${kind} ${text.length > 40 ? text.slice(0, 40) + '…' : text}`;
}
