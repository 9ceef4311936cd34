// `flow-edn webhook send FLOW [--trigger ID] --payload FILE [--url URL] [--bad-signature]`:
// builds the request the platform would receive for one of the flow's webhooks (its auth
// computed with the secret bound in x.sim.edn or the environment, with a timestamp where the
// scheme signs one), sends it to a running `flow-edn serve` and prints the answer.

import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import { describeAuth } from '../runtime/auth-config';
import { deliveryUrl, DeliveryError, prepareDelivery } from '../runtime/delivery';
import { FlowLoadError, loadProgram } from '../run/program';
import { SimulationError } from '../run/simulation';
import { displayPath, readTextFile } from './files';
import { UsageError, type CommandIO } from './io';
import { loadSimulation } from './run-command';
import { requireFormat } from './engine-setup';
import { networkCode, send, serverUrl } from './runtime-client';
import { readFileSync } from 'node:fs';
import { runWebhookPayload, webhookPayloadHelp } from './scaffold-commands';

export const webhookHelp = `Usage: flow-edn webhook send FLOW --payload FILE [options]

Sends FILE to the flow's webhook on a running \`flow-edn serve\`, signed or authenticated as
the platform would receive it, and prints the response.

Options:
  --trigger ID        which webhook (trigger label, event name or interface id) when there are several
  --payload FILE      the body, sent byte for byte (.json as application/json)
  --content-type T    the Content-Type (default from the file's extension)
  --url URL           the server (default: the one serving --db's store, else http://127.0.0.1:8787);
                      a URL with a path is used as the full endpoint URL
  --bad-signature     send a deliberately wrong credential, to see the refusal
  --sim FILE          where the secret is bound (default: the flow's x.sim.edn)
  --db PATH           the store whose server to find (default .flow-edn/runs.db)
  --format FORMAT     text or json

Exit status: 0 when the server accepted it (2xx), 1 when it refused, 2 bad usage or no server.

${webhookPayloadHelp}`;

const types: Record<string, string> = { '.json': 'application/json', '.txt': 'text/plain', '.xml': 'application/xml', '.form': 'application/x-www-form-urlencoded' };

export async function runWebhook(argv: string[], io: CommandIO): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'payload') return runWebhookPayload(rest, io);
  if (sub !== 'send') throw new UsageError(sub === undefined ? 'webhook needs a subcommand: send or payload' : `unknown webhook subcommand '${sub}'; use send or payload`);
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      trigger: { type: 'string' },
      payload: { type: 'string' },
      'content-type': { type: 'string' },
      url: { type: 'string' },
      'bad-signature': { type: 'boolean' },
      sim: { type: 'string' },
      db: { type: 'string' },
      format: { type: 'string' },
    },
  });
  const format = requireFormat(values.format);
  if (positionals.length !== 1) throw new UsageError('webhook send takes one flow file, e.g. `flow-edn webhook send flows/orders.flow.edn --payload order.json`');
  if (values.payload === undefined) throw new UsageError('--payload FILE is required (the request body)');
  const flowPath = positionals[0]!;
  const read = readTextFile(flowPath);
  if ('error' in read) return fail(io, 2, `cannot read '${flowPath}': ${read.error}`);
  let body: Buffer;
  try {
    body = readFileSync(values.payload);
  } catch (e) {
    return fail(io, 2, `cannot read the payload '${values.payload}': ${(e as Error).message}`);
  }
  let program, sim;
  try {
    program = loadProgram(read.text, displayPath(flowPath));
    sim = loadSimulation(flowPath, values.sim, false);
  } catch (e) {
    if (e instanceof FlowLoadError || e instanceof SimulationError || e instanceof UsageError) return fail(io, 2, e.message);
    throw e;
  }
  let prepared;
  try {
    prepared = prepareDelivery({
      program,
      sim,
      ...(values.trigger !== undefined ? { trigger: values.trigger } : {}),
      body,
      contentType: values['content-type'] ?? types[extname(values.payload).toLowerCase()] ?? 'application/json',
      bad: values['bad-signature'] === true,
      env: process.env,
      now: Date.now(),
    });
  } catch (e) {
    if (e instanceof DeliveryError) return fail(io, 2, e.message);
    throw e;
  }
  const auth = prepared.auth;
  const server = serverUrl(values.url, values.db);
  const full = deliveryUrl(prepared, server.base, server.from === 'flag' && new URL(server.base).pathname.length > 1);
  const headers = prepared.headers;
  const shownUrl = prepared.mask(full.toString());
  const shownHeaders = prepared.shownHeaders;
  let answer;
  try {
    answer = await send('POST', full.toString(), headers, body);
  } catch (e) {
    return fail(io, 2, `no answer from ${full.origin} (${networkCode(e)}): is \`flow-edn serve\` running? (${server.from === 'default' ? 'default address; pass --url' : `address from ${server.from === 'lock' ? 'the store\'s serve lock' : '--url'}`})`);
  }
  if (format === 'json') {
    io.out(JSON.stringify({ request: { method: 'POST', url: shownUrl, headers: shownHeaders, bytes: body.length }, response: { status: answer.status, headers: answer.headers, body: answer.json ?? answer.text } }, null, 2));
  } else {
    io.out(`POST ${shownUrl}  (${body.length} bytes, ${describeAuth(auth)}${values['bad-signature'] ? ', deliberately wrong' : ''})`);
    for (const [k, v] of Object.entries(shownHeaders)) io.out(`  ${k}: ${v}`);
    io.out(`-> ${answer.status}`);
    io.out(answer.json !== undefined ? JSON.stringify(answer.json, null, 2) : answer.text);
  }
  return answer.status >= 200 && answer.status < 300 ? 0 : 1;
}

function fail(io: CommandIO, code: number, message: string): number {
  io.err(`flow-edn webhook send: ${message}`);
  return code;
}
