// A debug session owns its run while the run waits: it holds the run's lease (renewed) under
// its run service's owner id, so a resolution from another process (`flow-edn approve`, an
// approval link, another window) is only recorded there (`continuesElsewhere`); the change
// feed tells the session, whose service then resumes the run under the same lease (no gap
// another process could take it in). If the session's process dies, the lease is free.

import { acquireRunLease } from '../run/lease';
import type { RunService } from '../service/index';

const LEASE_MS = 30_000;

export class WaitOwner {
  private renew: NodeJS.Timeout | null = null;
  private sub: { dispose(): void } | null = null;
  private held: string | null = null;
  constructor(private readonly service: RunService) {}

  private get owner(): string {
    return this.service.owner;
  }

  /**
   * Holds `runId`'s lease and calls `resolved` once when its pending wait is no longer
   * pending (whoever resolved it). False when another live process holds the run.
   */
  hold(runId: string, resolved: () => void): boolean {
    this.release();
    const store = this.service.store;
    let fired = false;
    const check = () => {
      if (fired) return;
      const pending = store.findWaits({ runId, status: 'pending' }).length > 0;
      const run = store.getRun(runId);
      if (!pending || run === undefined || run.status !== 'waiting') {
        fired = true;
        resolved();
      }
    };
    this.sub = this.service.subscribe((changes) => {
      if (changes.some((c) => c.runId === runId && (c.kind === 'wait' || c.kind === 'run'))) check();
    });
    if (!acquireRunLease(store, runId, this.owner, Date.now(), LEASE_MS)) {
      this.sub.dispose();
      this.sub = null;
      return false;
    }
    this.held = runId;
    this.renew = setInterval(() => store.renewLease(runId, this.owner, Date.now(), LEASE_MS), LEASE_MS / 3);
    this.renew.unref();
    // A resolution committed before we subscribed.
    check();
    return true;
  }

  /** Stops watching and renewing, keeping the lease: the service's execution takes it on (same owner). */
  handOver(): void {
    if (this.renew !== null) clearInterval(this.renew);
    this.renew = null;
    this.sub?.dispose();
    this.sub = null;
    this.held = null;
  }

  /** Lets the lease go (the session detaches or ends). */
  release(): void {
    if (this.renew !== null) clearInterval(this.renew);
    this.renew = null;
    this.sub?.dispose();
    this.sub = null;
    if (this.held !== null) {
      try {
        this.service.store.releaseLease(this.held, this.owner);
      } catch {
        // the store is closing
      }
      this.held = null;
    }
  }
}
