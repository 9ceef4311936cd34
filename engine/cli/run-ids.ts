// Run ids as people type them: the full id, a unique prefix of it (`r-mxbd`), or `last` (the
// newest run of the store, or of one flow with `last:SLUG` or a command's `--flow`).

import type { RunRecord, RunStore } from '../store/port';
import { InputError, UsageError } from './io';

/** A run id that names no run (or several): one line, exit 2, like any `InputError`. */
export class UnknownRunId extends InputError {}

/** The full id `text` means, or throws UnknownRunId (unknown, or an ambiguous prefix). */
export function resolveRunId(store: RunStore, text: string, flow?: string): string {
  const last = /^last(?::(.+))?$/.exec(text);
  if (last) {
    const slug = (last[1] ?? flow)?.replace(/^:/, '');
    const newest = newestOf(store.listRuns(slug ? { flow: slug } : {}));
    if (newest === undefined) throw new UnknownRunId(`no runs${slug ? ` of flow :${slug}` : ''} in ${store.path}`);
    return newest.id;
  }
  if (text.trim() === '') throw new UsageError('the run id is empty');
  if (store.getRun(text) !== undefined) return text;
  const matches = store.listRuns(flow ? { flow: flow.replace(/^:/, '') } : {}).filter((r) => r.id.startsWith(text));
  if (matches.length === 1) return matches[0]!.id;
  if (matches.length === 0) throw new UnknownRunId(`no run with id ${text} in ${store.path} (\`flow-edn runs\` lists them; \`last\` means the newest)`);
  const shown = matches.slice(0, 5).map((r) => `${r.id} (:${r.flow}, ${r.status})`).join(', ');
  throw new UnknownRunId(`run id prefix ${text} is ambiguous: ${matches.length} runs match (${shown}${matches.length > 5 ? ', ...' : ''}); type more of it`);
}

/**
 * The run started last in real time. `createdAt` is on the run's clock (a simulation's
 * virtual time), so ids made by `newRunId` (`r-<wall-clock ms, base 36>-<random>`) order
 * first; runs with other ids fall back to `createdAt`.
 */
function newestOf(runs: RunRecord[]): RunRecord | undefined {
  const started = (r: RunRecord): number => {
    const m = /^r-([0-9a-z]+)-[0-9a-f]+$/.exec(r.id);
    return m ? parseInt(m[1]!, 36) : r.createdAt;
  };
  let best: RunRecord | undefined;
  for (const r of runs) if (best === undefined || started(r) > started(best)) best = r;
  return best;
}
