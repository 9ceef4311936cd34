// The `:http` step: the config merged over its `:http-request` template (template strings
// rendered with `:data`), sent through the connection's binding or a mock, answered with
// `{:status :headers :body}`. Non-2xx answers fail the attempt (retry decides what next).

import { Map as IMap } from 'immutable';
import type { Value } from '../edn/values';
import { Keyword } from '../edn/values';
import { printValue } from '../edn/printer';
import { kget, nameOf } from '../run/data';
import { renderValue, templateData } from '../run/render';
import { buildRequest } from './http-request';
import { responseValue, send } from './transport';
import type { AttemptResult, Executor, StepContext } from './types';

/** The config with its template's request under it; template strings rendered with `:data`. */
export function mergedRequest(ctx: StepContext): Value {
  const config = ctx.config;
  const templateId = nameOf(kget(config, 'template'));
  if (templateId === null) return config;
  const template = ctx.program.templates.get(templateId);
  if (template === undefined) return config;
  const request = kget(template.value, 'request') ?? IMap();
  const data = templateData(kget(config, 'data'));
  const rendered = renderValue(request, data, (variable) =>
    ctx.emit({ type: 'template-variable-missing', stepKey: ctx.stepKey, template: templateId, variable }),
    `template :${templateId}`,
  ) as IMap<Value, Value>;
  let merged = rendered;
  (config as IMap<Value, Value>).forEach((v, k) => {
    if (k instanceof Keyword && (k.name === 'template' || k.name === 'data')) return;
    merged = merged.set(k, v);
  });
  return merged;
}

export const httpExecutor: Executor = async (ctx): Promise<AttemptResult> => {
  const stepMock = ctx.mock;
  const req = mergedRequest(ctx);
  if (ctx.attempt === 1 && req !== ctx.config) ctx.emit({ type: 'step-config', stepKey: ctx.stepKey, config: printValue(req) });
  const built = buildRequest(ctx, req, 'step', stepMock !== undefined);
  if ('error' in built) return { kind: 'error', error: built.error, retryable: false };
  const mock = stepMock !== undefined ? stepMock : built.connectionMock;
  const sent = await send(ctx, built.spec, mock, built.authHeader);
  if ('kind' in sent) return sent;
  return { kind: 'ok', result: responseValue(sent.res, built.spec.responseAs), mocked: mock !== undefined };
};
