// A step call's journal key: its id (its type when it has none) and which call of that id
// this is in one pass over the body (`fetch#0`, `fetch#1`), the same in the runner and in
// every replay of the debugger.

import type { StepCall } from '../interp/index';

/** A fresh numbering for one pass over the body: each call gives the next key of its id. */
export function stepKeys(): (call: Pick<StepCall, 'id' | 'type'>) => string {
  const occurrences = new Map<string, number>();
  return (call) => {
    const id = call.id ?? call.type;
    const n = occurrences.get(id) ?? 0;
    occurrences.set(id, n + 1);
    return `${id}#${n}`;
  };
}
