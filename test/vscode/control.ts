// The file protocol between a runner (outside VS Code) and the suite (inside the extension
// host): both sides see the test workspace, so they talk through `.flow-edn-test/` in it.
// The runner writes runner.json before launch; the suite writes results.json at the end and,
// when screenshots are on, asks for one with a request file and waits for the done file
// (handshake.ts).

import { join } from 'node:path';

/** The folder, inside the test workspace, that both sides use (hidden by files.exclude). */
export const CONTROL_DIR = '.flow-edn-test';

export interface RunnerInfo {
  /** Which runner launched VS Code. */
  runner: 'code-server' | 'electron';
  /** Whether the runner can take screenshots (code-server through Playwright). */
  screenshots: boolean;
}

export interface ScreenshotRequest {
  /** File name without extension; the PNG lands in test-results/. */
  name: string;
  /** Texts that must be visible in the editors (e.g. inlay hint labels) before the shot. */
  waitForTexts: string[];
  /** CSS selectors that must be present (e.g. error squiggles) before the shot. */
  waitForSelectors: string[];
}

export interface ScreenshotDone {
  path: string;
  /** What was still missing when the wait timed out; empty when everything showed. */
  missing: string[];
}

/**
 * Something to do inside a webview's page, which only the runner (Playwright) can reach: the
 * frame is the one holding `frameHas`; `waitFor` (selector -> count) is awaited first, then
 * `count` is answered, `fill` typed and `click` clicked.
 */
export interface WebviewRequest {
  frameHas: string;
  /**
   * Only frames of an editor panel (`panel`) or of a view in a side bar or the panel area
   * (`view`, VS Code's WebviewView), when the same page is shown in both. @default either
   */
  host?: 'panel' | 'view';
  /**
   * Only a frame no earlier request was answered from: a panel just made, while the frame of
   * the one it replaces may not be torn down yet. @default false
   */
  newFrame?: boolean;
  waitFor?: Record<string, number>;
  count?: string[];
  /** Typed into each selector's input (after the waits, before the click). */
  fill?: { selector: string; value: string }[];
  click?: string;
}

export interface WebviewDone {
  counts: Record<string, number>;
  /** What went wrong (no such frame, a wait that timed out, a click that failed). */
  error?: string;
}

export interface CaseResult {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}

export interface SuiteResults {
  vscodeVersion: string;
  cases: CaseResult[];
  /** The extension's own activation timing (client/api.ts `ActivationTiming`). */
  activation?: {
    moduleLoadMs: number;
    contextWaitMs: number;
    activateMs: number;
    /** The host thread's CPU over the same spans (client/api.ts). */
    moduleLoadCpuMs: number;
    activateCpuMs: number;
    cpuClock: 'thread' | 'process';
    serverReadyMs?: number;
    /** VS Code's own figures for the extension (Developer: Startup Performance). */
    vscode?: {
      loadCodeMs: number;
      callActivateMs: number;
      finishActivateMs: number;
      event: string;
      /** Of loadCodeMs, the require of the bundle alone (VS Code's willLoad/didLoadExtensionCode marks). */
      requireMs?: number;
    };
  };
}

export const controlFiles = (workspace: string) => {
  const dir = join(workspace, CONTROL_DIR);
  return {
    dir,
    runner: join(dir, 'runner.json'),
    results: join(dir, 'results.json'),
    screenshotRequest: join(dir, 'screenshot-request.json'),
    screenshotDone: join(dir, 'screenshot-done.json'),
    webviewRequest: join(dir, 'webview-request.json'),
    webviewDone: join(dir, 'webview-done.json'),
    /** The runner's account of each request (frames tried, timings), for people and for the suite's timeout messages. */
    trace: join(dir, 'runner-trace.log'),
  };
};
