// Runs suite cases in order inside the extension host, each under its deadline, printing
// each result; shared by the full suite (index.ts) and the installed-vsix smoke (../smoke).

import { type CaseResult } from '../control';
import { deadline, say, type SuiteCase } from './harness';

export async function runCases(cases: readonly SuiteCase[]): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const c of cases) {
    const started = performance.now();
    try {
      await deadline(c.run(), c.timeoutMs ?? 30_000, `case "${c.name}"`);
      results.push({ name: c.name, ok: true, ms: Math.round(performance.now() - started) });
      say(`ok   ${c.name}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      results.push({ name: c.name, ok: false, ms: Math.round(performance.now() - started), error: message });
      say(`FAIL ${c.name}: ${message}`);
    }
  }
  return results;
}
