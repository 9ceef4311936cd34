// Which way the scanner finds token ends and names: by native helpers (sticky regexes, Map
// lookups) or by our own per-character loops, decided once per process. Without V8's
// optimising compiler (the CLI's bin runs with `--no-turbofan`: a check ends before optimised
// code would pay back) our loops run in the interpreter and Sparkplug, where a character costs
// a call per `charCodeAt` and per comparison, and a native helper is far cheaper. With it (the
// language server, the extension host, tests) the loops are compiled to machine code that beats
// the helpers' per-call cost, and they are the only way used, so a long-lived process's reads
// are exactly the loops' (docs/cli-cold-start.md). Both ways give identical nodes
// (test/edn/reader-reference.test.ts reads its corpus both ways).

/** False in a process started without V8's optimising compiler. */
const loopsOptimise = typeof process === 'undefined' || !process.execArgv.some((a) => a === '--no-turbofan' || a === '--no-opt' || a === '--jitless' || /^--max-opt=[01]$/.test(a));

/** True when reads scan natively (no optimising compiler in this process). */
export let nativeScan = !loopsOptimise;

/** Tests: read every text the native way (true), the loop way (false), or as decided (null). */
export function forceScanTier(native: boolean | null): void {
  nativeScan = native ?? !loopsOptimise;
}
