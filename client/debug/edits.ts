// Set Value: what the user typed, read as EDN (or JSON), for a node the runtime can edit
// (a step's result); anything else is refused with where edits are possible.

import { parseData } from '../../engine/cli/engine-setup';
import type { Value } from '../../engine/edn/values';
import type { VariableNode } from '../../engine/debug/variables';

export function editValue(node: VariableNode, text: string): Value {
  if (node.editable === undefined) {
    throw new Error(`${node.name} cannot be changed: only a step's result can (the Step scope's result, or Run > steps > STEP > result); locals follow from results`);
  }
  return parseData(text, `the new value of ${node.editable.stepKey}'s result`);
}
