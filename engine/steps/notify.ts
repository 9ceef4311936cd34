// The `:notify` step: channels (inline, or from a `:notification` template) rendered with
// `:data` and sent; the result is `{:sent? true :channels {:http {:sent? true :status 202}}}`.

import { Map as IMap } from 'immutable';
import { Keyword, type Value } from '../edn/values';
import { kget, kmap, nameOf } from '../run/data';
import { templateData } from '../run/render';
import { sendChannels } from './channels';
import type { AttemptResult, Executor } from './types';

export const notifyExecutor: Executor = async (ctx): Promise<AttemptResult> => {
  const templateId = nameOf(kget(ctx.config, 'template'));
  const template = templateId !== null ? ctx.program.templates.get(templateId) : undefined;
  const channels = kget(ctx.config, 'channels') ?? (template ? kget(template.value, 'channels') : undefined) ?? null;
  const sent = await sendChannels(ctx, channels, templateData(kget(ctx.config, 'data')), 'step', ctx.mock, templateId);
  if ('error' in sent) return { kind: 'error', error: sent.error, retryable: sent.retryable, ...(sent.retryAfterMs !== undefined ? { retryAfterMs: sent.retryAfterMs } : {}) };
  const byChannel: [Value, Value][] = Object.entries(sent.statuses).map(([k, status]) => [Keyword.of(k), kmap({ 'sent?': true, status })]);
  return { kind: 'ok', result: kmap({ 'sent?': true, channels: IMap(byChannel) }), mocked: ctx.mock !== undefined };
};
