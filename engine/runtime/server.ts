// The runtime's HTTP server (node:http): routes webhook paths, approval links, the JSON API
// and a small index, on 127.0.0.1 unless told otherwise. Handlers live in their own files;
// here are only routing, the listening address and the fallbacks (404, errors).

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleApi } from './api';
import { handleApproval } from './approvals';
import { escapeHtml, refuse, sendHtml, sendJson, wantsHtml } from './http-util';
import type { Runtime } from './local-runtime';
import { handleWebhook } from './webhooks';

export const DEFAULT_PORT = 8787;
export const DEFAULT_HOST = '127.0.0.1';

/** How long a client may take to send a request: slow clients are cut off (a request that
 *  trickles in byte by byte would otherwise hold a connection, and memory, forever). */
export interface ClientTimeouts {
  /** All request headers must arrive within this. @default 10_000 */
  headersMs?: number;
  /** The whole request, body included, must arrive within this. @default 60_000 */
  requestMs?: number;
}

export class RuntimeServer {
  private readonly server: Server;
  url = '';

  constructor(
    private readonly rt: Runtime,
    timeouts: ClientTimeouts = {},
  ) {
    const headersTimeout = timeouts.headersMs ?? 10_000;
    const requestTimeout = Math.max(timeouts.requestMs ?? 60_000, headersTimeout);
    // Node checks these on an interval; a fraction of the shorter bound keeps the cut-off close to it.
    const connectionsCheckingInterval = Math.max(50, Math.min(1000, Math.floor(headersTimeout / 4)));
    this.server = createServer({ headersTimeout, requestTimeout, connectionsCheckingInterval }, (req, res) => {
      this.handle(req, res).catch((e: unknown) => {
        // A request the URL parser or a decoder rejects is the client's error, not the server's.
        if (e instanceof URIError || (e as { code?: string }).code === 'ERR_INVALID_URL') {
          if (!res.headersSent) return refuse(rt, req, res, 400, 'malformed', `malformed request URL: ${(e as Error).message}`);
          return res.destroy();
        }
        rt.log(`internal error answering ${req.method} ${req.url}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        if (!res.headersSent) sendJson(res, 500, { error: { status: 500, reason: 'server-misconfigured', message: `internal error: ${e instanceof Error ? e.message : String(e)}` } });
        else res.destroy();
      });
    });
    this.server.keepAliveTimeout = 5000;
  }

  /** Listens and returns the base URL (`http://127.0.0.1:PORT`); port 0 picks a free one. */
  async listen(port = DEFAULT_PORT, host = DEFAULT_HOST): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const address = this.server.address() as AddressInfo;
    const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
    this.url = `http://${shown}:${address.port}`;
    return this.url;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rt = this.rt;
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    const endpoint = rt.routes.get(path);
    if (endpoint !== undefined) return handleWebhook(rt, endpoint, req, res, url);
    const link = /^\/waits\/([^/]+)\/(approve|reject)$/.exec(path);
    if (link) {
      let waitId: string;
      try {
        waitId = decodeURIComponent(link[1]!);
      } catch {
        req.resume();
        return refuse(rt, req, res, 400, 'malformed', `the wait id in ${path} is not valid percent-encoding`);
      }
      return handleApproval(rt, req, res, url, waitId, link[2] as 'approve' | 'reject');
    }
    if (path.startsWith('/api/')) return handleApi(rt, req, res, url);
    if (path === '/' && (req.method === 'GET' || req.method === 'HEAD')) return this.index(req, res);
    req.resume();
    return refuse(rt, req, res, 404, 'not-found', `nothing is served at ${path}; GET / lists the endpoints`);
  }

  /** The endpoints, for a person who opens the server's address. */
  private index(req: IncomingMessage, res: ServerResponse): void {
    const rows = this.rt.flows.all().flatMap((f) => [
      ...f.entry.webhooks.map((w) => `POST ${this.rt.publicUrl}${w.paths[0]}  :${f.slug} webhook ${JSON.stringify(w.trigger)}`),
      ...f.entry.schedules.map((s) => `schedule :${f.slug}/${s.id} ${JSON.stringify(s.cron)} ${s.zone}`),
    ]);
    if (!wantsHtml(req)) return sendJson(res, 200, { url: this.rt.publicUrl, endpoints: rows, api: '/api/flows /api/runs /api/waits' });
    sendHtml(res, 200, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>flow-edn serve</title></head><body style="font:15px system-ui,sans-serif;margin:2em">
<h1>flow-edn serve</h1><pre>${rows.map(escapeHtml).join('\n') || 'no webhooks or schedules'}</pre>
<p>JSON: <code>/api/flows</code>, <code>/api/runs</code>, <code>/api/waits</code></p></body></html>`);
  }
}
