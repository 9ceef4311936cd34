// `flow/poll` options in the source, checked by the rules the interpreter applies when the
// run reaches them (`../poll-options.ts`): a literal option map that `run` would refuse is
// reported here with the same message.

import type { CollNode, Node } from '../../edn/nodes';
import { unwrapMeta } from '../../edn/nodes';
import { mapGet } from '../../edn/navigate';
import { parseDuration } from '../duration';
import { pollProblems, type Known, type PollOptions } from '../poll-options';
import type { CheckContext } from './check-context';

const absent = { kind: 'absent' } as const;
const unknown = { kind: 'unknown' } as const;

function durationOf(node: Node | undefined): Known<number> {
  const n = unwrapMeta(node ?? null);
  if (n === null || node === undefined) return absent;
  if (n.kind === 'number') return { kind: 'known', value: Number(n.value) };
  if (n.kind === 'string') {
    const ms = parseDuration(n.value);
    return ms === null ? unknown : { kind: 'known', value: ms };
  }
  return unknown;
}

function numberOf(node: Node | undefined): Known<number> {
  const n = unwrapMeta(node ?? null);
  if (n === null || node === undefined) return absent;
  return n.kind === 'number' ? { kind: 'known', value: Number(n.value) } : unknown;
}

/** Checks the options of one `(flow/poll opts step)` call when they are a literal map. */
export function checkPollCall(ctx: CheckContext, call: CollNode): void {
  const opts = unwrapMeta(call.children[1] ?? null);
  if (opts?.kind !== 'map') return;
  const backoffNode = unwrapMeta(mapGet(opts, 'backoff') ?? null);
  let backoff: PollOptions['backoff'] = mapGet(opts, 'backoff') === undefined ? absent : unknown;
  if (backoffNode?.kind === 'map') {
    const type = unwrapMeta(mapGet(backoffNode, 'type') ?? null);
    backoff = { kind: 'known', value: { type: type?.kind === 'keyword' ? type.name : null, hasStep: mapGet(backoffNode, 'step') !== undefined } };
  }
  const returnOn = mapGet(opts, 'return-on');
  const options: PollOptions = {
    interval: durationOf(mapGet(opts, 'interval')),
    timeout: durationOf(mapGet(opts, 'timeout')),
    maxAttempts: numberOf(mapGet(opts, 'max-attempts')),
    returnOn: returnOn === undefined ? absent : unknown,
    backoff,
  };
  for (const p of pollProblems(options)) {
    const at = p.option !== null ? (mapGet(opts, p.option) ?? opts) : opts;
    if (p.kind === 'out-of-range') ctx.report('out-of-range', 'error', at, `${p.message}.`);
    else ctx.report('missing-required-key', 'error', at, `${p.message}.`);
  }
}
