// The other process of the change-feed benchmark (bench/service.ts): appends `count` events
// to one run, one every few ms, each carrying its commit's wall-clock time, then exits.
//   node feed-writer.js <db> <count>

import { openStore } from '../engine/store/index';

async function main(): Promise<void> {
  const [db, countText] = process.argv.slice(2);
  const store = openStore(db!);
  const runId = `feed-${process.pid}`;
  store.createRun({ id: runId, flow: 'bench', flowPath: null, source: '{}', sourceHash: 'h', trigger: null, input: '{}', simulation: null, concurrencyKey: null, createdAt: Date.now(), clock: null });
  const count = Number(countText);
  for (let i = 0; i < count; i++) {
    await new Promise((r) => setTimeout(r, 15 + ((i * 7919) % 40)));
    store.appendEvent({ runId, at: Date.now(), type: 'bench', data: JSON.stringify({ type: 'bench', i, committedAt: Date.now() }) });
  }
  store.close();
}

void main();
