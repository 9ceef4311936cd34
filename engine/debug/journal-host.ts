// A host for replaying the flow body inside the debugger: every step (and `flow/now-ms`) is
// answered from the run's journal in order, keyed as the run engine keys them (step id +
// occurrence); the first step the journal does not hold stops the replay with `NotJournaled`.
// Nothing is ever executed, so a replay can go back and forth over the body freely.

import type { Value } from '../edn/values';
import { HostSignal, type Host, type StepCall } from '../interp/index';
import { quietly } from '../run/signals';
import { stepKeys } from '../run/step-keys';

/** A journaled step as the debugger has it: its key (`fetch-order#0`) and its result. */
export interface JournalEntry {
  stepKey: string;
  result: Value;
}

/** The body reached a step the journal does not hold (it has not run yet). */
export class NotJournaled extends HostSignal {
  constructor(
    readonly call: StepCall,
    readonly stepKey: string,
  ) {
    super(`step ${stepKey} is not in the journal`);
  }
}

/** The body's host over `journal`; `input` is the run's input. One host per replay: it
 *  walks the journal from its start. */
export function journalHost(journal: readonly JournalEntry[], input: Value): Host {
  const keyOf = stepKeys();
  let pos = 0;
  const host: Host = {
    step(call) {
      const key = keyOf(call);
      const rec = journal[pos];
      if (rec === undefined || rec.stepKey !== key) throw quietly(() => new NotJournaled(call, key));
      pos++;
      return rec.result;
    },
    input: () => input,
    nowMs: () => host.step({ type: 'now', id: 'flow/now-ms', config: null, node: NOW_NODE }) as number,
  };
  return host;
}

const NOW_NODE = { kind: 'list', children: [], start: 0, end: 0, closed: true, prefix: null } as unknown as StepCall['node'];
