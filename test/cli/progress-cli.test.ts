// A run on the real clock, as a child process: before a long sleep it says what it waits for
// and until when; Ctrl-C (SIGINT) stops the process, leaves the run resumable and says how;
// `resume` replays the journal (the finished step is not sent again) and sleeps again.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { json, startServer, type TestServer } from '../run/support';

const root = join(__dirname, '..', '..', '..');
const cli = join(root, 'out', 'cli.js');
const dir = mkdtempSync(join(tmpdir(), 'flow-edn-progress-'));
const db = join(dir, 'runs.db');

let server: TestServer;
before(async () => {
  server = await startServer((_req, res) => json(res, 200, { ok: true }));
});
after(() => server.close());

/** Starts the CLI, waits for `ready` on stderr, sends SIGINT; returns what it printed and its exit code. */
function interrupt(args: string[], ready: RegExp): Promise<{ code: number | null; signal: string | null; stderr: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args, '--db', db], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    let stdout = '';
    let sent = false;
    const deadline = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no ${ready} within 20s; stderr: ${stderr}`));
    }, 20_000);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (!sent && ready.test(stderr)) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(deadline);
      resolve({ code, signal, stderr, stdout });
    });
  });
}

test('a real-clock sleep prints what it waits for and until when; Ctrl-C leaves the run resumable and says how', async () => {
  const flow = join(dir, 'nap.flow.edn');
  writeFileSync(flow, `{:slug :nap :name "Nap"
 :concurrency {:type :singleton :on-new-version :supersede}
 :invocations {:default {:inputs []}}
 :interfaces {:manual [{:id :run :invocation :default}]}
 :flow '(let [a (flow/step :http :ping {:url "${server.url}/ping"})
              _ (flow/step :sleep :nap {:duration "10m"})]
          (:status a))}
`);
  const before = Date.now();
  const first = await interrupt(['run', flow, '--no-sim'], /sleeps 10m/);
  assert.equal(first.code, 130, first.stderr);
  const progress = /^… :nap sleeps 10m, until (\S+)$/m.exec(first.stderr);
  assert.ok(progress, first.stderr);
  const until = Date.parse(progress[1]!);
  assert.ok(until >= before + 600_000 && until <= Date.now() + 600_000, `until ${progress[1]} is 10 minutes after the start`);
  const stopped = /^interrupted: run (r-\S+) stopped at :nap and stays resumable; continue it with: flow-edn resume (r-\S+)$/m.exec(first.stderr);
  assert.ok(stopped, first.stderr);
  assert.equal(stopped[1], stopped[2]);
  const runId = stopped[1]!;
  const runs = JSON.parse(spawnSync(process.execPath, [cli, 'runs', '--db', db, '--format', 'json'], { encoding: 'utf8' }).stdout).runs;
  assert.deepEqual(runs.map((r: any) => [r.runId, r.status]), [[runId, 'running']]);
  assert.equal(server.received.length, 1);

  // Resumable at once (the dead process's lease is taken over): the journal replays, the sleep starts again.
  const second = await interrupt(['resume', runId], /sleeps 10m/);
  assert.equal(second.code, 130, second.stderr);
  assert.match(second.stderr, new RegExp(`interrupted: run ${runId} stopped at :nap and stays resumable`));
  assert.equal(server.received.length, 1, 'the journaled :ping is not sent again');
});
