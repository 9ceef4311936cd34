// Runs every benchmark in order, in one process. Each bench module exports
// `run(): Promise<void>` and prints its own figures beside a baseline measured in the same
// run. Benchmarks measure; they never fail the process.

import { run as reader } from './reader';
import { run as interp } from './interp';

const benches: [string, () => Promise<void>][] = [
  ['reader', reader],
  ['interp', interp],
  // Add further benches here, e.g. ['checker', checker] from './checker'.
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
