// Live run states on the flow graph (design §8.3): follows every run of a drawn flow in the
// workspace store, whichever process runs it (the change feed), and the steps this host's
// runs start (the run service's events, before their records commit), and posts each graph
// the state of its run (engine/run/run-state.ts): the flow's newest run, or the one picked in
// the Runs view. A run matches a graph by its flow path, or by slug when its source is the
// file's text; when the file's text (expanded with its `#flow/include`s, run-source.ts) is no
// longer the run's source the states are marked stale.

import * as vscode from 'vscode';
import { resolve } from 'node:path';
import { readEdn } from '../../engine/edn/reader';
import { mapGet } from '../../engine/edn/navigate';
import { unwrapMeta } from '../../engine/edn/nodes';
import { readRunState, type FeedChange, type RunService } from '../../engine/service/index';
import type { RunRecord } from '../../engine/store/port';
import type { GraphDocument, LiveRuns } from '../webviews/graph/host';
import type { RunStateMessage } from '../webviews/graph/messages';
import type { WorkspaceRuns } from './workspace-runs';
import { matchRunSource } from './run-source';

/** What the live side needs of the graph views (GraphPanels). */
export interface GraphSink {
  documents(): GraphDocument[];
  postLiveState(uri: vscode.Uri, state: RunStateMessage): void;
}

/** How many of a flow's newest runs are looked at to find the newest matching one. */
const NEWEST_LOOKED_AT = 20;

/** The `:slug` of a flow file's text, or null. */
export function slugOf(text: string): string | null {
  const map = readEdn(text).forms.map((f) => unwrapMeta(f)).find((f) => f?.kind === 'map');
  const slug = unwrapMeta(mapGet(map, 'slug') ?? null);
  return slug?.kind === 'keyword' ? slug.name : slug?.kind === 'string' ? slug.value : null;
}

export class GraphLive implements LiveRuns, vscode.Disposable {
  /** Step keys this host's runs started whose records are not committed yet, by run. */
  private readonly started = new Map<string, Set<string>>();
  /** The run each graph follows (the flow's newest), by document uri. */
  private readonly followed = new Map<string, string>();
  private readonly listening = new WeakSet<RunService>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly due = new Set<string>();
  private scheduled = false;
  private slugCache: { text: string; slug: string | null } | undefined;

  constructor(
    private readonly runs: WorkspaceRuns,
    private readonly sink: GraphSink,
    private readonly log: (message: string) => void = () => undefined,
  ) {
    this.subscriptions.push(runs.onChanges((batch) => this.changes(batch.service, batch.changes)));
    for (const { service } of runs.services()) this.listen(service);
  }

  /** Recomputes what the graph of `uri` shows (opened, edited, a run picked). */
  refresh(uri: vscode.Uri): void {
    this.listen(this.runs.service(uri));
    this.due.add(uri.toString());
    this.schedule();
  }

  private listen(service: RunService): void {
    if (this.listening.has(service)) return;
    this.listening.add(service);
    const sub = service.onEvent((event) => {
      if (event.type === 'step-started') {
        let keys = this.started.get(event.runId);
        if (keys === undefined) this.started.set(event.runId, (keys = new Set()));
        keys.add(event.stepKey);
        this.touched(service, [event.runId]);
      } else if (event.type === 'run-finished') this.started.delete(event.runId);
    });
    this.subscriptions.push(new vscode.Disposable(() => sub.dispose()));
  }

  private changes(service: RunService, changes: readonly FeedChange[]): void {
    this.listen(service);
    for (const c of changes) if (c.kind === 'step') this.started.get(c.runId)?.delete(c.stepKey);
    this.touched(service, [...new Set(changes.map((c) => c.runId))]);
  }

  /** Runs that changed: the graphs showing them, or following their flow, are due. */
  private touched(service: RunService, runIds: string[]): void {
    const documents = this.sink.documents();
    if (documents.length === 0) return;
    for (const runId of runIds) {
      const run = service.store.getRun(runId);
      for (const d of documents) {
        const key = d.uri.toString();
        if (d.shownRun === runId || d.pinnedRun === runId) this.due.add(key);
        else if (d.pinnedRun === null && run !== undefined && this.runs.service(d.uri) === service && this.matches(run, d) && this.newer(service, run, this.followed.get(key))) {
          this.followed.set(key, runId);
          this.due.add(key);
        }
      }
    }
    this.schedule();
  }

  private newer(service: RunService, run: RunRecord, than: string | undefined): boolean {
    if (than === undefined || than === run.id) return true;
    const other = service.store.getRun(than);
    return other === undefined || run.createdAt >= other.createdAt;
  }

  private matches(run: RunRecord, d: GraphDocument): boolean {
    if (run.flowPath !== null && resolve(run.flowPath) === d.uri.fsPath) return true;
    const text = d.text();
    return run.flow === this.slug(text) && (run.flowPath === null || matchRunSource(run.source, text, d.uri.fsPath) !== undefined);
  }

  private slug(text: string): string | null {
    if (this.slugCache?.text !== text) this.slugCache = { text, slug: slugOf(text) };
    return this.slugCache.slug;
  }

  private schedule(): void {
    if (this.scheduled || this.due.size === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const due = [...this.due];
      this.due.clear();
      const documents = new Map(this.sink.documents().map((d) => [d.uri.toString(), d]));
      for (const key of due) {
        const d = documents.get(key);
        if (d === undefined) continue;
        try {
          this.post(d);
        } catch (error) {
          this.log(`graph: the run state of ${d.uri.fsPath} could not be read: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    });
  }

  /** The run a graph shows: the picked one, else the one followed, else the flow's newest in the store. */
  private runOf(service: RunService, d: GraphDocument): string | undefined {
    if (d.pinnedRun !== null) return d.pinnedRun;
    const key = d.uri.toString();
    const followed = this.followed.get(key);
    if (followed !== undefined && service.store.getRun(followed) !== undefined) return followed;
    const slug = this.slug(d.text());
    const newest = service.store.listRuns({ ...(slug !== null ? { flow: slug } : {}), limit: NEWEST_LOOKED_AT }).find((r) => this.matches(r, d));
    if (newest !== undefined) this.followed.set(key, newest.id);
    else this.followed.delete(key);
    return newest?.id;
  }

  private post(d: GraphDocument): void {
    const service = this.runs.service(d.uri);
    const runId = this.runOf(service, d);
    const state = runId !== undefined ? readRunState(service.store, runId, { started: this.started.get(runId) ?? [], stepIds: d.stepIds }) : undefined;
    if (state === undefined) {
      if (d.shownRun !== null) this.sink.postLiveState(d.uri, { type: 'runState', runId: null, steps: {}, branches: [], paused: null });
      return;
    }
    this.sink.postLiveState(d.uri, {
      type: 'runState',
      runId: state.runId,
      steps: state.steps,
      branches: state.branches,
      paused: null,
      status: state.status,
      stale: matchRunSource(state.source, d.text(), d.uri.fsPath) === undefined,
      pinned: d.pinnedRun !== null,
    });
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.subscriptions.length = 0;
  }
}
