// `flow-edn repair [--write] FILES`: repairs unbalanced delimiters by indentation (parinfer's
// indent mode, as the platform's `flows paren-repair`). A dry run by default: prints a unified
// diff of what would change; `--write` writes the files. Exit 1 when a file cannot be repaired.

import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { repairDelimiters } from '../edn/repair';
import { displayPath, readTextFile } from './files';
import { UsageError, type CommandIO } from './io';
import { unifiedDiff } from './unified-diff';

export const repairHelp = `Usage: flow-edn repair [--write] FILES...

Repairs unbalanced delimiters ( ) [ ] { } by indentation: each closer goes where the
indentation says the form ends; no line is re-indented. Without --write, prints a unified
diff of the repair and changes nothing.

Options:
  --write   write the repaired files
Exit status: 0 repaired or nothing to repair, 1 a file could not be repaired (an unclosed
string, say), 2 bad usage or an unreadable file.`;

export function runRepair(argv: string[], io: CommandIO): number {
  const { values, positionals } = parseArgs({ args: argv, options: { write: { type: 'boolean' } }, allowPositionals: true, strict: true });
  if (positionals.length === 0) throw new UsageError('repair needs at least one file');
  let status = 0;
  for (const file of positionals) {
    const path = displayPath(file);
    const read = readTextFile(file);
    if ('error' in read) {
      io.err(`flow-edn: cannot read '${path}': ${read.error}`);
      status = 2;
      continue;
    }
    const repair = repairDelimiters(read.text);
    if (repair.problem !== null) {
      io.err(`${path}: cannot repair the delimiters: ${repair.problem}. Fix that by hand, then run repair again.`);
      status = Math.max(status, 1);
      continue;
    }
    if (!repair.changed) {
      io.err(`${path}: delimiters balanced, nothing to repair`);
      continue;
    }
    if (values.write) {
      writeFileSync(file, repair.text);
      io.out(`${path}: repaired`);
    } else io.out(unifiedDiff(path, read.text, repair.text));
  }
  return status;
}
