// The suite/runner file handshake (test/vscode/handshake.ts) on a real folder with real file
// watchers: an answer reaches the ask with its id; a late answer to an ask that gave up is set
// aside, never taken by the next ask (which gets its own); a timeout quotes the runner's trace.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { askRunner, serveRunnerRequests, traceTo } from '../vscode/handshake';

const dir = mkdtempSync(join(tmpdir(), 'flow-edn-handshake-'));
const files = { dir, requestFile: join(dir, 'request.json'), doneFile: join(dir, 'done.json'), traceFile: join(dir, 'trace.log') };
after(() => rmSync(dir, { recursive: true, force: true }));

/** Resolves once `condition` holds, checking every 10 ms; rejects after 5 s naming `what`. */
async function until(condition: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('an answer reaches the ask that carries its id; a late answer to an ask that gave up is set aside', async () => {
  const trace = traceTo(files.traceFile);
  const releases: (() => void)[] = [];
  const served = serveRunnerRequests<{ n: number; hold?: boolean }, { twice: number }>(
    dir,
    files.requestFile,
    files.doneFile,
    async (request, id) => {
      trace(`acting on ${id} n=${request.n}`);
      if (request.hold) await new Promise<void>((r) => releases.push(r));
      return { twice: request.n * 2 };
    },
    (error) => assert.fail(String(error)),
  );
  try {
    assert.deepEqual(await askRunner<{ twice: number }>({ ...files, request: { n: 1 }, ms: 5_000, what: 'one' }), { twice: 2 });

    // The runner holds the next request past the ask's deadline: the ask gives up, quoting the trace.
    const gaveUp = askRunner<{ twice: number }>({ ...files, request: { n: 2, hold: true }, ms: 300, what: 'a held request' });
    await assert.rejects(gaveUp, (error: Error) => /timed out after 300 ms waiting for a held request/.test(error.message) && /acting on \d+-\d+ n=2/.test(error.message));

    // The held answer lands after the ask gave up: nobody takes it (the ask stopped watching),
    // and the next ask sets it aside instead of taking it for its own.
    releases.shift()!();
    await until(() => existsSync(files.doneFile), 'the late answer on disk');
    assert.ok(!existsSync(`${files.doneFile}.read`) || readFileSync(`${files.doneFile}.read`, 'utf8').includes('"twice":2}'), 'the late answer was not read by the ask that gave up');
    assert.deepEqual(await askRunner<{ twice: number }>({ ...files, request: { n: 21 }, ms: 5_000, what: 'the next' }), { twice: 42 }, 'the next ask gets its own answer, not the late one');
    assert.match(readFileSync(`${files.doneFile}.stale`, 'utf8'), /"twice":4\}/, 'the late answer was set aside');
  } finally {
    served.stop();
  }
});
