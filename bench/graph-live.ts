// The graph's live states, measured: a run of the ~200-step generated flow half-way through
// (a journal record and events per step, branches taken, a pending wait) in a real store
// file; its state read back (engine/run/run-state.ts: run, journal, waits, events) beside a
// bare journal read in the same store, and the page applying that state to the drawn graph
// (message handled, styles and layout settled) beside the page's redraw of the same graph.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRunState } from '../engine/run/run-state';
import { openStore } from '../engine/store/index';
import type { FlowGraph } from '../engine/language/graph/types';
import type { TestPage } from '../test/webview/support';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!;
const ms = (x: number) => `${x.toFixed(3)} ms`;

/** A store holding one run half-way through `graph`'s steps; returns what the state read needs. */
function halfRun(graph: FlowGraph<unknown>, source: string) {
  const dir = mkdtempSync(join(tmpdir(), 'flow-edn-graph-live-'));
  const store = openStore(join(dir, 'runs.db'));
  const stepIds = graph.nodes.flatMap((n) => (n.kind === 'step' && n.stepId ? [n.stepId] : []));
  const labels = graph.nodes.flatMap((n) => (n.kind === 'branch' && n.label ? [n.label] : []));
  const runId = 'bench-run';
  store.createRun({ id: runId, flow: 'generated', flowPath: '/bench/graph.flow.edn', source, sourceHash: 'h', trigger: null, input: '{}', simulation: null, concurrencyKey: null, createdAt: 0, clock: null });
  const half = Math.floor(stepIds.length / 2);
  store.transaction(() => {
    stepIds.slice(0, half).forEach((stepId, i) => {
      const stepKey = `${stepId}#0`;
      const event = (type: string, extra: object) => store.appendEvent({ runId, at: i, type, data: JSON.stringify({ type, runId, stepKey, stepId, ...extra }) });
      event('step-started', { stepType: 'function', start: 0, end: 0, line: 1 });
      event('request', { purpose: 'step', method: 'GET', url: 'http://127.0.0.1/x', headers: {}, body: null, mocked: true, status: 200 });
      store.appendJournal({ runId, stepKey, stepId, stepType: 'function', status: 'completed', result: '{:ok true}', error: null, attempts: 1, startedAt: i, endedAt: i + 1 });
      event('step-completed', { mocked: true, durationMs: 1 });
    });
    labels.slice(0, Math.floor(labels.length / 2)).forEach((label, i) => store.appendEvent({ runId, at: i, type: 'branch', data: JSON.stringify({ type: 'branch', runId, label, taken: i % 2 === 0 ? 'yes' : 'no', branch: null, start: 0, end: 0, line: 1 }) }));
    store.createWait({ id: 'w1', runId, stepKey: `${stepIds[half]}#0`, stepId: stepIds[half]!, key: 'k', createdAt: 0, expiresAt: null, token: null });
  });
  return { store, runId, stepIds, close: () => (store.close(), rmSync(dir, { recursive: true, force: true })) };
}

/** Prints the run-state figures; `redrawMs` is the page's full redraw (layout + DOM) of the same graph, measured by the caller. */
export async function benchRunStates(page: TestPage, graph: FlowGraph<unknown>, source: string, redrawMs: number): Promise<void> {
  const { store, runId, stepIds, close } = halfRun(graph, source);
  try {
    const journalOnly: number[] = [];
    const stateRead: number[] = [];
    for (let i = 0; i < 300; i++) {
      let t0 = performance.now();
      store.journal(runId);
      journalOnly.push(performance.now() - t0);
      t0 = performance.now();
      readRunState(store, runId, { stepIds });
      stateRead.push(performance.now() - t0);
    }
    const state = readRunState(store, runId, { stepIds })!;
    const message = { type: 'runState', runId, steps: state.steps, branches: state.branches, paused: null, status: state.status, stale: false, pinned: false };
    // Two states alternated (the run moving on a step), applied synchronously in the page,
    // then a forced style + layout pass: what the page does before the next frame shows it.
    const next = { ...message, steps: { ...state.steps, [stepIds[0]!]: 'running' } };
    const pageTimes = (await page.page.evaluate(
      ([a, b]) => {
        const w = globalThis as unknown as { dispatchEvent(e: unknown): void; MessageEvent: new (t: string, i: object) => unknown; document: { body: { offsetHeight: number } } };
        const times: number[] = [];
        for (let i = 0; i < 60; i++) {
          const t0 = performance.now();
          w.dispatchEvent(new w.MessageEvent('message', { data: i % 2 === 0 ? a : b }));
          void w.document.body.offsetHeight;
          times.push(performance.now() - t0);
        }
        return times.slice(10);
      },
      [message, next] as const,
    )) as number[];
    const shown = await page.page.locator('[data-step-id][data-state]').count();
    console.log(`run state read, ${stepIds.length} steps (half done)  p50 ${ms(median(stateRead))}  p95 ${ms(p95(stateRead))}  (${(median(stateRead) / median(journalOnly)).toFixed(1)}x a bare journal read: p50 ${ms(median(journalOnly))})`);
    console.log(`run state -> redrawn (page)         p50 ${ms(median(pageTimes))}  p95 ${ms(p95(pageTimes))}  (${shown} nodes with a state; ${(median(pageTimes) / redrawMs).toFixed(3)}x the graph's own redraw, ${ms(redrawMs)})`);
  } finally {
    close();
  }
}
