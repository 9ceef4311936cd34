// The Runs view's model, free of `vscode` (tested and benchmarked in plain Node): runs of each
// store grouped by flow, newest first, paged by keyset (10,000 runs open as fast as 10); a
// run's children are its steps (attempts, result), the branches it took and its waits. Items
// are plain descriptions (label, icon id, context value); client/runs/runs-tree.ts renders them.

import type { JournalRecord, RunStatus, RunStore, RunSummary, WaitRecord } from '../../engine/store/port';
import { describeLine } from '../../engine/run/events';
import { dirname, join } from 'node:path';

export const PAGE_SIZE = 100;

/** Where a step or branch of a run is: offsets in the run's (expanded) text; `line` 1-based in
 *  `file`, the included file it is in (relative to the flow's folder), or in the flow file. */
export interface RunSource {
  start: number;
  end: number;
  line: number;
  file?: string;
}

/** The file a run's step or branch is in: the included file named by its source, else the flow file. */
export function sourceFileOf(flowPath: string, source: RunSource): string {
  return source.file !== undefined ? join(dirname(flowPath), source.file) : flowPath;
}

export type RunsNode =
  | { kind: 'flow'; store: string; flow: string; runs: number }
  | { kind: 'run'; store: string; run: RunSummary }
  | { kind: 'more'; store: string; flow: string; before: { createdAt: number; id: string }; left: number }
  | { kind: 'step'; store: string; runId: string; record: Omit<JournalRecord, 'result'> & { resultPreview: string | null; artifacts: string[] }; source: RunSource | null; flowPath: string | null }
  | { kind: 'branch'; store: string; runId: string; label: string; taken: 'yes' | 'no'; branch: string | null; source: RunSource; flowPath: string | null }
  | { kind: 'wait'; store: string; runId: string; wait: Omit<WaitRecord, 'token' | 'resolution'> }
  | { kind: 'empty'; store: string; message: string };

export interface RunsItem {
  id: string;
  label: string;
  description: string;
  tooltip: string;
  /** A codicon id (`pass`, `error`, ...) and its theme colour id. */
  icon: { id: string; color: string | null };
  contextValue: string;
  collapsible: boolean;
}

const statusIcons: Record<RunStatus, { id: string; color: string | null }> = {
  running: { id: 'sync~spin', color: 'charts.blue' },
  waiting: { id: 'clock', color: 'charts.yellow' },
  completed: { id: 'pass', color: 'testing.iconPassed' },
  failed: { id: 'error', color: 'testing.iconFailed' },
  cancelled: { id: 'circle-slash', color: 'disabledForeground' },
};

export function duration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3600_000) return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
  return `${Math.floor(ms / 3600_000)} h ${Math.round((ms % 3600_000) / 60_000)} min`;
}

function startLabel(at: number): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

const RES = /res:\/\/[^\s"\\,}\]]+/g;

/** The view's data for the stores it shows; `store` keys are the stores' file paths. */
export class RunsModel {
  constructor(private readonly stores: () => ReadonlyMap<string, RunStore>) {}

  private store(key: string): RunStore | undefined {
    return this.stores().get(key);
  }

  /** Flows of every store, newest activity first. */
  roots(): RunsNode[] {
    const out: RunsNode[] = [];
    for (const [key, store] of this.stores()) for (const f of store.runFlows()) out.push({ kind: 'flow', store: key, flow: f.flow, runs: f.runs });
    if (out.length === 0) return [{ kind: 'empty', store: '', message: 'No runs yet: run a flow (Flow EDN: Run Flow, or flow-edn run in a terminal).' }];
    return out;
  }

  children(node: RunsNode): RunsNode[] {
    const store = this.store(node.store);
    if (store === undefined) return [];
    switch (node.kind) {
      case 'flow':
        return this.page(node.store, store, node.flow, undefined, node.runs);
      case 'run':
        return this.runChildren(node.store, store, node.run.id);
      default:
        return [];
    }
  }

  /** A page of a flow's runs after `before`, with a "more" node when runs are left. */
  page(key: string, store: RunStore, flow: string, before: { createdAt: number; id: string } | undefined, total: number, shown = 0): RunsNode[] {
    const runs = store.runSummaries({ flow, limit: PAGE_SIZE, ...(before !== undefined ? { before } : {}) });
    const nodes: RunsNode[] = runs.map((run) => ({ kind: 'run', store: key, run }));
    const last = runs[runs.length - 1];
    const left = total - shown - runs.length;
    if (runs.length === PAGE_SIZE && last !== undefined && left > 0) nodes.push({ kind: 'more', store: key, flow, before: { createdAt: last.createdAt, id: last.id }, left });
    return nodes;
  }

  /** Steps (in commit order), then branches taken, then waits. */
  runChildren(key: string, store: RunStore, runId: string): RunsNode[] {
    const run = store.getRun(runId);
    if (run === undefined) return [];
    const sources = new Map<string, RunSource>();
    const branches: RunsNode[] = [];
    for (const e of store.events(runId)) {
      if (e.type !== 'step-started' && e.type !== 'branch') continue;
      const data = JSON.parse(e.data) as { stepKey?: string; start: number; end: number; line: number; file?: string; label?: string | null; taken?: 'yes' | 'no'; branch?: string | null };
      const source: RunSource = { start: data.start, end: data.end, line: data.line, ...(data.file !== undefined ? { file: data.file } : {}) };
      if (e.type === 'step-started' && data.stepKey !== undefined && !sources.has(data.stepKey)) sources.set(data.stepKey, source);
      if (e.type === 'branch') branches.push({ kind: 'branch', store: key, runId, label: data.label ?? '(unlabelled if)', taken: data.taken ?? 'yes', branch: data.branch ?? null, source, flowPath: run.flowPath });
    }
    const steps: RunsNode[] = store.journal(runId).map(({ result, ...record }) => ({
      kind: 'step',
      store: key,
      runId,
      record: { ...record, resultPreview: result === null ? null : result.length > 200 ? `${result.slice(0, 200)}...` : result, artifacts: result === null ? [] : [...new Set(result.match(RES) ?? [])] },
      source: sources.get(record.stepKey) ?? null,
      flowPath: run.flowPath,
    }));
    const waits: RunsNode[] = store.findWaits({ runId }).map(({ token: _t, resolution: _r, ...wait }) => ({ kind: 'wait', store: key, runId, wait }));
    return [...steps, ...branches, ...waits];
  }

  item(node: RunsNode): RunsItem {
    switch (node.kind) {
      case 'empty':
        return { id: 'empty', label: node.message, description: '', tooltip: node.message, icon: { id: 'info', color: null }, contextValue: 'empty', collapsible: false };
      case 'flow':
        return { id: `flow:${node.store}:${node.flow}`, label: `:${node.flow}`, description: `${node.runs} run${node.runs === 1 ? '' : 's'}`, tooltip: `Runs of :${node.flow} in ${node.store}`, icon: { id: 'symbol-event', color: null }, contextValue: 'flow', collapsible: true };
      case 'more':
        return { id: `more:${node.store}:${node.flow}:${node.before.createdAt}:${node.before.id}`, label: `Load ${Math.min(PAGE_SIZE, node.left)} more`, description: `${node.left} older`, tooltip: 'Show the next page of older runs', icon: { id: 'ellipsis', color: null }, contextValue: 'more', collapsible: false };
      case 'run': {
        const r = node.run;
        const took = r.endedAt !== null ? duration(r.endedAt - r.createdAt) : r.status === 'running' ? 'running' : r.status === 'waiting' ? 'waiting' : '';
        const trigger = r.trigger !== null ? `"${r.trigger}"` : 'no trigger';
        return {
          id: `run:${node.store}:${r.id}`,
          label: startLabel(r.createdAt),
          description: `${r.status} · ${trigger}${took ? ` · ${took}` : ''}`,
          tooltip: `Run ${r.id} of :${r.flow}\nstatus: ${r.status}\ntrigger: ${trigger}\nstarted: ${new Date(r.createdAt).toISOString()} (run clock)${r.endedAt !== null ? `\nduration: ${duration(r.endedAt - r.createdAt)}` : ''}${r.flowPath ? `\nflow: ${r.flowPath}` : ''}`,
          icon: statusIcons[r.status],
          contextValue: `run.${r.status}`,
          collapsible: true,
        };
      }
      case 'step': {
        const s = node.record;
        const attempts = s.attempts === 1 ? '1 attempt' : `${s.attempts} attempts`;
        return {
          id: `step:${node.store}:${node.runId}:${s.stepKey}`,
          label: `:${s.stepId}${s.stepKey.endsWith('#0') ? '' : ` ${s.stepKey.slice(s.stepKey.indexOf('#'))}`}`,
          description: `${s.stepType} · ${s.status}${s.edited ? ' (edited)' : ''} · ${attempts} · ${duration(s.endedAt - s.startedAt)}`,
          tooltip: `${s.stepKey} (${s.stepType}) ${s.status}, ${attempts}\n${s.status === 'failed' ? `error: ${s.error ?? ''}` : `result: ${s.resultPreview ?? 'nil'}`}`,
          icon: s.status === 'completed' ? { id: 'check', color: 'testing.iconPassed' } : { id: 'close', color: 'testing.iconFailed' },
          contextValue: s.artifacts.length > 0 ? 'step.artifacts' : 'step',
          collapsible: false,
        };
      }
      case 'branch':
        return {
          id: `branch:${node.store}:${node.runId}:${node.source.start}:${node.label}`,
          label: node.label,
          description: `took ${node.taken}${node.branch ? `: ${node.branch}` : ''}`,
          tooltip: `${node.label}: the ${node.taken === 'yes' ? 'then' : 'else'} arm${node.branch ? ` (${node.branch})` : ''}, ${describeLine(node.source)}`,
          icon: { id: 'git-compare', color: node.taken === 'yes' ? 'charts.green' : 'charts.orange' },
          contextValue: 'branch',
          collapsible: false,
        };
      case 'wait': {
        const w = node.wait;
        return {
          id: `wait:${node.store}:${w.id}`,
          label: `:${w.stepId} wait`,
          description: `${w.status} · key ${w.key}`,
          tooltip: `wait ${w.id} on key ${w.key}: ${w.status}${w.resolvedBy ? ` by ${w.resolvedBy}` : ''}${w.expiresAt !== null ? `\ntimeout at ${new Date(w.expiresAt).toISOString()} (run clock)` : ''}`,
          icon: w.status === 'pending' ? { id: 'bell', color: 'charts.yellow' } : { id: 'bell-slash', color: null },
          contextValue: `wait.${w.status}`,
          collapsible: false,
        };
      }
    }
  }
}
