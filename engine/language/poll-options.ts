// The rules of `flow/poll` options, defined once: the checker applies them to literal
// options in the source and the interpreter to the evaluated map, with the same messages,
// so what `run` refuses `check` reports. Limits come from the catalog's limits table.

import { limits } from './catalog/top-level';

function limit(id: string): number {
  const l = limits.find((x) => x.id === id);
  if (l === undefined || typeof l.value !== 'number') throw new Error(`catalog limit ${id} is missing`);
  return l.value;
}

export const pollLimits = {
  /** Longest `:timeout`, in ms. */
  timeoutMs: limit('poll-timeout-max') * 3_600_000,
  maxAttempts: limit('poll-attempts-max'),
};

/** What is known of one option: absent, present but not known before running, or known. */
export type Known<T> = { kind: 'absent' } | { kind: 'unknown' } | { kind: 'known'; value: T };

export interface PollOptions {
  interval: Known<number>;
  /** In ms. */
  timeout: Known<number>;
  maxAttempts: Known<number>;
  returnOn: Known<unknown>;
  /** `:backoff {:type ...}`: the type name and whether `:step` is given. */
  backoff: Known<{ type: string | null; hasStep: boolean }>;
}

export interface PollProblem {
  /** The option at fault, or null for the whole map. */
  option: 'interval' | 'timeout' | 'max-attempts' | 'return-on' | 'backoff' | null;
  kind: 'missing' | 'out-of-range';
  message: string;
}

/** Every rule the options break, in a fixed order. */
export function pollProblems(o: PollOptions): PollProblem[] {
  const out: PollProblem[] = [];
  if (o.interval.kind === 'absent') out.push({ option: null, kind: 'missing', message: 'flow/poll needs :interval' });
  if (o.timeout.kind === 'absent' && o.maxAttempts.kind === 'absent') out.push({ option: null, kind: 'missing', message: 'flow/poll needs :timeout or :max-attempts (or both)' });
  if (o.timeout.kind === 'known' && o.timeout.value > pollLimits.timeoutMs) out.push({ option: 'timeout', kind: 'out-of-range', message: `flow/poll :timeout is at most ${pollLimits.timeoutMs / 3_600_000}h` });
  if (o.maxAttempts.kind === 'known' && o.maxAttempts.value > pollLimits.maxAttempts) out.push({ option: 'max-attempts', kind: 'out-of-range', message: `flow/poll :max-attempts is at most ${pollLimits.maxAttempts}` });
  if (o.returnOn.kind === 'absent') out.push({ option: null, kind: 'missing', message: 'flow/poll needs :return-on, e.g. (fn [r] (= 200 (:status r)))' });
  if (o.backoff.kind === 'known' && o.backoff.value.type === 'linear' && !o.backoff.value.hasStep) out.push({ option: 'backoff', kind: 'missing', message: 'flow/poll :backoff {:type :linear} needs :step' });
  return out;
}
