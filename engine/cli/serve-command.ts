// `flow-edn serve [PATHS] [--port N] [--host ADDR] [--db PATH] ...`: the local runtime over
// HTTP. Prints its address, every endpoint and every run it starts; stops cleanly on Ctrl-C
// (a kill -9 is fine too: the next start resumes from the store).

import { parseArgs } from 'node:util';
import { parseDuration } from '../language/duration';
import { Runtime } from '../runtime/local-runtime';
import { DEFAULT_HOST, DEFAULT_PORT, RuntimeServer } from '../runtime/server';
import { isLoopback } from '../runtime/http-util';
import { openCliStore } from './engine-setup';
import { UsageError, type CommandIO } from './io';

export const serveHelp = `Usage: flow-edn serve [PATHS...] [options]

Serves the flows under PATHS (files or folders; default: the current folder) as the
platform would: signed webhooks, schedules on their cron, concurrency per key, approval
links. Bindings, secrets and mocks come from each flow's x.sim.edn. Flows reload when
their files change (runs already started keep their version).

Options:
  --port N              port (default ${DEFAULT_PORT}; 0 picks a free one)
  --host ADDR           bind address (default ${DEFAULT_HOST}; anything else is reachable
                        from other machines and is printed with a warning)
  --db PATH             run store (default .flow-edn/runs.db)
  --public-url URL      base URL for approval links (default: the server's own address)
  --no-schedules        do not fire schedules (flow-edn schedule fire still works)
  --no-watch            do not reload flows when their files change
  --response-timeout D  how long a webhook answer waits for its run's response map (default 10s)

Endpoints: POST <webhook path> per webhook; GET /waits/<id>/approve|reject?token=..;
JSON API under /api (flows, runs, waits, resolving waits, firing schedules): loopback Hosts
(and the --public-url host) only, no cross-origin requests; POST calls carry the API token
serve writes to <db>.api-token (mode 0600) in the header x-flow-edn-token.`;

export async function runServe(argv: string[], io: CommandIO, signal?: AbortSignal): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      db: { type: 'string' },
      'public-url': { type: 'string' },
      'no-schedules': { type: 'boolean' },
      'no-watch': { type: 'boolean' },
      'response-timeout': { type: 'string' },
    },
  });
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port takes a port number, not '${values.port}'`);
  const host = values.host ?? DEFAULT_HOST;
  let responseTimeoutMs: number | undefined;
  if (values['response-timeout'] !== undefined) {
    const ms = parseDuration(values['response-timeout']);
    if (ms === null) throw new UsageError(`--response-timeout takes a duration such as 10s, not '${values['response-timeout']}'`);
    responseTimeoutMs = ms;
  }
  const paths = positionals.length > 0 ? positionals : ['.'];
  const store = openCliStore(values.db);
  const stamp = () => new Date().toISOString().slice(11, 19);
  const rt = new Runtime({
    store,
    paths,
    log: (line) => io.out(`${stamp()} ${line}`),
    schedules: values['no-schedules'] !== true,
    watch: values['no-watch'] !== true,
    ...(responseTimeoutMs !== undefined ? { responseTimeoutMs } : {}),
  });
  const server = new RuntimeServer(rt);
  let url: string;
  try {
    url = await server.listen(port, host);
  } catch (e) {
    store.close();
    const code = (e as NodeJS.ErrnoException).code;
    io.err(`flow-edn serve: cannot listen on ${host}:${port}: ${code === 'EADDRINUSE' ? 'the port is in use; pass --port N (0 picks a free one)' : (e as Error).message}`);
    return 2;
  }
  rt.setPublicUrl(values['public-url'] ?? url);
  try {
    await rt.start();
  } catch (e) {
    await server.close();
    store.close();
    io.err(`flow-edn serve: ${(e as Error).message}`);
    return 2;
  }
  io.out(`flow-edn serve listening on ${url}  (store ${store.path}, pid ${process.pid})`);
  if (!isLoopback(host) && host !== 'localhost') {
    io.err(`WARNING: listening on ${host}: webhooks and approval links can be reached from other machines. The JSON API still answers this machine only.`);
  }
  if (values['public-url']) io.out(`approval links point at ${rt.publicUrl}`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    signal?.addEventListener('abort', stop, { once: true });
  });
  io.out('stopping: waiting for steps in flight');
  await server.close();
  await rt.stop();
  store.close();
  return 0;
}
