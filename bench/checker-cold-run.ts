// One cold check, run in a fresh process by bench/checker.ts: reads the flow file named on the
// command line and checks it, printing what each part took (JSON on stdout). In a process this
// short V8 never optimises the checker, so this is the cost the command line pays.

import * as fs from 'node:fs';
import { readEdn } from '../engine/edn/reader';
import { checkParsed } from '../engine/language/check/index';

const t0 = performance.now();
const text = fs.readFileSync(process.argv[2]!, 'utf8');
const t1 = performance.now();
const parsed = readEdn(text);
const t2 = performance.now();
const result = checkParsed(parsed);
const t3 = performance.now();
process.stdout.write(JSON.stringify({ file: t1 - t0, read: t2 - t1, check: t3 - t2, findings: result.findings.length }) + '\n');
