// The local runtime's webhook routes: path -> endpoint, owned here. A flow claims its paths
// when it loads (a path another flow holds is refused, and the holder named) and releases
// them all when it reloads or goes; the server only looks paths up.

import type { WebhookEndpoint } from './entry-points';

export type RouteClaim = { claimed: true } | { claimed: false; heldBy: string };

export class WebhookRouter {
  private readonly byPath = new Map<string, WebhookEndpoint>();

  /** Routes `path` to `endpoint` unless another flow holds it. */
  claim(path: string, endpoint: WebhookEndpoint): RouteClaim {
    const holder = this.byPath.get(path);
    if (holder !== undefined && holder.flow !== endpoint.flow) return { claimed: false, heldBy: holder.flow };
    this.byPath.set(path, endpoint);
    return { claimed: true };
  }

  /** Drops every path of the flow `slug`. */
  releaseFlow(slug: string): void {
    for (const [path, w] of [...this.byPath]) if (w.flow === slug) this.byPath.delete(path);
  }

  get(path: string): WebhookEndpoint | undefined {
    return this.byPath.get(path);
  }

  has(path: string): boolean {
    return this.byPath.has(path);
  }
}
