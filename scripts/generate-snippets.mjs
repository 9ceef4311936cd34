// Writes snippets/flow-edn.json from the catalog (engine/language/catalog) through
// client/snippets/build.ts. Run after changing the catalog; test/client/snippets.test.ts
// fails while the committed file differs from what this would write.
// `--check` writes nothing and exits 1 when the file is out of date.
import * as esbuild from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'snippets/flow-edn.json');

const bundle = await esbuild.build({
  stdin: {
    contents: [
      "import { catalog } from './engine/language/catalog/index';",
      "import { buildSnippets } from './client/snippets/build';",
      'export const snippets = buildSnippets(catalog);',
    ].join('\n'),
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'node',
  logLevel: 'warning',
});
const { snippets } = await import(`data:text/javascript;base64,${Buffer.from(bundle.outputFiles[0].text).toString('base64')}`);
const text = `${JSON.stringify(snippets, null, 2)}\n`;

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {}
  if (current !== text) {
    console.error(`${target} is out of date: run node scripts/generate-snippets.mjs`);
    process.exit(1);
  }
  console.log('snippets are up to date');
} else {
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, text);
  console.log(`wrote ${target} (${Object.keys(snippets).length} snippets)`);
}
