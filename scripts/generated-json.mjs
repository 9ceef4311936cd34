// Shared by the scripts that write a JSON file computed by project TypeScript from the catalog
// (generate-grammar.mjs, generate-snippets.mjs): bundles a few lines of TypeScript with
// esbuild, takes the value they export as `value`, and writes it as JSON to `target`, or with
// `--check` writes nothing and exits 1 when the committed file differs.
import * as esbuild from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** `lines` is TypeScript (resolved from the project root) that exports `value`. */
export async function writeGeneratedJson({ target, lines, script, what, describe = () => '' }) {
  const bundle = await esbuild.build({
    stdin: { contents: lines.join('\n'), resolveDir: root, loader: 'ts' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    logLevel: 'warning',
  });
  const { value } = await import(`data:text/javascript;base64,${Buffer.from(bundle.outputFiles[0].text).toString('base64')}`);
  const text = `${JSON.stringify(value, null, 2)}\n`;
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(target, 'utf8');
    } catch {}
    if (current !== text) {
      console.error(`${target} is out of date: run node scripts/${script}`);
      process.exit(1);
    }
    console.log(`${what} up to date`);
  } else {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
    console.log(`wrote ${target}${describe(value)}`);
  }
}
