// Bundles the entry points with esbuild into out/ (CommonJS, Node 20). Native modules and
// `vscode` stay external. Webview pages are bundled apart for the browser into out/webview/,
// with their styles and the codicon font copied beside them (no remote resources).
// `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';

const entries = [
  // The CLI runs with a small young generation (1 MB semi-spaces: the syntax tree a check builds
  // lives to the end, and a small nursery promotes it before copying it twice; the long-lived
  // language server takes the opposite choice, serverExecArgv in server/protocol.ts), and
  // without TurboFan: a `check` ends before optimised code pays for its compiling
  // (docs/cli-cold-start.md); the run-side commands turn it back on as they load (engine/cli/main.ts).
  // --verify-snapshot-checksum: V8 checks its code cache's checksum (engine/cli/code-cache.ts).
  { in: 'engine/cli/main.ts', out: 'cli', banner: '#!/usr/bin/env -S node --max-semi-space-size=1 --no-turbofan --verify-snapshot-checksum' },
  // The CLI's command groups, loaded by out/cli.js on use (engine/cli/main.ts): `check` never reads the run engine.
  { in: 'engine/cli/groups/check.ts', out: 'cliCheck' },
  { in: 'engine/cli/groups/repair.ts', out: 'cliRepair' },
  { in: 'engine/cli/groups/runs.ts', out: 'cliRuns' },
  // The server's entry answers `initialize` itself, then loads the protocol library (server/main.ts).
  { in: 'server/main.ts', out: 'server' },
  { in: 'server/core.ts', out: 'serverCore' },
  // The engine-backed half of the server, loaded after `initialize` (server/server.ts).
  { in: 'server/session.ts', out: 'serverSession' },
  { in: 'client/extension.ts', out: 'extension' },
  // vscode-languageclient is loaded after activation from its own bundle (client/context.ts).
  { in: 'client/language-client.ts', out: 'languageClient' },
  { in: 'client/debug/adapter-main.ts', out: 'debugAdapter' },
  // The inline debug adapter's session, in a worker thread of the extension host (client/debug/worker-adapter.ts).
  { in: 'client/debug/worker-main.ts', out: 'debugWorker' },
  // The run side of the extension (client/runs): run services, views, decorations; loaded on first use.
  { in: 'client/runs/index.ts', out: 'runs' },
  // The run service's worker thread (engine/service): executes runs off the extension host's loop.
  { in: 'engine/service/worker.ts', out: 'runWorker' },
].filter((e) => existsSync(e.in));

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  external: ['vscode', 'better-sqlite3'],
  logLevel: 'warning',
};

// Webview pages: one script each (IIFE for the browser), their CSS, and the codicons.
const pages = [
  { in: 'client/webviews/graph/page/main.ts', css: 'client/webviews/graph/page/graph.css', out: 'graph' },
  { in: 'client/webviews/approvals/page/main.ts', css: 'client/webviews/approvals/page/approvals.css', out: 'approvals' },
].filter((p) => existsSync(p.in));
const pageOptions = (p) => ({ bundle: true, platform: 'browser', format: 'iife', target: 'chrome120', sourcemap: true, minify: true, logLevel: 'warning', entryPoints: [p.in], outfile: `out/webview/${p.out}.js`,
  // elk.bundled.js names `web-worker` for Node only; the page runs ELK in its own thread.
  external: ['web-worker'] });
function copyPageAssets() {
  mkdirSync('out/webview', { recursive: true });
  for (const p of pages) copyFileSync(p.css, `out/webview/${p.out}.css`);
  copyFileSync('node_modules/@vscode/codicons/dist/codicon.css', 'out/webview/codicon.css');
  copyFileSync('node_modules/@vscode/codicons/dist/codicon.ttf', 'out/webview/codicon.ttf');
}

const watch = process.argv.includes('--watch');
copyPageAssets();
for (const p of pages) {
  if (watch) await (await esbuild.context(pageOptions(p))).watch();
  else await esbuild.build(pageOptions(p));
}
for (const e of entries) {
  const options = { ...common, entryPoints: [e.in], outfile: `out/${e.out}.js`, banner: e.banner ? { js: e.banner } : undefined };
  if (watch) await (await esbuild.context(options)).watch();
  else await esbuild.build(options);
}
if (!watch) console.log(`built ${[...entries.map((e) => `out/${e.out}.js`), ...pages.map((p) => `out/webview/${p.out}.js`)].join(', ')}`);
