// The tests module of the installed-vsix smoke (`extensionTestsPath`, no extension under
// development): runs ./cases in the extension host and writes results.json for the runner.

import * as vscode from 'vscode';
import { writeFileSync } from 'node:fs';
import { controlFiles, type SuiteResults } from '../control';
import { say, workspaceRoot } from '../suite/harness';
import { runCases } from '../suite/run-cases';
import { smokeCases } from './cases';

export async function run(): Promise<void> {
  say(`VS Code ${vscode.version}: installed-vsix smoke, ${smokeCases.length} cases`);
  const results = await runCases(smokeCases);
  const summary: SuiteResults = { vscodeVersion: vscode.version, cases: results };
  writeFileSync(controlFiles(workspaceRoot()).results, JSON.stringify(summary, null, 2));
  const failed = results.filter((r) => !r.ok);
  if (failed.length > 0) throw new Error(`${failed.length} of ${results.length} smoke cases failed: ${failed.map((f) => f.name).join('; ')}`);
}
