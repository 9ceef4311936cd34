// Runs the suite in real VS Code on machines that cannot download it: code-server 4.139.1
// (VS Code 1.139.1) in headless Debian Chromium driven by playwright-core, following
// ../shared/test-vscode.md. The workbench's smoke-test driver reads the payload (extension
// under development + tests module), runs the tests in the remote extension host and
// reports the exit code through `window.codeAutomationExit`.

import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { controlFiles, type ScreenshotDone, type ScreenshotRequest } from './control';
import { serveRunnerRequests, traceTo } from './handshake';
import type { CodeServerInstall } from './install';
import { processTree, stopProcesses, stopProcessTree } from './processes';
import { serveWebviewRequests } from './webview-requests';

export interface CodeServerRunOptions {
  install: CodeServerInstall;
  /** The folder holding package.json of the extension under development (the repository root). */
  extensionPath?: string;
  /** A .vsix to install into the run's fresh extensions folder first (then no extensionPath). */
  installVsix?: string;
  /** The compiled tests module (`exports.run`). */
  testsPath: string;
  /** A fresh workspace folder (already filled). */
  workspace: string;
  /** A fresh folder for this run's profiles, logs and home. */
  runDir: string;
  /** Where screenshots go. */
  artefactsDir: string;
  /** Gives up after this long. @default 240000 */
  timeoutMs?: number;
  log: (line: string) => void;
}

export interface CodeServerRun {
  exitCode: number;
  screenshots: string[];
  /** Why the run did not finish normally (timeout, crash), if it did not. */
  problem?: string;
}

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** User settings that keep the workbench quiet and the screenshot about the flow. */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'editor.inlayHints.enabled': 'on',
};

function folders(runDir: string) {
  const f = {
    userData: join(runDir, 'user-data'),
    extensions: join(runDir, 'extensions'),
    chromiumProfile: join(runDir, 'chromium-profile'),
    home: join(runDir, 'home'),
    xdgConfig: join(runDir, 'xdg/config'),
    xdgData: join(runDir, 'xdg/data'),
    xdgCache: join(runDir, 'xdg/cache'),
  };
  for (const dir of Object.values(f)) mkdirSync(dir, { recursive: true });
  return f;
}

/** `code-server --install-extension X.vsix` into the run's own (empty) extensions folder and profile. */
function installExtension(options: CodeServerRunOptions, env: NodeJS.ProcessEnv, dirs: ReturnType<typeof folders>): void {
  const started = Date.now();
  const result = spawnSync(
    options.install.node,
    [options.install.codeServer, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, '--install-extension', options.installVsix!],
    { env, encoding: 'utf8', timeout: 60_000 },
  );
  writeFileSync(join(options.runDir, 'install-extension.log'), `${result.stdout ?? ''}${result.stderr ?? ''}`);
  if (result.status !== 0) throw new Error(`code-server --install-extension ${options.installVsix} failed (${result.status ?? result.signal}):\n${result.stdout}${result.stderr}`);
  options.log(`installed ${options.installVsix} in ${Date.now() - started} ms: ${result.stdout.trim().split('\n').pop()}`);
}

/** Starts code-server on a free port (port 0) and resolves with the port once it listens. */
function startCodeServer(options: CodeServerRunOptions, env: NodeJS.ProcessEnv, dirs: ReturnType<typeof folders>) {
  const logFile = createWriteStream(join(options.runDir, 'code-server.log'));
  const child = spawn(
    options.install.node,
    [
      options.install.codeServer,
      '--auth', 'none',
      '--bind-addr', '127.0.0.1:0',
      '--user-data-dir', dirs.userData,
      '--extensions-dir', dirs.extensions,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--vscode-option', 'enable-smoke-test-driver',
      options.workspace,
    ],
    // The extension host inherits this environment; PATH puts Node 24 first for its children.
    { env: { ...env, PATH: `${join(options.install.node, '..')}:${env.PATH ?? ''}` }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const port = new Promise<number>((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      logFile.write(chunk);
      seen += chunk.toString();
      const m = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(seen);
      if (m) resolve(Number(m[1]));
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('exit', (code, sig) => reject(new Error(`code-server exited (${code ?? sig}) before listening:\n${seen.slice(-2000)}`)));
  });
  return { child, port, logFile };
}

/** Serves the suite's screenshot requests (see control.ts) until `stop` is called. */
function serveScreenshots(page: Page, workspace: string, artefactsDir: string, log: (line: string) => void, trace: (line: string) => void) {
  const files = controlFiles(workspace);
  const taken: string[] = [];
  const served = serveRunnerRequests<ScreenshotRequest, ScreenshotDone>(
    files.dir,
    files.screenshotRequest,
    files.screenshotDone,
    async (request, id) => {
      const started = Date.now();
      trace(`screenshot request ${id} ${request.name}`);
      const missing = await waitForVisible(page, request);
      const path = join(artefactsDir, `${request.name}.png`);
      await page.screenshot({ path });
      taken.push(path);
      log(`screenshot ${path}${missing.length ? ` (still missing: ${missing.join(', ')})` : ''}`);
      trace(`  answered ${id} in ${Date.now() - started} ms`);
      return { path, missing };
    },
    (error) => log(`screenshot failed: ${error instanceof Error ? error.message : String(error)}`),
  );
  return { taken, stop: served.stop };
}

/** The little of the DOM that `missingInPage` uses (the project compiles without the DOM lib). */
declare const document: {
  querySelectorAll(selector: string): Iterable<{ textContent: string | null }>;
  querySelector(selector: string): unknown;
};

/** Texts not shown in any editor and selectors not present; runs in the page, so self-contained. */
function missingInPage({ texts, selectors }: { texts: string[]; selectors: string[] }): string[] {
  const norm = (s: string) => s.replace(/\u00a0/g, ' ');
  const lines = norm([...document.querySelectorAll('.monaco-editor .view-lines')].map((e) => e.textContent ?? '').join('\n'));
  return [...texts.filter((t) => !lines.includes(norm(t))), ...selectors.filter((s) => document.querySelector(s) === null)];
}

/** Waits (up to 20 s, on animation frames) for the request's texts and selectors; returns what never showed. */
async function waitForVisible(page: Page, request: ScreenshotRequest): Promise<string[]> {
  const args = { texts: request.waitForTexts, selectors: request.waitForSelectors };
  const expression = `(${missingInPage.toString()})(${JSON.stringify(args)}).length === 0`;
  await page.waitForFunction(expression, undefined, { timeout: 20_000, polling: 'raf' }).catch(() => undefined);
  return page.evaluate(missingInPage, args);
}

export async function runWithCodeServer(options: CodeServerRunOptions): Promise<CodeServerRun> {
  const dirs = folders(options.runDir);
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  writeFileSync(join(dirs.userData, 'User/settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  mkdirSync(options.artefactsDir, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: dirs.home,
    XDG_CONFIG_HOME: dirs.xdgConfig,
    XDG_DATA_HOME: dirs.xdgData,
    XDG_CACHE_HOME: dirs.xdgCache,
  };
  delete env.NODE_OPTIONS;
  delete env.NODE_TEST_CONTEXT;

  if (options.installVsix !== undefined) installExtension(options, env, dirs);
  const server = startCodeServer(options, env, dirs);
  let context: Awaited<ReturnType<typeof chromium.launchPersistentContext>> | undefined;
  let screenshots: ReturnType<typeof serveScreenshots> | undefined;
  let webviews: ReturnType<typeof serveWebviewRequests> | undefined;
  const timeoutMs = options.timeoutMs ?? 240_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    const port = await server.port;
    options.log(`code-server listening on 127.0.0.1:${port} (pid ${server.child.pid})`);
    context = await chromium.launchPersistentContext(dirs.chromiumProfile, {
      executablePath: options.install.chromium,
      headless: true,
      args: CHROMIUM_FLAGS,
      env: env as Record<string, string>,
      viewport: { width: 1440, height: 900 },
      timeout: 60_000,
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const browserLog = createWriteStream(join(options.runDir, 'browser-console.log'));
    page.on('console', (message) => {
      const text = message.text();
      browserLog.write(`[${message.type()}] ${text}\n`);
      const at = text.indexOf('[flow-edn-test]');
      if (at >= 0) options.log(text.slice(at + '[flow-edn-test]'.length).trim());
    });
    page.on('pageerror', (error) => browserLog.write(`[pageerror] ${error.message}\n`));

    const exit = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code: number, logs?: { relativePath: string; contents: string }[]) => {
        if (Array.isArray(logs)) {
          for (const entry of logs) {
            const target = join(options.runDir, 'vscode-logs', entry.relativePath.replace(/\.\.+/g, '_'));
            mkdirSync(join(target, '..'), { recursive: true });
            writeFileSync(target, entry.contents);
          }
        }
        resolve(code);
      });
    });
    // Kept with the run's folder when it fails (workspace/.flow-edn-test/runner-trace.log).
    const trace = traceTo(controlFiles(options.workspace).trace);
    screenshots = serveScreenshots(page, options.workspace, options.artefactsDir, options.log, trace);
    webviews = serveWebviewRequests(page, options.workspace, options.log, trace);

    const remote = (path: string) => `vscode-remote://127.0.0.1:${port}${path}`;
    const payload = [
      ...(options.extensionPath !== undefined ? [['extensionDevelopmentPath', remote(options.extensionPath)]] : []),
      ['extensionTestsPath', remote(options.testsPath)],
    ];
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(options.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(url, { timeout: 60_000 });
    options.log('workbench loaded; the suite runs in the extension host');

    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    const outcome = await Promise.race([exit, timeout]);
    if (outcome === 'timeout') {
      const path = join(options.artefactsDir, 'vscode-timeout.png');
      await page.screenshot({ path }).catch(() => undefined);
      return { exitCode: 1, screenshots: [...screenshots.taken, path], problem: `no exit code after ${timeoutMs} ms (screenshot ${path})` };
    }
    return { exitCode: outcome, screenshots: screenshots.taken };
  } finally {
    if (timer) clearTimeout(timer);
    screenshots?.stop();
    webviews?.stop();
    // Everything this run started (code-server's tree, Chromium's), recorded before closing.
    const started = processTree(process.pid).filter((pid) => pid !== process.pid);
    await context?.close().catch(() => undefined);
    const killed = server.child.pid === undefined ? [] : await stopProcessTree(server.child.pid);
    killed.push(...(await stopProcesses(started)));
    if (killed.length > 0) options.log(`killed processes that outlived SIGTERM: ${killed.join(' ')}`);
    server.logFile.end();
  }
}
