// Writes snippets/flow-edn.json from the catalog (engine/language/catalog) through
// client/snippets/build.ts. Run after changing the catalog; test/client/snippets.test.ts
// fails while the committed file differs from what this would write.
// `--check` writes nothing and exits 1 when the file is out of date.
import { join } from 'node:path';
import { root, writeGeneratedJson } from './generated-json.mjs';

await writeGeneratedJson({
  target: join(root, 'snippets/flow-edn.json'),
  lines: [
    "import { catalog } from './engine/language/catalog/index';",
    "import { buildSnippets } from './client/snippets/build';",
    'export const value = buildSnippets(catalog);',
  ],
  script: 'generate-snippets.mjs',
  what: 'snippets are',
  describe: (snippets) => ` (${Object.keys(snippets).length} snippets)`,
});
