// Writes syntaxes/flow-edn.tmLanguage.json from the catalog (engine/language/catalog) through
// client/grammar/{lists,build}.ts. Run after changing the catalog; test/client/grammar.test.ts
// fails while the committed grammar differs from what this would write.
// `--check` writes nothing and exits 1 when the file is out of date.
import { join } from 'node:path';
import { root, writeGeneratedJson } from './generated-json.mjs';

await writeGeneratedJson({
  target: join(root, 'syntaxes/flow-edn.tmLanguage.json'),
  lines: [
    "import { catalog } from './engine/language/catalog/index';",
    "import { grammarLists } from './client/grammar/lists';",
    "import { buildGrammar } from './client/grammar/build';",
    'export const value = buildGrammar(grammarLists(catalog));',
  ],
  script: 'generate-grammar.mjs',
  what: 'grammar is',
});
