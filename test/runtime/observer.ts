// A test service the flows call at the start and end of each run (`:begin` and `:end` http
// steps). It holds each begin for a chosen delay, so runs overlap if admission is wrong, and
// records per key who is active: a second run of a key beginning before the first ended is a
// violation. Re-sent steps (same Idempotency-Key after a crash) count once.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Observed {
  key: string;
  runId: string;
  n: number;
  kind: 'begin' | 'end';
}

export class Observer {
  readonly timeline: Observed[] = [];
  readonly violations: string[] = [];
  private readonly active = new Map<string, string>();
  private readonly seen = new Set<string>();
  private server: Server | null = null;
  url = '';
  /** Delay for a begin, by the payload's `n`. */
  delay: (n: number) => number = () => 0;
  /** While closed, begins are held unanswered (runs stay mid-step) until `open()`. */
  private held: (() => void)[] | null = null;
  /** Begins seen (re-sent ones too). */
  begins = 0;

  closeGate(): void {
    this.held ??= [];
  }
  open(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const answer of held) answer();
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { k: string; n: number };
        const idem = String(req.headers['idempotency-key'] ?? '');
        const runId = idem.split(':')[0]!;
        const kind = req.url === '/begin' ? 'begin' : 'end';
        const o: Observed = { key: body.k, runId, n: body.n, kind };
        if (!this.seen.has(idem)) {
          this.seen.add(idem);
          this.timeline.push(o);
          const holder = this.active.get(body.k);
          if (kind === 'begin') {
            if (holder !== undefined && holder !== runId) this.violations.push(`run ${runId} began on key ${body.k} while ${holder} was active`);
            this.active.set(body.k, runId);
          } else {
            if (holder !== runId) this.violations.push(`run ${runId} ended on key ${body.k} but the active run was ${holder}`);
            this.active.delete(body.k);
          }
        }
        if (kind === 'begin') this.begins++;
        const answer = () => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ ok: true }));
        };
        const d = kind === 'begin' ? this.delay(body.n) : 0;
        if (kind === 'begin' && this.held !== null) this.held.push(answer);
        else if (d > 0) setTimeout(answer, d);
        else answer();
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Runs in the order they first began, per key. */
  beginOrder(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const o of this.timeline) if (o.kind === 'begin') out.set(o.key, [...(out.get(o.key) ?? []), o.runId]);
    return out;
  }

  close(): Promise<void> {
    return new Promise((r) => {
      this.server?.closeAllConnections();
      this.server?.close(() => r());
    });
  }
}

/** A keyed flow whose runs call the observer at their start and end. */
export function observedFlow(slug: string, observer: string, concurrency: string, path = `/in/${slug}`): string {
  return `{:slug :${slug} :name "${slug}"
 :concurrency ${concurrency}
 :triggers [{:type :event :label "In" :config {:source :webhook :path "${path}" :auth {:type :api-key :secret-ref :key}}}]
 :flow '(let [in (flow/input)
              b (flow/step :http :begin {:url "${observer}/begin" :method :post :json {:k (:k in) :n (:n in)}})
              e (flow/step :http :end {:url "${observer}/end" :method :post :json {:k (:k in) :n (:n in)}})]
          {:k (:k in) :n (:n in)})}`;
}

export const KEY_SIM = '{:bindings {:key {:value "k-1"}}}';
