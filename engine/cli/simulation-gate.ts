// `run` and `test` check a simulation file exactly as `check` does and refuse it with the same
// findings, printed the same way, so a bad mock or expectation never runs (or passes) quietly.

import type { Finding } from '../edn/findings';
import { checkText } from '../language/check/index';
import { checkSimulationText } from '../language/check/simulation';
import { formatFindingsText } from './format-findings';

/** The simulation's errors (as `check` reports them), formatted; null when it has none. */
export function simulationRefusal(simText: string, simPath: string, flowText: string, colour: boolean): string | null {
  const errors: Finding[] = checkSimulationText(simText, checkText(flowText)).filter((f) => f.severity === 'error');
  if (errors.length === 0) return null;
  return `${formatFindingsText(simPath, simText, errors, colour)}\n${errors.length} error${errors.length === 1 ? '' : 's'} in the simulation file ${simPath}; fix ${errors.length === 1 ? 'it' : 'them'} first (flow-edn check shows the same).`;
}
