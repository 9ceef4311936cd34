// Fills a store with many finished runs quickly (one transaction, store calls only), for the
// Runs view's paging test and benchmark: `count` runs over `flows` flows, one per second of
// run clock, statuses cycling through the finished ones.

import { createHash } from 'node:crypto';
import type { RunStatus, RunStore } from '../../../engine/store/port';

export function fillRuns(store: RunStore, count: number, flows: string[], start = Date.UTC(2026, 0, 1)): void {
  const source = '{:slug :bulk :flow \'(flow/step :function :a {:code "(fn [_] 1)"})}';
  const sourceHash = createHash('sha256').update(source).digest('hex');
  const statuses: RunStatus[] = ['completed', 'failed', 'cancelled'];
  store.transaction(() => {
    for (let i = 0; i < count; i++) {
      const id = `r-bulk-${String(i).padStart(6, '0')}`;
      const createdAt = start + i * 1000;
      store.createRun({ id, flow: flows[i % flows.length]!, flowPath: null, source, sourceHash, status: statuses[i % statuses.length]!, trigger: i % 2 === 0 ? 'Run' : null, input: '{}', simulation: null, concurrencyKey: null, createdAt, clock: null });
    }
  });
}
