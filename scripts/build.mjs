// Bundles the entry points with esbuild into out/ (CommonJS, Node 20). Native modules and
// `vscode` stay external. `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const entries = [
  // The CLI runs with a larger young generation (see serverExecArgv in server/protocol.ts).
  { in: 'engine/cli/main.ts', out: 'cli', banner: '#!/usr/bin/env -S node --max-semi-space-size=64' },
  { in: 'server/main.ts', out: 'server' },
  // The engine-backed half of the server, loaded after `initialize` (server/server.ts).
  { in: 'server/session.ts', out: 'serverSession' },
  { in: 'client/extension.ts', out: 'extension' },
  // vscode-languageclient is loaded after activation from its own bundle (client/context.ts).
  { in: 'client/language-client.ts', out: 'languageClient' },
  { in: 'client/debug/adapter-main.ts', out: 'debugAdapter' },
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

const watch = process.argv.includes('--watch');
for (const e of entries) {
  const options = { ...common, entryPoints: [e.in], outfile: `out/${e.out}.js`, banner: e.banner ? { js: e.banner } : undefined };
  if (watch) await (await esbuild.context(options)).watch();
  else await esbuild.build(options);
}
if (!watch) console.log(`built ${entries.map((e) => `out/${e.out}.js`).join(', ')}`);
