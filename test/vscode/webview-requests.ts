// The runner's side of webview requests (control.ts): finds the webview frame holding a
// selector among the workbench's frames (webviews are nested iframes), waits for counts,
// counts, fills and clicks there with Playwright, and answers through the done file.

import type { Frame, Page } from 'playwright-core';
import { controlFiles, serveRunnerRequests, type WebviewDone, type WebviewRequest } from './control';

const FRAME_WAIT_MS = 20_000;

async function findFrame(page: Page, selector: string): Promise<Frame | undefined> {
  const until = Date.now() + FRAME_WAIT_MS;
  while (Date.now() < until) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue;
      const found = await frame.locator(selector).count().catch(() => 0);
      if (found > 0) return frame;
    }
    await page.waitForTimeout(100);
  }
  return undefined;
}

async function act(page: Page, request: WebviewRequest): Promise<WebviewDone> {
  const frame = await findFrame(page, request.frameHas);
  if (frame === undefined) return { counts: {}, error: `no webview frame holds ${request.frameHas} after ${FRAME_WAIT_MS} ms` };
  for (const [selector, count] of Object.entries(request.waitFor ?? {})) {
    const ok = await frame
      .waitForFunction(([s, n]) => (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll(s).length === n, [selector, count] as const, { timeout: 15_000, polling: 100 })
      .then(() => true, () => false);
    if (!ok) return { counts: { [selector]: await frame.locator(selector).count() }, error: `waited 15 s for ${count} of ${selector}` };
  }
  const counts: Record<string, number> = {};
  for (const selector of request.count ?? []) counts[selector] = await frame.locator(selector).count();
  for (const { selector, value } of request.fill ?? []) {
    try {
      await frame.locator(selector).first().fill(value, { timeout: 10_000 });
    } catch (error) {
      return { counts, error: `fill of ${selector} failed: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
  if (request.click !== undefined) {
    try {
      await frame.locator(request.click).first().click({ timeout: 10_000 });
    } catch (error) {
      return { counts, error: `click on ${request.click} failed: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
  return { counts };
}

/** Serves the suite's webview requests until `stop` is called. */
export function serveWebviewRequests(page: Page, workspace: string, log: (line: string) => void) {
  const files = controlFiles(workspace);
  return serveRunnerRequests<WebviewRequest, WebviewDone>(
    files.dir,
    files.webviewRequest,
    files.webviewDone,
    async (request) => {
      const done = await act(page, request);
      if (done.error) log(`webview request: ${done.error}`);
      return done;
    },
    (error) => log(`webview request failed: ${error instanceof Error ? error.message : String(error)}`),
  );
}
