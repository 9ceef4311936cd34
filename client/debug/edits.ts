// What the user types that changes a run: Set Value (read as EDN or JSON, for a node the
// runtime can edit: a step's result; anything else is refused with where edits are possible)
// and the debug console's wait commands (`:approve {:note "ok"}`, `:reject`, `:complete {..}`,
// `:timeout`).

import { parseData } from '../../engine/cli/engine-setup';
import type { Value } from '../../engine/edn/values';
import type { VariableNode } from '../../engine/debug/variables';

export function editValue(node: VariableNode, text: string): Value {
  if (node.editable === undefined) {
    throw new Error(`${node.name} cannot be changed: only a step's result can (the Step scope's result, or Run > steps > STEP > result); locals follow from results`);
  }
  return parseData(text, `the new value of ${node.editable.stepKey}'s result`);
}

export interface ConsoleCommand {
  action: 'approve' | 'reject' | 'complete' | 'timeout';
  payload?: Value;
}

/** A debug console wait command, or null for an expression to evaluate. */
export function consoleCommand(text: string): ConsoleCommand | null {
  const m = /^\s*:(approve|reject|complete|timeout)\b\s*([\s\S]*)$/.exec(text);
  if (m === null) return null;
  const action = m[1] as ConsoleCommand['action'];
  const rest = m[2]!.trim();
  if (rest === '') return { action };
  if (action === 'timeout') throw new Error(':timeout takes no payload');
  return { action, payload: parseData(rest, `the payload of :${action}`) };
}
