// Runs every benchmark in order, in one process. Each bench module exports
// `run(): Promise<void>` and prints its own figures beside a baseline measured in the same
// run. Benchmarks measure; they never fail the process.

import { run as reader } from './reader';
import { run as readerCold } from './reader-cold';
import { run as interp } from './interp';
import { run as checker } from './checker';
import { run as store } from './store';
import { run as engine } from './engine';
import { run as lsp } from './lsp';
import { run as runtime } from './runtime';
import { run as graph } from './graph';
import { run as service } from './service';
import { run as cli } from './cli';
import { run as debuggerBench } from './debugger';
import { run as debugReplay } from './debug-replay';
import { run as editorRuns } from './editor-runs';

const benches: [string, () => Promise<void>][] = [
  ['reader', reader],
  ['reader-cold', readerCold],
  ['checker', checker],
  ['interp', interp],
  ['store', store],
  ['engine', engine],
  ['lsp', lsp],
  ['runtime', runtime],
  ['graph', graph],
  ['service', service],
  ['cli', cli],
  ['debugger', debuggerBench],
  ['debug-replay', debugReplay],
  ['editor-runs', editorRuns],
];

async function main(): Promise<void> {
  for (const [name, run] of benches) {
    console.log(`== ${name}`);
    try {
      await run();
    } catch (e) {
      console.log(`bench ${name} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    }
  }
}

main().then(
  () => process.exit(0),
  () => process.exit(0),
);
