// The tests module the extension host loads (`extensionTestsPath`): plain CommonJS with
// `exports.run`. Runs the cases in order, prints each result, writes results.json for the
// runner (with the extension's activation timing) and rejects when a case failed.

import * as vscode from 'vscode';
import { writeFileSync } from 'node:fs';
import { controlFiles, type SuiteResults } from '../control';
import { cases as languageCases, state } from './cases';
import { graphCases } from './graph-cases';
import { runsCases } from './runs-cases';
import { graphLiveCases } from './graph-live-cases';
import { approvalsCases } from './approvals-cases';
import { editorActionsCases } from './editor-actions-cases';
import { debugCases } from './debug-cases';
import { includeDebugCases } from './include-debug-cases';
import { includeRunCases } from './include-run-cases';
import { approvalsPanelCases } from './approvals-panel-cases';
import { say, workspaceRoot } from './harness';
import { runCases } from './run-cases';

export async function run(): Promise<void> {
  const cases = [...languageCases, ...graphCases, ...runsCases, ...graphLiveCases, ...approvalsCases, ...editorActionsCases, ...debugCases, ...includeDebugCases, ...includeRunCases, ...approvalsPanelCases];
  say(`VS Code ${vscode.version}: ${cases.length} cases`);
  const results = await runCases(cases);
  const summary: SuiteResults = { vscodeVersion: vscode.version, cases: results };
  if (state.api) summary.activation = { ...state.api.timing, ...(state.vscodeTimes ? { vscode: state.vscodeTimes } : {}) };
  writeFileSync(controlFiles(workspaceRoot()).results, JSON.stringify(summary, null, 2));
  const failed = results.filter((r) => !r.ok);
  say(`${results.length - failed.length} of ${results.length} cases passed`);
  if (failed.length > 0) throw new Error(`${failed.length} of ${results.length} cases failed: ${failed.map((f) => f.name).join('; ')}`);
}
