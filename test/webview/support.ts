// Runs a webview page in headless Chromium (the flags of test-vscode.md) as VS Code would:
// its HTML (with the real content security policy) and out/webview files served from a
// local 127.0.0.1 server, `acquireVsCodeApi` stubbed so that the page's messages, and its
// getState/setState, are recorded on `window` for the test to read.

import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const ROOT = resolve(__dirname, '../../..');
const WEBVIEW_DIR = join(ROOT, 'out/webview');
export const CHROMIUM = process.env.FLOW_EDN_CHROMIUM ?? '/usr/bin/chromium';

/** Why the page tests cannot run here, or undefined. */
export function cannotRunPages(): string | undefined {
  if (!existsSync(CHROMIUM)) return `chromium is not installed at ${CHROMIUM} (apt-get install -y chromium, or bash scripts/setup-vscode-test.sh)`;
  if (!existsSync(join(WEBVIEW_DIR, 'graph.js'))) return `${WEBVIEW_DIR}/graph.js is missing (run npm run build)`;
  return undefined;
}

const types: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.html': 'text/html', '.map': 'application/json' };

export interface PageHost {
  origin: string;
  browser: Browser;
  /** Opens a page whose HTML `html(origin)` returns; `state` is what getState answers. */
  open(html: (origin: string) => string, state?: unknown): Promise<TestPage>;
  close(): Promise<void>;
}

export interface TestPage {
  page: Page;
  /** Console lines, page errors and CSP violations seen so far. */
  problems: string[];
  /** Messages the page posted, in order. */
  posted(): Promise<{ type: string; [k: string]: unknown }[]>;
  /** Resolves with the first posted message `accept` takes (waiting for it). */
  waitPosted(accept: string, ms?: number): Promise<{ type: string; [k: string]: unknown }>;
  /** Sends a message to the page as the host would. */
  send(message: unknown): Promise<void>;
  state(): Promise<unknown>;
}

export async function startPageHost(): Promise<PageHost> {
  let currentHtml = '';
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (path === '/page.html') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(currentHtml);
      return;
    }
    const file = join(WEBVIEW_DIR, path.replace(/^\/webview\//, ''));
    if (!file.startsWith(WEBVIEW_DIR) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  return {
    origin,
    browser,
    async open(html, state) {
      currentHtml = html(origin);
      const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning' || /Content Security Policy/i.test(m.text())) problems.push(`[${m.type()}] ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`[pageerror] ${e.message}`));
      page.on('dialog', (d) => {
        problems.push(`[dialog] ${d.message()}`);
        void d.dismiss();
      });
      await page.addInitScript((initial: unknown) => {
        const w = globalThis as unknown as { __posted: unknown[]; __state: unknown; acquireVsCodeApi: () => unknown };
        w.__posted = [];
        w.__state = initial;
        // VS Code sets its theme's colours as --vscode-* variables on the page; a dark theme's few.
        const theme: Record<string, string> = { foreground: '#cccccc', 'editor-background': '#1e1e1e', 'editor-foreground': '#d4d4d4', 'editorWidget-background': '#252526', 'editorWidget-border': '#454545', descriptionForeground: '#9d9d9d', focusBorder: '#007fd4', 'charts-green': '#89d185', 'charts-orange': '#d18616', 'charts-red': '#f14c4c', 'charts-blue': '#3794ff', 'charts-purple': '#b180d7', 'charts-yellow': '#cca700', 'font-family': 'sans-serif', 'font-size': '13px', 'editor-font-family': 'monospace', 'list-hoverBackground': '#2a2d2e', 'inputValidation-warningBackground': '#352a05', 'inputValidation-warningBorder': '#b89500' };
        const doc = (globalThis as unknown as { document: { addEventListener(e: string, f: () => void): void; documentElement: { style: { setProperty(k: string, v: string): void } } } }).document;
        doc.addEventListener('DOMContentLoaded', () => {
          for (const [k, v] of Object.entries(theme)) doc.documentElement.style.setProperty(`--vscode-${k}`, v);
        });
        w.acquireVsCodeApi = () => ({ postMessage: (m: unknown) => w.__posted.push(JSON.parse(JSON.stringify(m))), getState: () => w.__state, setState: (s: unknown) => (w.__state = JSON.parse(JSON.stringify(s))) });
      }, state ?? null);
      await page.goto(`${origin}/page.html`);
      const posted = () => page.evaluate('window.__posted') as Promise<{ type: string }[]>;
      return {
        page,
        problems,
        posted,
        async waitPosted(type, ms = 15_000) {
          await page.waitForFunction((t: string) => (globalThis as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === t), type, { timeout: ms });
          return (await posted()).find((m) => m.type === type)!;
        },
        send: (message) => page.evaluate((m: unknown) => void (globalThis as unknown as { postMessage(m: unknown, o: string): void }).postMessage(m, '*'), message),
        state: () => page.evaluate('window.__state'),
      };
    },
    async close() {
      await browser.close();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
