// What the `#flow/include` debugger tests share: a scratch copy of the include fixture (a flow
// whose body, a :functions entry, a function's :code string and a step's config live in
// files of their own) and the 1-based line and column of a text in one of its files.

import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './support';

export interface IncludeScratch {
  dir: string;
  flow: string;
  db: string;
  /** The absolute path of a file of the fixture. */
  file(rel: string): string;
}

export function includeScratch(): IncludeScratch {
  const dir = mkdtempSync(join(tmpdir(), 'flow-edn-debug-include-'));
  cpSync(join(root, 'test', 'fixtures', 'debug', 'include'), dir, { recursive: true });
  return { dir, flow: join(dir, 'orders.flow.edn'), db: join(dir, '.flow-edn', 'runs.db'), file: (rel) => join(dir, rel) };
}

/** Line and column (1-based) where `needle` first occurs in `path`. */
export function placeOf(path: string, needle: string): { line: number; column: number } {
  const lines = readFileSync(path, 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`no line with ${needle} in ${path}`);
  return { line: i + 1, column: lines[i]!.indexOf(needle) + 1 };
}
