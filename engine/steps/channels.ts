// Notification channels (`:channels {:http {...}}`), shared by `:notify` steps and the
// notifications of `:wait` steps: each channel's strings are rendered with the data (plus
// injected variables such as the approval links), then sent like an http request.

import type { Value } from '../edn/values';
import { entries } from '../run/data';
import { renderValue } from '../run/render';
import { buildRequest } from './http-request';
import { send } from './transport';
import type { StepContext, StepError } from './types';

export interface ChannelsSent {
  statuses: Record<string, number>;
}

export async function sendChannels(ctx: StepContext, channels: Value, data: Record<string, unknown>, purpose: string, stepMock: Value | undefined, templateId: string | null): Promise<ChannelsSent | { error: StepError; retryable: boolean; retryAfterMs?: number }> {
  const statuses: Record<string, number> = {};
  const list = entries(channels);
  if (list.length === 0) return { error: { message: 'a notification needs :channels, e.g. {:http {:connection :mail :path "/send" :json {...}}}', code: 'no-channels' }, retryable: false };
  for (const [name, channel] of list) {
    if (name !== 'http') return { error: { message: `channel :${name} is not supported; notifications go through :http channels`, code: 'bad-channel' }, retryable: false };
    const rendered = renderValue(channel, data, (variable) =>
      ctx.emit({ type: 'template-variable-missing', stepKey: ctx.stepKey, template: templateId ?? `${ctx.stepId} channels`, variable }),
      templateId !== null ? `template :${templateId}` : `the :${name} channel of step :${ctx.stepId}`,
    );
    const built = buildRequest(ctx, rendered, purpose, stepMock !== undefined);
    if ('error' in built) return { error: built.error, retryable: false };
    const sent = await send(ctx, built.spec, stepMock !== undefined ? stepMock : built.connectionMock, built.authHeader);
    if ('kind' in sent) return { error: sent.error, retryable: sent.retryable, ...(sent.retryAfterMs !== undefined ? { retryAfterMs: sent.retryAfterMs } : {}) };
    statuses[name] = sent.res.status;
  }
  return { statuses };
}
