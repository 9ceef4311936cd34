// The process the durability test (durability.test.ts) kills with SIGKILL. One action per
// process, on a store file shared with the test:
//
//   node durability-child.js <db> <flowPath> <simPath> start   <runId>   startRun with that id
//   node durability-child.js <db> <flowPath> <simPath> resume  <runId>   resumeRun (by replay)
//   node durability-child.js <db> <flowPath> <simPath> approve <runId>   resolveAndResume
//
// It prints `go` once modules are loaded and the store is open (the test times its kill from
// there, so kills land inside the run rather than in Node's start-up), then one JSON line
// `{"status": ...}` and exits 0 when the run is completed or waiting. An approve refused
// because an earlier (killed) approve already resolved the wait prints
// `{"refused":"already-resolved"}` and exits 0: the test then resumes. An approve that finds
// the run executing in another process (its lease) prints `{"continuesElsewhere":..}`, exit 0.
// Anything else: exit 1.

import { readFileSync } from 'node:fs';
import { loadProgram } from '../../engine/run/program';
import { resumeRun, startRun, type EngineOptions } from '../../engine/run/runner';
import { parseSimulation } from '../../engine/run/simulation';
import { resolveAndResume, WaitResolutionError } from '../../engine/run/waits';
import { openStore } from '../../engine/store/index';
import type { RunRecord } from '../../engine/store/port';

async function main(): Promise<number> {
  const [db, flowPath, simPath, action, runId] = process.argv.slice(2);
  if (!db || !flowPath || !simPath || !action || !runId) {
    process.stderr.write('usage: durability-child <db> <flowPath> <simPath> start|resume|approve <runId>\n');
    return 2;
  }
  const store = openStore(db);
  const engine: EngineOptions = { store, env: {}, user: 'durability-test' };
  let run: RunRecord;
  if (action === 'start') {
    const program = loadProgram(readFileSync(flowPath, 'utf8'), flowPath);
    const sim = parseSimulation(readFileSync(simPath, 'utf8'), simPath);
    process.stdout.write('go\n');
    run = await startRun(program, sim, engine, { runId });
  } else if (action === 'resume') {
    process.stdout.write('go\n');
    run = await resumeRun(runId, engine);
  } else if (action === 'approve') {
    process.stdout.write('go\n');
    try {
      const out = await resolveAndResume(engine, { runId, action: 'approve' });
      if (out.continuesElsewhere !== undefined) {
        // Recorded; the process holding the run's lease goes on with it.
        process.stdout.write(JSON.stringify({ continuesElsewhere: out.continuesElsewhere }) + '\n');
        store.close();
        return 0;
      }
      run = out.run;
    } catch (e) {
      if (e instanceof WaitResolutionError && e.reason === 'already-resolved') {
        process.stdout.write(JSON.stringify({ refused: e.reason }) + '\n');
        store.close();
        return 0;
      }
      throw e;
    }
  } else {
    process.stderr.write(`unknown action ${action}\n`);
    return 2;
  }
  process.stdout.write(JSON.stringify({ status: run.status, output: run.output, error: run.error }) + '\n');
  store.close();
  return run.status === 'completed' || run.status === 'waiting' ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`durability-child: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
