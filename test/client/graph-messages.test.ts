// The graph view's messages are checked on arrival by both sides (client/webviews/graph/
// messages.ts): every well-formed message of each union passes, and what a hostile or broken
// page (or host) could send instead is refused: unknown types, missing or mistyped fields,
// bad node kinds or ranges, inherited `type`s.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isFromPage, isToPage, type FromPage, type ToPage } from '../../client/webviews/graph/messages';

const range = { start: { line: 1, character: 2 }, end: { line: 1, character: 9 } };
const graph = {
  nodes: [
    { id: 'n0', kind: 'entry', type: 'manual', title: 'Run', facts: [], range, selection: range },
    { id: 'n1', kind: 'step', stepId: 'fetch', type: 'http', title: 'fetch', facts: [{ name: 'connection', value: ':api' }], group: 'g0', range, selection: range },
    { id: 'n2', kind: 'branch', type: 'if', title: 'Big?', label: 'Big?', facts: [], range, selection: range },
  ],
  groups: [{ id: 'g0', kind: 'loop', title: 'for [x xs]', range }],
  edges: [{ id: 'e0', from: 'n0', to: 'n1', kind: 'entry' }, { id: 'e1', from: 'n2', to: 'n1', kind: 'yes', label: 'Go' }],
};

const toPage: ToPage[] = [
  { type: 'graph', fileName: 'a.flow.edn', version: 3, stale: false, problem: null, graph: graph as never, direction: 'right' },
  { type: 'graph', fileName: 'a.flow.edn', version: 4, stale: true, problem: { message: 'unclosed (', line: 7 }, graph: graph as never, direction: 'down' },
  { type: 'direction', direction: 'down' },
  { type: 'highlight', nodeIds: ['n1'] },
  { type: 'runState', runId: 'r1', steps: { fetch: 'done' }, branches: [{ label: 'Big?', taken: 'no' }], paused: 'fetch' },
  { type: 'runState', runId: null, steps: {}, branches: [], paused: null },
  { type: 'runState', runId: 'r2', steps: { fetch: 'running' }, branches: [], paused: null, status: 'running', stale: true, pinned: false },
  { type: 'graph', fileName: 'a.flow.edn', version: 5, stale: false, problem: null, graph: graph as never, direction: 'right', uri: 'file:///w/a.flow.edn' },
  { type: 'exportSvg', requestId: 1 },
];
const fromPage: FromPage[] = [
  { type: 'ready' },
  { type: 'reveal', nodeId: 'n1' },
  { type: 'svg', requestId: 1, svg: '<svg/>' },
  { type: 'drawn', version: 3, nodes: 3, layoutMs: 12.5, renderMs: 1 },
  { type: 'error', message: 'x' },
];

test('every well-formed message passes', () => {
  for (const m of toPage) assert.ok(isToPage(m), JSON.stringify(m));
  for (const m of fromPage) assert.ok(isFromPage(m), JSON.stringify(m));
});

test('the two unions are not mistaken for each other', () => {
  for (const m of toPage) assert.ok(!isFromPage(m), m.type);
  for (const m of fromPage) assert.ok(!isToPage(m), m.type);
});

test('malformed messages are refused', () => {
  const bad: unknown[] = [
    null,
    'graph',
    [],
    {},
    { type: 'nope' },
    { type: 'toString' },
    { type: '__proto__' },
    Object.create({ type: 'ready' }),
    { type: 'reveal' },
    { type: 'reveal', nodeId: 3 },
    { type: 'svg', requestId: '1', svg: '' },
    { type: 'drawn', version: 1, nodes: 1, layoutMs: Number.NaN, renderMs: 0 },
  ];
  for (const m of bad) assert.ok(!isFromPage(m), JSON.stringify(m));
  const badToPage: unknown[] = [
    { type: 'highlight', nodeIds: 'n1' },
    { type: 'direction', direction: 'left' },
    { type: 'runState', runId: 'r', steps: { a: 'exploded' }, branches: [], paused: null },
    { type: 'runState', runId: 'r', steps: {}, branches: [{ label: 'x', taken: 'maybe' }], paused: null },
    { ...toPage[0], graph: { ...graph, nodes: [{ ...graph.nodes[0], kind: 'script' }] } },
    { ...toPage[0], graph: { ...graph, nodes: [{ ...graph.nodes[1], title: { toString: 1 } }] } },
    { ...toPage[0], graph: { ...graph, nodes: [{ ...graph.nodes[1], range: { start: { line: 'a', character: 0 }, end: range.end } }] } },
    { ...toPage[0], graph: { ...graph, edges: [{ id: 'e', from: 'n0', to: 'n1', kind: 'jump' }] } },
    { ...toPage[0], graph: { ...graph, groups: [{ id: 'g', kind: 'loop', title: 't' }] } },
    { ...toPage[0], stale: 'no' },
    { ...toPage[0], uri: 7 },
    { type: 'runState', runId: 'r', steps: {}, branches: [], paused: null, stale: 'yes' },
    { type: 'runState', runId: 'r', steps: {}, branches: [], paused: null, status: 1 },
    { type: 'runState', runId: 'r', steps: {}, branches: [], paused: null, pinned: 'true' },
    { ...toPage[0], graph: undefined },
  ];
  for (const m of badToPage) assert.ok(!isToPage(m), JSON.stringify(m).slice(0, 120));
});
