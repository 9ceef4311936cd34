// Writes syntaxes/flow-edn.tmLanguage.json from the catalog (engine/language/catalog) through
// client/grammar/{lists,build}.ts. Run after changing the catalog; test/client/grammar.test.ts
// fails while the committed grammar differs from what this would write.
// `--check` writes nothing and exits 1 when the file is out of date.
import * as esbuild from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'syntaxes/flow-edn.tmLanguage.json');

const bundle = await esbuild.build({
  stdin: {
    contents: [
      "import { catalog } from './engine/language/catalog/index';",
      "import { grammarLists } from './client/grammar/lists';",
      "import { buildGrammar } from './client/grammar/build';",
      'export const grammar = buildGrammar(grammarLists(catalog));',
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
const { grammar } = await import(`data:text/javascript;base64,${Buffer.from(bundle.outputFiles[0].text).toString('base64')}`);
const text = `${JSON.stringify(grammar, null, 2)}\n`;

if (process.argv.includes('--check')) {
  const current = readFileSync(target, 'utf8');
  if (current !== text) {
    console.error(`${target} is out of date: run node scripts/generate-grammar.mjs`);
    process.exit(1);
  }
  console.log('grammar is up to date');
} else {
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
}
