// The tests module the extension host loads (`extensionTestsPath`): plain CommonJS with
// `exports.run`. Runs the cases in order, prints each result, writes results.json for the
// runner (with the extension's activation timing) and rejects when a case failed.

import * as vscode from 'vscode';
import { writeFileSync } from 'node:fs';
import { controlFiles, type CaseResult, type SuiteResults } from '../control';
import { cases as languageCases, state } from './cases';
import { graphCases } from './graph-cases';
import { runsCases } from './runs-cases';
import { debugCases } from './debug-cases';
import { deadline, say, workspaceRoot } from './harness';

export async function run(): Promise<void> {
  const cases = [...languageCases, ...graphCases, ...runsCases, ...debugCases];
  const results: CaseResult[] = [];
  say(`VS Code ${vscode.version}: ${cases.length} cases`);
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
  const summary: SuiteResults = { vscodeVersion: vscode.version, cases: results };
  if (state.api) summary.activation = { ...state.api.timing, ...(state.vscodeTimes ? { vscode: state.vscodeTimes } : {}) };
  writeFileSync(controlFiles(workspaceRoot()).results, JSON.stringify(summary, null, 2));
  const failed = results.filter((r) => !r.ok);
  say(`${results.length - failed.length} of ${results.length} cases passed`);
  if (failed.length > 0) throw new Error(`${failed.length} of ${results.length} cases failed: ${failed.map((f) => f.name).join('; ')}`);
}
