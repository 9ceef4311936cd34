// `flow-edn --warm-cache`, the package's postinstall: compiles the command bundles once at
// install, as pip compiles a package's .pyc files, so that a person's first `check` or `run`
// finds its code in the cache beside the bundles (engine/cli/code-cache.ts) instead of paying
// for compiling and caching it. It does what a first session does, in a fresh temporary folder:
// `new` a flow, `check` it with its scenario, `run` it; each as the bin starts (its shebang's
// flags: a cache entry is made and read under one set of V8 flags). It never fails an install:
// anything that goes wrong leaves the cache to the first commands, as without it.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binFlags } from './bin-flags';

/** What the warm-up ran: each command and its exit status (null: killed or not started). */
export interface WarmUp {
  steps: { args: string[]; status: number | null }[];
}

/** Runs the first session's commands with the bin at `cliPath`; `env` is their environment. */
export function warmCache(cliPath: string, env: NodeJS.ProcessEnv = process.env): WarmUp {
  const done: WarmUp = { steps: [] };
  let work: string | undefined;
  try {
    const flags = binFlags(cliPath);
    work = mkdtempSync(join(tmpdir(), 'flow-edn-warm-up-'));
    const bin = (args: string[], extra: NodeJS.ProcessEnv = {}) => {
      const r = spawnSync(process.execPath, [...flags, cliPath, ...args], {
        cwd: work,
        env: { ...env, NO_COLOR: '1', ...extra },
        stdio: 'ignore',
        timeout: 60_000,
      });
      done.steps.push({ args, status: r.status });
    };
    // `new` shares the run bundle with `run`: left out of the cache, which a miss writes once, so
    // that the entry holds what `run` compiles.
    bin(['new', 'warm-up'], { FLOW_EDN_NO_CACHE: '1' });
    bin(['check', 'warm-up.flow.edn', 'warm-up.sim.edn']);
    bin(['run', 'warm-up.flow.edn', '--db', join(work, 'runs.db')]);
  } catch {
    // no shebang (not the built bin), no temporary folder: nothing cached, nothing broken
  } finally {
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  }
  return done;
}
