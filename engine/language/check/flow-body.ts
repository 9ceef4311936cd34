// The `:flow` value: it must be a quoted form; its body is analysed as orchestration code
// (scope, allowlist, prohibited transforms, branch metadata) and each `flow/step` call is
// checked as a step.

import type { Node } from '../../edn/nodes';
import { unwrapMeta } from '../../edn/nodes';
import { Analyzer } from './analyzer';
import { Scope } from './scope';
import type { BodyUnits } from './body-units';
import { indexLocals, localIndexer, type LocalIndex } from '../analysis/locals';
import type { CheckContext } from './check-context';
import { msg } from './messages';
import { kvGetStep } from './kv-envelope';
import { checkPollCall } from './poll';
import { checkStepCall, reportDuplicateSteps, type StepSite } from './steps';

/** The body form inside `:flow`, unwrapping `'x`, `(quote x)` and `(clojure.core/quote x)`. */
export function flowBody(value: Node): { body: Node | null; quoted: boolean } {
  const v = unwrapMeta(value);
  if (v === null) return { body: null, quoted: false };
  if (v.kind === 'quote') return { body: v.form, quoted: true };
  if (v.kind === 'list') {
    const head = v.children[0];
    if (head?.kind === 'symbol' && head.name === 'quote' && (head.ns === null || head.ns === 'clojure.core')) return { body: v.children[1] ?? null, quoted: true };
  }
  return { body: v, quoted: false };
}

/**
 * Checks the body. With `units` (checking while typing: check/body-units.ts), the outermost
 * `let`'s inits and body forms go through it, which replays those an edit left in place.
 */
export function checkFlowBody(ctx: CheckContext, value: Node, units?: (body: Node, sites: StepSite[]) => BodyUnits): StepSite[] {
  const v = unwrapMeta(value);
  if (v?.kind === 'tagged') return []; // #flow/include "body.clj": checked in its own file
  const { body, quoted } = flowBody(value);
  if (!quoted) {
    if (v?.kind === 'list' || v?.kind === 'symbol') ctx.report('flow-not-quoted', 'error', value, msg.flowNotQuoted());
    else {
      ctx.report('invalid-type', 'error', value, msg.flowNotForm(ctx.source(value, 30)));
      return [];
    }
  }
  if (body === null) return [];
  const sites: StepSite[] = [];
  // One walk of the body: its locals are logged on the way and indexed if result-shape asks (ctx.bodyLocals).
  const bodyUnits = units?.(body, sites);
  // Replayed units are not walked: their locals would be missing from the index (result-shape
  // indexes the body itself in the rare case it needs the locals).
  const indexer = bodyUnits?.replaying === true ? undefined : localIndexer();
  // Every `let` init that is a `:kv :get` step call is a step the walk meets: none met, and
  // the kv-envelope pass has nothing to find (while typing, the units say instead).
  let kvGet = false;
  const analyzer = new Analyzer(ctx, 'body', {
    onStep: (call, _scope, inLoop) => {
      const site = checkStepCall(ctx, call, inLoop);
      if (site) sites.push(site);
      if (!kvGet && kvGetStep(call) !== null) kvGet = true;
    },
    onPoll: (call) => checkPollCall(ctx, call),
    ...(indexer ? { onLocalUse: indexer.onLocalUse } : {}),
    ...(bodyUnits ? { units: bodyUnits } : {}),
  });
  analyzer.analyze(body, indexer?.root ?? new Scope(null));
  if (bodyUnits === undefined) ctx.kvGetPossible = kvGet;
  if (indexer !== undefined && (bodyUnits === undefined || bodyUnits.replayed === 0)) ctx.bodyLocals = { body, index: indexer.index };
  reportDuplicateSteps(ctx, sites);
  return sites;
}

/** The locals of the body: those the checker's walk indexed, or a walk of their own for another body. */
export function bodyLocals(ctx: CheckContext, body: Node): LocalIndex {
  return ctx.bodyLocals?.body === body ? ctx.bodyLocals.index() : indexLocals(body, 'body', ctx.text);
}
