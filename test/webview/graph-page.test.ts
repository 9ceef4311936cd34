// The graph page in headless Chromium under its real content security policy, with a
// stubbed `acquireVsCodeApi`: one element per step (`data-step-id`) and per labelled branch
// (`data-branch-label`), no two nodes overlapping; values from the flow shown as text
// (`<img onerror>` in a title stays text); click, Enter and arrow keys; the stale banner; run
// states; state kept across a reload; malformed messages refused; the SVG export.

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { LineIndex } from '../../engine/edn/positions';
import { readEdn } from '../../engine/edn/reader';
import { DocumentAnalysis } from '../../engine/language/analysis/index';
import { flowGraph, mapRanges } from '../../engine/language/graph/index';
import { graphPageHtml } from '../../client/webviews/graph/html';
import type { ToPage } from '../../client/webviews/graph/messages';
import { cannotRunPages, ROOT, startPageHost, type PageHost, type TestPage } from './support';

function graphMessage(text: string, extra: Partial<Extract<ToPage, { type: 'graph' }>> = {}): Extract<ToPage, { type: 'graph' }> {
  const lines = new LineIndex(text);
  const graph = mapRanges(flowGraph(new DocumentAnalysis(readEdn(text))), (r) => lines.range(r.start, r.end));
  return { type: 'graph', fileName: 'x.flow.edn', version: 1, stale: false, problem: null, graph, direction: 'right', ...extra };
}

const founding = readFileSync(join(ROOT, 'examples/advanced-order-orchestration-fixed.flow.edn'), 'utf8');
const html = (origin: string) => graphPageHtml({ cspSource: origin, script: `${origin}/webview/graph.js`, style: `${origin}/webview/graph.css`, codicons: `${origin}/webview/codicon.css` });

interface Rect {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
}
const rectsOf = (p: TestPage, selector: string) =>
  p.page.evaluate(`[...document.querySelectorAll(${JSON.stringify(selector)})].map((e) => { const r = e.getBoundingClientRect(); return { id: e.dataset.nodeId || e.dataset.edgeId || '', x: r.x, y: r.y, w: r.width, h: r.height }; })`) as Promise<Rect[]>;
const overlaps = (a: Rect, b: Rect) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

const reason = cannotRunPages();
describe('graph page (headless Chromium)', { skip: reason }, () => {
  let host: PageHost;
  before(async () => {
    host = await startPageHost();
  });
  after(async () => {
    await host?.close();
  });

  async function drawn(message: Extract<ToPage, { type: 'graph' }>, state?: unknown): Promise<TestPage> {
    const p = await host.open(html, state);
    await p.waitPosted('ready');
    await p.send(message);
    await p.page.waitForSelector(`body[data-drawn-version="${message.version}"]`, { timeout: 20_000 });
    return p;
  }

  test('the founding flow: one element per step and labelled branch, labelled edges, nothing overlapping, no CSP violation', async () => {
    const p = await drawn(graphMessage(founding));
    assert.equal(await p.page.locator('[data-step-id]').count(), founding.split('(flow/step ').length - 1);
    assert.deepEqual(await p.page.locator('[data-branch-label]').evaluateAll((es) => es.map((e) => (e as unknown as { dataset: { branchLabel: string } }).dataset.branchLabel)), ['Manager approval required?', 'Fulfillment decision']);
    for (const label of ['Wait for manager action', 'Auto-approve', 'Create fulfillment', 'Skip fulfillment']) assert.equal(await p.page.locator('.edge-label', { hasText: label }).count(), 1, label);
    assert.equal(await p.page.locator('path.edge').count(), graphMessage(founding).graph.edges.length);
    const nodes = await rectsOf(p, '.node');
    for (const [i, a] of nodes.entries()) for (const b of nodes.slice(i + 1)) assert.ok(!overlaps(a, b), `nodes ${a.id} and ${b.id} overlap`);
    const labels = await rectsOf(p, '.edge-label');
    for (const l of labels) for (const n of nodes) assert.ok(!overlaps(l, n), `edge label ${l.id} covers node ${n.id}`);
    const drawnMessage = (await p.posted()).find((m) => m.type === 'drawn')!;
    assert.equal(drawnMessage.nodes, graphMessage(founding).graph.nodes.length);
    assert.deepEqual(p.problems, []);
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    await p.page.click('#fit');
    await p.page.screenshot({ path: join(ROOT, 'test-results/graph-page.png') });
    await p.page.close();
  });

  test('fitted, a tall drawing (top down) is inside the view and in its middle', async () => {
    const p = await drawn(graphMessage(founding, { direction: 'down' }));
    await p.page.click('#fit');
    const [canvas, viewport] = [(await rectsOf(p, '#canvas'))[0]!, (await rectsOf(p, '#viewport'))[0]!];
    assert.ok(canvas.w <= viewport.w + 1 && canvas.h <= viewport.h + 1, `inside the view: ${JSON.stringify({ canvas, viewport })}`);
    assert.ok(canvas.w < viewport.w - 100, `the test needs a drawing narrower than the view: ${JSON.stringify({ canvas, viewport })}`);
    assert.ok(Math.abs(canvas.x + canvas.w / 2 - (viewport.x + viewport.w / 2)) <= 2, `in the middle: ${JSON.stringify({ canvas, viewport })}`);
    await p.page.close();
  });

  test('values from the flow are text: an <img onerror> title, fact and label do not become markup', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    const text = founding.replace(':fetch-order\n', `:fetch-order\n                {:title ${JSON.stringify(evil)}\n                 :template ${JSON.stringify(evil)}\n                 `).replace('{:connection :orders-api\n                 :method :get', ':connection :orders-api\n                 :method :get').replace('"Auto-approve"', JSON.stringify(evil));
    const message = graphMessage(text);
    assert.ok(message.graph.nodes.some((n) => n.title === evil), 'the test flow carries the title');
    const p = await drawn(message);
    assert.equal(await p.page.locator('img').count(), 0, 'no <img> element was created');
    assert.equal(await p.page.locator('.node-title', { hasText: evil }).count(), 1);
    assert.equal(await p.page.locator('.edge-label', { hasText: evil }).count(), 1);
    const svg = (await (async () => (await p.send({ type: 'exportSvg', requestId: 7 }), p.waitPosted('svg')))()).svg as string;
    assert.ok(!svg.includes('<img'), 'the SVG escapes it too');
    assert.ok(svg.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.deepEqual(p.problems, []);
    await p.page.close();
  });

  test('click and Enter ask to reveal the node; arrow keys move between nodes', async () => {
    const message = graphMessage(founding);
    const p = await drawn(message);
    const fetchRisk = message.graph.nodes.find((n) => n.stepId === 'fetch-risk')!;
    await p.page.click('[data-step-id="fetch-risk"]');
    assert.deepEqual((await p.posted()).filter((m) => m.type === 'reveal'), [{ type: 'reveal', nodeId: fetchRisk.id }]);
    assert.equal(await p.page.evaluate('document.activeElement.dataset.stepId'), 'fetch-risk');
    await p.page.keyboard.press('ArrowRight');
    assert.equal(await p.page.evaluate('document.activeElement.dataset.stepId'), 'risk-summary', 'ArrowRight goes to the next step in a left-to-right layout');
    await p.page.keyboard.press('ArrowLeft');
    assert.equal(await p.page.evaluate('document.activeElement.dataset.stepId'), 'fetch-risk');
    await p.page.keyboard.press('Enter');
    assert.equal((await p.posted()).filter((m) => m.type === 'reveal').length, 2);
    assert.equal(await p.page.locator('.node[tabindex="0"]').count(), 1, 'one node in the tab order (roving tabindex)');
    await p.page.close();
  });

  test('a stale graph is greyed under a banner naming the line', async () => {
    const p = await drawn(graphMessage(founding, { stale: true, problem: { message: 'unclosed (', line: 12 } }));
    assert.equal(await p.page.locator('#banner').isVisible(), true);
    assert.match((await p.page.locator('#banner').textContent()) ?? '', /line 12: unclosed \(/);
    assert.equal(await p.page.evaluate("document.body.classList.contains('stale')"), true);
    await p.send(graphMessage(founding, { version: 2 }));
    await p.page.waitForSelector('body[data-drawn-version="2"]');
    assert.equal(await p.page.locator('#banner').isVisible(), false);
    await p.page.close();
  });

  test('run states: each step shows its state, the branch taken is bold and the other greyed, the paused step marked', async () => {
    const message = graphMessage(founding);
    const p = await drawn(message);
    await p.send({ type: 'runState', runId: 'r1', steps: { 'fetch-order': 'done', 'fetch-risk': 'failed', 'manager-approval': 'waiting' }, branches: [{ label: 'Manager approval required?', taken: 'yes' }], paused: 'manager-approval' });
    await p.page.waitForSelector('[data-step-id="fetch-order"].state-done');
    assert.equal(await p.page.locator('[data-step-id="fetch-risk"].state-failed').count(), 1);
    assert.equal(await p.page.locator('[data-step-id="manager-approval"].state-waiting.paused').count(), 1);
    assert.equal(await p.page.locator('[data-step-id="fetch-order"] .node-state').textContent(), 'done');
    const branch = message.graph.nodes.find((n) => n.label === 'Manager approval required?')!.id;
    assert.equal(await p.page.locator(`path.edge-yes.taken[data-from="${branch}"]`).count(), 1);
    assert.equal(await p.page.locator(`path.edge-no.untaken[data-from="${branch}"]`).count(), 1);
    await p.send({ type: 'runState', runId: null, steps: {}, branches: [], paused: null });
    await p.page.waitForFunction("document.querySelectorAll('.state-done, .taken, .paused').length === 0");
    await p.page.close();
  });

  test('a node keeps its laid-out size in every run state: its content never wraps past its box', async () => {
    const message = graphMessage(founding);
    const p = await drawn(message);
    const stepIds = message.graph.nodes.filter((n) => n.kind === 'step').map((n) => n.stepId!);
    for (const s of ['running', 'failed', 'waiting', 'done', 'skipped', 'pending'] as const) {
      await p.send({ type: 'runState', runId: `r-${s}`, steps: Object.fromEntries(stepIds.map((id) => [id, s])), branches: [], paused: stepIds[0]!, status: 'running' });
      await p.page.waitForSelector(`body[data-run-id="r-${s}"]`);
      const overflowing = (await p.page.evaluate(`[...document.querySelectorAll('[data-step-id]')].filter((e) => e.scrollHeight > e.clientHeight || e.scrollWidth > e.clientWidth).map((e) => e.dataset.stepId + ' ' + e.scrollWidth + 'x' + e.scrollHeight + ' in ' + e.clientWidth + 'x' + e.clientHeight)`)) as string[];
      assert.deepEqual(overflowing, [], `nodes whose content overflows their box when ${s}`);
    }
    await p.page.close();
  });

  test('run states as attributes (data-state, data-taken, data-paused), the run line, a stale run greyed; the document and picked run saved for a reload', async () => {
    const message = graphMessage(founding, { uri: 'file:///w/examples/founding.flow.edn' });
    const p = await drawn(message);
    const steps = Object.fromEntries(message.graph.nodes.filter((n) => n.kind === 'step').map((n) => [n.stepId!, 'pending' as const]));
    await p.send({ type: 'runState', runId: 'r-live', steps: { ...steps, 'fetch-order': 'done', 'fetch-risk': 'running' }, branches: [], paused: null, status: 'running', stale: false, pinned: false });
    await p.page.waitForSelector('[data-step-id="fetch-risk"][data-state="running"]');
    assert.equal(await p.page.locator('[data-step-id][data-state="pending"]').count(), Object.keys(steps).length - 2);
    assert.equal(await p.page.locator('body[data-run-status="running"][data-run-id="r-live"]').count(), 1);
    assert.equal(await p.page.locator('#run').textContent(), 'run r-live · running');
    await p.send({ type: 'runState', runId: 'r-live', steps: { ...steps, 'fetch-order': 'done', 'fetch-risk': 'done', 'risk-summary': 'done', 'manager-approval': 'waiting' }, branches: [{ label: 'Manager approval required?', taken: 'yes' }], paused: 'manager-approval', status: 'running', stale: true, pinned: true });
    await p.page.waitForSelector('[data-step-id="manager-approval"][data-state="waiting"][data-paused="true"]');
    assert.equal(await p.page.locator('[data-branch-label="Manager approval required?"][data-taken="yes"]').count(), 1);
    assert.equal(await p.page.locator('[data-branch-label="Fulfillment decision"][data-taken]').count(), 0, 'a branch not reached took no arm');
    assert.equal(await p.page.locator('.edge-label.taken:text-is("Wait for manager action")').count(), 1);
    assert.equal(await p.page.locator('.edge-label.untaken').count(), 1);
    assert.equal(await p.page.locator('body.run-stale').count(), 1);
    assert.match((await p.page.locator('#run').textContent()) ?? '', /paused at :manager-approval · the file changed since this run started/);
    const saved = (await p.state()) as { uri?: string; runId?: string; pinned?: boolean };
    assert.deepEqual([saved.uri, saved.runId, saved.pinned], ['file:///w/examples/founding.flow.edn', 'r-live', true]);
    await p.send({ type: 'runState', runId: null, steps: {}, branches: [], paused: null });
    await p.page.waitForFunction("document.querySelectorAll('[data-state], [data-taken], [data-paused], body.run-stale, body[data-run-id]').length === 0");
    assert.equal(await p.page.locator('#run').textContent(), '');
    await p.page.close();
  });

  test('the view state survives a reload: the chosen direction and the focused node', async () => {
    const message = graphMessage(founding);
    const p = await drawn(message);
    await p.page.click('#direction');
    await p.page.click('[data-step-id="risk-summary"]');
    const saved = (await p.state()) as { direction?: string; focused?: string };
    assert.equal(saved.direction, 'down');
    assert.equal(saved.focused, 'step:risk-summary');
    await p.page.close();
    const again = await drawn(message, saved);
    const [a, b] = await Promise.all(['fetch-order', 'fetch-risk'].map(async (id) => (await rectsOf(again, `[data-step-id="${id}"]`))[0]!));
    assert.ok(b!.y > a!.y + a!.h - 1, 'laid out top down after the reload');
    assert.equal(await again.page.locator('[data-step-id="risk-summary"]').getAttribute('tabindex'), '0');
    await again.page.close();
  });

  test('a malformed message is refused and reported; the drawing stays', async () => {
    const p = await drawn(graphMessage(founding));
    await p.send({ type: 'graph', graph: { nodes: [{ id: 'x', kind: 'step', title: 1 }] } });
    await p.send({ type: 'highlight', nodeIds: 'n1' });
    const errors = (await p.posted()).filter((m) => m.type === 'error');
    assert.equal(errors.length, 2);
    assert.equal(await p.page.locator('[data-step-id]').count(), 8);
    await p.page.close();
  });

  test('an edit that only moves source ranges is not laid out again; one that changes the picture is', async () => {
    const p = await drawn(graphMessage(founding));
    await p.page.evaluate("document.querySelector('[data-step-id=\"fetch-risk\"]').dataset.mark = 'kept'");
    await p.send(graphMessage('\n\n' + founding, { version: 2 }));
    await p.page.waitForSelector('body[data-drawn-version="2"]');
    const second = (await p.posted()).filter((m) => m.type === 'drawn').at(-1)!;
    assert.equal(second.layoutMs, 0, 'not laid out again');
    assert.equal(await p.page.locator('[data-mark="kept"]').count(), 1, 'the same elements stay');
    await p.send(graphMessage(founding.replace(':http :fetch-risk\n', ':http :fetch-risk-score\n'), { version: 3 }));
    await p.page.waitForSelector('body[data-drawn-version="3"]');
    assert.equal(await p.page.locator('[data-step-id="fetch-risk-score"]').count(), 1);
    assert.equal(await p.page.locator('[data-mark="kept"]').count(), 0, 'redrawn');
    await p.page.close();
  });

  test('a loop is a box around its steps, with the edges between them drawn over it', async () => {
    const text = founding.replace(
      '        _audit (flow/step :kv :write-audit',
      '        _lines (vec (for [item (:items order)] (let [x (flow/step :http :fetch-item {:url "https://x"})] (flow/step :kv :save-item {:operation :set :key "k" :value x}))))\n        _audit (flow/step :kv :write-audit',
    );
    const message = graphMessage(text);
    assert.equal(message.graph.groups.length, 1);
    const p = await drawn(message);
    const [group] = await rectsOf(p, '.group');
    const inside = await rectsOf(p, '[data-step-id="fetch-item"], [data-step-id="save-item"]');
    assert.equal(inside.length, 2);
    for (const r of inside) assert.ok(r.x >= group!.x && r.y >= group!.y && r.x + r.w <= group!.x + group!.w && r.y + r.h <= group!.y + group!.h, `${r.id} inside the loop box`);
    const [a, b] = inside.map((r) => r.id);
    const inner = await rectsOf(p, `path.edge[data-from="${a}"][data-to="${b}"]`);
    assert.equal(inner.length, 1, 'the edge between the looped steps is drawn');
    assert.ok(inner[0]!.x >= group!.x && inner[0]!.x + inner[0]!.w <= group!.x + group!.w, 'inside the box');
    const z = (selector: string) => p.page.evaluate(`Number(getComputedStyle(document.querySelector(${JSON.stringify(selector)})).zIndex)`) as Promise<number>;
    assert.ok((await z('#edges')) > (await z('.group')), 'edges paint over loop boxes');
    assert.ok((await z('.node')) > (await z('#edges')), 'nodes paint over edges');
    await p.page.close();
  });

  test('highlight marks the nodes the editor selects', async () => {
    const message = graphMessage(founding);
    const p = await drawn(message);
    const id = message.graph.nodes.find((n) => n.stepId === 'write-audit')!.id;
    await p.send({ type: 'highlight', nodeIds: [id] });
    await p.page.waitForSelector('[data-step-id="write-audit"].highlighted');
    assert.equal(await p.page.locator('.node.highlighted').count(), 1);
    await p.page.close();
  });
});
if (reason) console.log(`# graph page tests skipped: ${reason}`);
