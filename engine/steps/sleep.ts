// `:sleep` and `:time`: a durable timer (instant on a virtual clock) answering
// `{:slept-seconds n}`, and the run's clock read as a step `{:epoch-ms .. :iso ..}`.

import { durationValueMs, kget, kmap, knum } from '../run/data';
import type { AttemptResult, Executor } from './types';

export const sleepExecutor: Executor = async (ctx): Promise<AttemptResult> => {
  const seconds = knum(ctx.config, 'seconds');
  const millis = knum(ctx.config, 'millis');
  const duration = durationValueMs(kget(ctx.config, 'duration'), 'seconds');
  const ms = seconds !== null ? seconds * 1000 : millis !== null ? millis : duration !== null ? duration : 1000;
  ctx.emit({ type: 'sleeping', stepKey: ctx.stepKey, ms, until: ctx.clock.now() + ms });
  await ctx.clock.sleep(ms);
  return { kind: 'ok', result: kmap({ 'slept-seconds': ms / 1000 }), mocked: false };
};

export const timeExecutor: Executor = async (ctx): Promise<AttemptResult> => {
  const now = ctx.clock.now();
  return { kind: 'ok', result: kmap({ 'epoch-ms': now, iso: new Date(now).toISOString() }), mocked: false };
};
