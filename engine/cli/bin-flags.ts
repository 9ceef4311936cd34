// The Node flags the bin's shebang gives (`#!/usr/bin/env -S node --flags`, scripts/build.mjs),
// read off the built bin: for whatever starts the CLI as `node <flags> out/cli.js` and must
// match what a person's shell runs (the cold-start bench, the code-cache tests).

import { readFileSync } from 'node:fs';

export function binFlags(binPath: string): string[] {
  const shebang = /^#!\/usr\/bin\/env -S node((?: --[\w=-]+)*)\n/.exec(readFileSync(binPath, 'utf8').slice(0, 300));
  if (shebang === null) throw new Error(`${binPath} does not start with the bin's shebang (#!/usr/bin/env -S node --flags)`);
  return shebang[1]!.trim().split(' ').filter(Boolean);
}
