// Which way the scanner finds token ends and names: by native helpers (sticky regexes, Map
// lookups) or by our own per-character loops. A process that has read little runs our code in
// V8's interpreter, where a loop costs ~15 ns a character and a native helper is far cheaper;
// once it has read a MB or so (a long-lived language server), V8 has compiled the loops to
// machine code that beats the helpers' per-call cost (~20% on warm reads). A process without
// the optimising compiler stays native. Both ways give identical nodes
// (test/edn/reader-reference.test.ts reads its corpus both ways).

/** Characters read before the loops take over: more than a command-line check reads, little
 *  beside a language server's life. */
const NATIVE_BUDGET = 1 << 20;

/** False in a process started without V8's optimising compiler (the CLI's bin runs with
 *  `--no-turbofan`): there the loops never get fast, and the native way stays. */
const loopsOptimise = typeof process === 'undefined' || !process.execArgv.some((a) => a === '--no-turbofan' || a === '--no-opt' || a === '--jitless' || /^--max-opt=[01]$/.test(a));

let charsRead = 0;
let forced: boolean | null = null;

function decide(): boolean {
  return forced ?? (!loopsOptimise || charsRead < NATIVE_BUDGET);
}

/** True while the native helpers are the faster way; `readEdn` asks once per read. */
export let nativeScan = true;

/** Counts a read of `length` characters and decides the way for it. */
export function noteRead(length: number): void {
  nativeScan = decide();
  charsRead += length;
}

/** Tests: read every text the native way (true), the loop way (false), or as decided (null). */
export function forceScanTier(native: boolean | null): void {
  forced = native;
  nativeScan = decide();
}
