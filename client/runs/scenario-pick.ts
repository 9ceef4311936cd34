// Which scenario Run Flow uses (issue 13): none or one (the default `x.sim.edn` included)
// starts at once; several ask, the one used last for this flow first. Plain Node: the quick
// pick and workspaceState live in run-flow.ts.

import { basename } from 'node:path';
import { scenarioName, scenarioPaths } from '../../engine/run/simulation';

export interface ScenarioChoice {
  /** The scenario file. */
  path: string;
  /** `default` for `x.sim.edn`, else `name` of `x.name.sim.edn`. */
  name: string;
  /** Used last for this flow. */
  last: boolean;
}

export type ScenarioPlan = { kind: 'start'; scenario: string | null } | { kind: 'ask'; choices: ScenarioChoice[] };

/** The plan for `flowPath`, given the scenario path remembered for it (if any). */
export function scenarioPlan(flowPath: string, remembered: string | undefined): ScenarioPlan {
  const paths = scenarioPaths(flowPath);
  if (paths.length === 0) return { kind: 'start', scenario: null };
  if (paths.length === 1) return { kind: 'start', scenario: paths[0]! };
  const choices = paths.map((path) => ({ path, name: scenarioName(path), last: path === remembered }));
  // The last used first, then the default, then by name (scenarioPaths sorts by file name).
  const rank = (c: ScenarioChoice) => (c.last ? 0 : c.name === 'default' ? 1 : 2);
  choices.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
  return { kind: 'ask', choices };
}

/** The file name a new scenario `name` of `flowPath` gets, or why it cannot. */
export function newScenarioPath(flowPath: string, name: string): { path: string } | { error: string } {
  if (!/\.flow\.(edn|clj)$/.test(flowPath)) return { error: `${basename(flowPath)} is not named x.flow.edn (or .flow.clj), so a scenario has no name to sit beside it; rename the flow file first` };
  if (!/^[A-Za-z0-9_-]+$/.test(name)) return { error: `invalid scenario name ${JSON.stringify(name)}: use letters, digits, '-' or '_'` };
  const stem = flowPath.replace(/\.flow\.(edn|clj)$/, '');
  return { path: name === 'default' ? `${stem}.sim.edn` : `${stem}.${name}.sim.edn` };
}
