// Where a flow's scenarios live (design §6): `x.sim.edn` (the default) and `x.<name>.sim.edn`
// beside `x.flow.edn`. File names only (node:fs and node:path, no EDN), so the extension's
// activation bundle can list scenarios without loading the reader.

import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** `default` for `x.sim.edn`, `name` for `x.name.sim.edn`, `none` for no file. */
export function scenarioName(path: string | null): string {
  if (path === null) return 'none';
  const m = /\.([^.]+)\.sim\.edn$/.exec(basename(path));
  return m && !basename(path).startsWith(m[1]! + '.') ? m[1]! : 'default';
}

/** `x.flow.edn` -> `x.sim.edn` when it exists. */
export function defaultSimulationPath(flowPath: string): string | null {
  const candidate = flowPath.replace(/\.flow\.(edn|clj)$/, '.sim.edn');
  return candidate !== flowPath && existsSync(candidate) ? candidate : null;
}

/** Every scenario of a flow: `x.sim.edn` and `x.<name>.sim.edn`, sorted. */
export function scenarioPaths(flowPath: string): string[] {
  const dir = dirname(flowPath);
  const stem = basename(flowPath).replace(/\.flow\.(edn|clj)$/, '');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f === `${stem}.sim.edn` || (f.startsWith(stem + '.') && f.endsWith('.sim.edn') && /^[^.]+$/.test(f.slice(stem.length + 1, -'.sim.edn'.length))))
    .sort()
    .map((f) => join(dir, f));
}
