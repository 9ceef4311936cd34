// The runner's side of webview requests (control.ts, handshake.ts): finds the webview frame
// holding a selector among the workbench's frames (webviews are nested iframes), waits for
// counts, counts, fills and clicks there with Playwright, and answers through the done file.
// Every Playwright call is bounded, so one frame that never answers cannot hold the runner,
// and each request's frames and timings go to the trace.

import type { Frame, Page } from 'playwright-core';
import { controlFiles, type WebviewDone, type WebviewRequest } from './control';
import { serveRunnerRequests } from './handshake';

const FRAME_WAIT_MS = 20_000;
/** How long one frame may take to answer a count before it is passed over (and traced). */
const FRAME_ANSWER_MS = 5_000;
const WAIT_FOR_MS = 15_000;

/** A frame as the trace names it: its name and the end of its url (webview frames differ there). */
function frameName(frame: Frame): string {
  const url = frame.url();
  const path = url.replace(/^https?:\/\/[^/]+\/(stable-[0-9a-f]+\/)?/, '');
  return `${frame.name() || '-'} ${path.length > 140 ? `${path.slice(0, 70)}…${path.slice(-70)}` : path}${frame.isDetached() ? ' (detached)' : ''}`;
}

/** The count of `selector` in `frame`, or 'no answer' after `ms` (a frame still loading, or torn down). */
async function boundedCount(frame: Frame, selector: string, ms = FRAME_ANSWER_MS): Promise<number | 'no answer'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'no answer'>((resolve) => (timer = setTimeout(() => resolve('no answer'), ms)));
  return Promise.race([frame.locator(selector).count().catch(() => 0), late]).finally(() => clearTimeout(timer));
}

/** Whether `frame` belongs to a WebviewView: VS Code marks its host frame's url with purpose=webviewView. */
function inView(frame: Frame): boolean {
  for (let f: Frame | null = frame; f !== null; f = f.parentFrame()) if (f.url().includes('purpose=webviewView')) return true;
  return false;
}

/** The frames requests were answered from (for `newFrame`). */
const answeredFrom = new WeakSet<Frame>();

async function findFrame(page: Page, selector: string, host: WebviewRequest['host'], trace: (line: string) => void, newFrame = false): Promise<Frame | undefined> {
  const until = Date.now() + FRAME_WAIT_MS;
  for (let pass = 1; Date.now() < until; pass++) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame() || frame.isDetached()) continue;
      if (host !== undefined && inView(frame) !== (host === 'view')) continue;
      if (newFrame && answeredFrom.has(frame)) continue;
      const started = Date.now();
      const found = await boundedCount(frame, selector, Math.max(1, Math.min(FRAME_ANSWER_MS, until - started)));
      if (found !== 0 || pass === 1) trace(`  pass ${pass}: ${frameName(frame)}: ${found} in ${Date.now() - started} ms`);
      if (typeof found === 'number' && found > 0) return frame;
      if (Date.now() >= until) break;
    }
    await page.waitForTimeout(100);
  }
  return undefined;
}

/** Waits in `frame` until each selector has its count; undefined when all are met, else what failed. */
async function waitForCounts(frame: Frame, waitFor: Record<string, number>, trace: (line: string) => void): Promise<WebviewDone | undefined> {
  for (const [selector, count] of Object.entries(waitFor)) {
    const started = Date.now();
    // waitFor selectors are CSS (the page's querySelectorAll); `count` takes Playwright's.
    const failed = await frame
      .waitForFunction(([s, n]) => (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll(s).length === n, [selector, count] as const, { timeout: WAIT_FOR_MS, polling: 100 })
      .then(() => undefined, (error: unknown) => (error instanceof Error ? error : new Error(String(error))));
    trace(`  waited ${Date.now() - started} ms for ${count} of ${selector}: ${failed === undefined ? 'met' : failed.name === 'TimeoutError' ? 'not met' : failed.message.split('\n')[0]}`);
    if (failed !== undefined) {
      if (failed.name !== 'TimeoutError') return { counts: {}, error: `the wait for ${count} of ${selector} failed in ${frameName(frame)}: ${failed.message.split('\n')[0]}` };
      const now = await boundedCount(frame, selector);
      return { counts: typeof now === 'number' ? { [selector]: now } : {}, error: `waited ${WAIT_FOR_MS / 1000} s for ${count} of ${selector} in ${frameName(frame)} (now ${now})` };
    }
  }
  return undefined;
}

/** How many times a request looks for its frame again when the one it found is torn down under it. */
const FRAME_LOOKS = 3;

async function act(page: Page, request: WebviewRequest, trace: (line: string) => void): Promise<WebviewDone> {
  let frame: Frame | undefined;
  // A frame found may be a webview's that is going away (a panel just disposed still shows its
  // frame for a moment): when it is detached during the waits, the frame is looked for again.
  for (let look = 1; ; look++) {
    frame = await findFrame(page, request.frameHas, request.host, trace, request.newFrame === true);
    if (frame === undefined) return { counts: {}, error: `no webview frame${request.host ? ` of a ${request.host}` : ''} holds ${request.frameHas} after ${FRAME_WAIT_MS} ms (frames: ${page.frames().map(frameName).join('; ')})` };
    answeredFrom.add(frame);
    const waited = await waitForCounts(frame, request.waitFor ?? {}, trace);
    if (waited === undefined) break;
    if (frame.isDetached() && look < FRAME_LOOKS) {
      trace(`  the frame was detached during the waits: looking for it again (${look} of ${FRAME_LOOKS})`);
      continue;
    }
    return waited;
  }
  const counts: Record<string, number> = {};
  for (const selector of request.count ?? []) {
    const n = await boundedCount(frame, selector);
    if (n === 'no answer') return { counts, error: `the frame ${frameName(frame)} did not answer a count of ${selector} in ${FRAME_ANSWER_MS} ms` };
    counts[selector] = n;
  }
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

/** Serves the suite's webview requests until `stop` is called; traces each to `trace`. */
export function serveWebviewRequests(page: Page, workspace: string, log: (line: string) => void, trace: (line: string) => void = () => undefined) {
  const files = controlFiles(workspace);
  return serveRunnerRequests<WebviewRequest, WebviewDone>(
    files.dir,
    files.webviewRequest,
    files.webviewDone,
    async (request, id) => {
      const started = Date.now();
      trace(`webview request ${id} ${JSON.stringify(request)}`);
      const done = await act(page, request, trace);
      trace(`  answered ${id} in ${Date.now() - started} ms${done.error ? `: ${done.error}` : ''}`);
      if (done.error) log(`webview request: ${done.error}`);
      return done;
    },
    (error) => log(`webview request failed: ${error instanceof Error ? error.message : String(error)}`),
  );
}
