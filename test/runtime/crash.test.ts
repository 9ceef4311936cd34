// The queue survives a crash: `flow-edn serve` runs as a child process, takes a random batch
// of keyed deliveries (fast-check, fixed seed), is killed with SIGKILL while runs are in
// flight, restarts on the same store and takes the rest. Slots are rebuilt from durable run
// state: never two active runs of a key, every run completes, arrival order kept per key.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { test } from 'node:test';
import { openStore } from '../../engine/store/index';
import type { RunsResponse } from '../../engine/runtime/api-types';
import { CLI, spawnServe, type Child } from './child';
import { KEY_SIM, Observer, observedFlow } from './observer';
import { http, postJson, tempDir, write } from './support';

test('SIGKILL mid-way and a restart: one active run per key, all complete, arrival order per key', { skip: existsSync(CLI) ? false : `${CLI} is missing: run npx tsc -p tsconfig.json first` }, async () => {
  const observer = new Observer();
  await observer.start();
  const dir = tempDir();
  const db = join(dir, 'runs.db');
  write(dir, 'crashy.flow.edn', observedFlow('crashy', observer.url, '{:type :keyed :key-field :k :on-new-version :drain}'));
  write(dir, 'crashy.sim.edn', KEY_SIM);
  const children: Child[] = [];
  try {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ key: fc.integer({ min: 0, max: 2 }), delay: fc.integer({ min: 5, max: 40 }) }), { minLength: 24, maxLength: 36 }), async (deliveries) => {
        observer.delay = (n) => deliveries[n]?.delay ?? 0;
        const half = Math.floor(deliveries.length / 2);
        const send = (url: string, from: number, to: number) => Promise.all(deliveries.slice(from, to).map((d, i) => postJson(`${url}/in/crashy`, { k: `k${d.key}`, n: from + i }, { 'X-API-Key': 'k-1' })));

        // The first server answers at once (the runs stay in flight) and is killed while every
        // key's first run is held mid-step by the observer and the rest wait in the queue.
        observer.closeGate();
        observer.begins = 0;
        const first = await spawnServe([dir, '--db', db, '--no-schedules', '--response-timeout', '1ms']);
        children.push(first);
        const firstAnswers = await send(first.url, 0, half);
        for (const a of firstAnswers) assert.equal(a.status, 202, a.text);
        const keys = new Set(deliveries.slice(0, half).map((d) => d.key)).size;
        const deadline0 = Date.now() + 10_000;
        while (observer.begins < keys && Date.now() < deadline0) await new Promise((r) => setTimeout(r, 5));
        assert.equal(observer.begins, keys, 'each key has one run mid-step');
        first.proc.kill('SIGKILL');
        await first.exited;
        observer.open();
        observer.begins = 0;

        const second = await spawnServe([dir, '--db', db, '--no-schedules']);
        children.push(second);
        const secondAnswers = await send(second.url, half, deliveries.length);
        for (const a of secondAnswers) assert.equal(a.status, 202, a.text);
        const answers = [...firstAnswers, ...secondAnswers];
        const ids = answers.map((a) => a.json.runId as string);
        // No event crosses the process boundary: poll the API, with a deadline.
        const deadline = Date.now() + 30_000;
        for (;;) {
          const runs = (await http('GET', `${second.url}/api/runs?flow=crashy&limit=1000`)).json as RunsResponse;
          const mine = new Set(ids);
          const done = runs.runs.filter((r) => mine.has(r.runId) && r.status === 'completed').length;
          if (done >= ids.length) break;
          if (Date.now() > deadline) assert.fail(`only ${done} of ${ids.length} runs completed; server said:\n${second.lines.slice(-15).join('\n')}`);
          await new Promise((r) => setTimeout(r, 50));
        }
        second.proc.kill("SIGTERM");
        await second.exited;

        assert.deepEqual(observer.violations, []);
        const arrival = new Map(answers.map((a) => [a.json.runId as string, a.json.arrival as number]));
        for (const [key, order] of observer.beginOrder()) {
          const seqs = order.filter((id) => arrival.has(id)).map((id) => arrival.get(id)!);
          assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), `key ${key} started out of arrival order`);
        }
        const store = openStore(db);
        try {
          const runs = ids.map((id) => store.getRun(id)!);
          assert.ok(runs.every((r) => r && r.status === 'completed'));
          assert.equal(store.queuedRuns().length, 0);
          const byKey = new Map<string, typeof runs>();
          for (const r of runs) byKey.set(r.concurrencyKey!, [...(byKey.get(r.concurrencyKey!) ?? []), r]);
          for (const [key, list] of byKey) {
            list.sort((a, b) => a.createdAt - b.createdAt || a.endedAt! - b.endedAt!);
            for (let i = 1; i < list.length; i++) assert.ok(list[i]!.createdAt >= list[i - 1]!.endedAt!, `key ${key}: ${list[i]!.id} started before ${list[i - 1]!.id} ended`);
          }
          assert.equal(store.integrityCheck(), 'ok');
        } finally {
          store.close();
        }
        assert.equal(second.lines.filter((l) => /left running by a stopped process: resuming it by replay/.test(l)).length, keys, second.lines.join('\n'));
        assert.ok(second.lines.some((l) => /queued deliver(y|ies) waiting for their concurrency slots/.test(l)) || half === keys);
      }),
      { seed: 4242, numRuns: 2, endOnFailure: true },
    );
  } finally {
    for (const c of children) if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
    await observer.close();
  }
});
