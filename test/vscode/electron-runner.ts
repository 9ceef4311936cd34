// The alternative runner for machines that can download VS Code: @vscode/test-electron
// downloads a desktop build (or uses FLOW_EDN_VSCODE_EXECUTABLE) and runs the same suite.
// Not the CI path here (the download host is unreachable); selected by
// FLOW_EDN_VSCODE_RUNNER=electron. It takes no screenshots.

import { join } from 'node:path';

export interface ElectronRunOptions {
  extensionPath: string;
  testsPath: string;
  workspace: string;
  runDir: string;
  log: (line: string) => void;
}

export async function runWithElectron(options: ElectronRunOptions): Promise<{ exitCode: number; problem?: string }> {
  const { runTests } = await import('@vscode/test-electron');
  const executable = process.env.FLOW_EDN_VSCODE_EXECUTABLE;
  try {
    const exitCode = await runTests({
      extensionDevelopmentPath: options.extensionPath,
      extensionTestsPath: options.testsPath,
      ...(executable ? { vscodeExecutablePath: executable } : { version: process.env.FLOW_EDN_VSCODE_VERSION ?? 'stable' }),
      launchArgs: [
        options.workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        `--user-data-dir=${join(options.runDir, 'user-data')}`,
        `--extensions-dir=${join(options.runDir, 'extensions')}`,
      ],
    });
    return { exitCode };
  } catch (error) {
    return { exitCode: 1, problem: `@vscode/test-electron failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}
