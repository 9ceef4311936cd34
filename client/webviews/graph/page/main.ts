// The graph view's page script: draws each graph the host sends (elkjs layout, see
// layout.ts), shows run states, highlights what the editor selects, reveals a node's source
// on click or Enter, navigates with the keyboard, and keeps its view state across reloads.

import '@vscode-elements/elements/dist/vscode-toolbar-button/index.js';
import type { FlowGraph } from '../../../../engine/language/graph/types';
import { isToPage, type FromPage, type GraphDirection, type ToPage, type WireRange } from '../messages';
import { draw, edgeDefs } from './draw';
import { nearest, readingOrder, type Arrow } from './keyboard';
import { layoutGraph, type Layout } from './layout';
import { exportSvg } from './svg-export';
import { buildView, type GraphView } from './view';

interface VsCodeApi {
  postMessage(message: FromPage): void;
  getState(): unknown;
  setState(state: PageState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** What survives a reload of the page (getState/setState). */
interface PageState {
  /** A direction chosen with the toolbar, overriding the setting for this view. */
  direction?: GraphDirection;
  fit?: boolean;
  /** The focused node by a key that survives edits (`step:<id>` or `title:<title>`). */
  focused?: string;
  scroll?: { left: number; top: number };
  /** The flow document the view draws, for the host to restore the panel after a reload. */
  uri?: string;
  /** The run the host last showed (a run picked in the Runs view stays picked after a reload). */
  runId?: string | null;
  /** Whether that run was picked (true) or followed as the flow's newest (false). */
  pinned?: boolean;
}

const vscode = acquireVsCodeApi();
const saved = vscode.getState();
const state: PageState = typeof saved === 'object' && saved !== null ? (saved as PageState) : {};
const save = () => vscode.setState(state);

const viewport = document.getElementById('viewport')!;
const canvas = document.getElementById('canvas')!;
const edgesSvg = document.getElementById('edges') as unknown as SVGSVGElement;
const banner = document.getElementById('banner')!;
const title = document.getElementById('title')!;
const runLine = document.getElementById('run')!;
const directionButton = document.getElementById('direction')!;
const fitButton = document.getElementById('fit')!;
edgeDefs(edgesSvg);

type GraphMessage = Extract<ToPage, { type: 'graph' }>;
type RunState = Extract<ToPage, { type: 'runState' }>;
let current: GraphMessage | null = null;
let settingDirection: GraphDirection = 'right';
let view: GraphView | null = null;
let layout: Layout | null = null;
let highlighted: string[] = [];
let runState: RunState | null = null;
let generation = 0;
/** What the drawn picture shows (everything but source ranges, which only the host uses). */
let drawnPicture = '';

function pictureOf(message: GraphMessage): string {
  const { nodes, groups, edges } = message.graph;
  return JSON.stringify([direction(), nodes.map(({ range: _r, selection: _s, ...rest }) => rest), groups.map(({ range: _r, ...rest }) => rest), edges]);
}

const direction = (): GraphDirection => state.direction ?? settingDirection;
const keyOf = (graph: FlowGraph<WireRange>, id: string): string | undefined => {
  const n = graph.nodes.find((x) => x.id === id);
  return n === undefined ? undefined : n.kind === 'step' && n.stepId ? `step:${n.stepId}` : `title:${n.kind}:${n.title}`;
};

async function redraw(): Promise<void> {
  if (current === null) return;
  const mine = ++generation;
  const message = current;
  const t0 = performance.now();
  title.textContent = message.fileName;
  banner.hidden = !message.stale;
  banner.textContent = message.stale ? `${message.fileName} does not read${message.problem ? ` (line ${message.problem.line}: ${message.problem.message})` : ''}. Showing the last graph that did; it updates when the file reads again.` : '';
  document.body.classList.toggle('stale', message.stale);
  // Most edits leave the picture as it was (only source ranges move): nothing to lay out.
  const picture = pictureOf(message);
  if (picture === drawnPicture && view !== null) {
    document.body.dataset.drawnVersion = String(message.version);
    vscode.postMessage({ type: 'drawn', version: message.version, nodes: message.graph.nodes.length, layoutMs: 0, renderMs: performance.now() - t0 });
    return;
  }
  // Measured unscaled: the fit transform is put back once drawn.
  canvas.style.transform = '';
  const built = buildView(canvas, message.graph);
  const t1 = performance.now();
  let laid: Layout;
  try {
    laid = await layoutGraph(message.graph, built, direction());
  } catch (e) {
    vscode.postMessage({ type: 'error', message: `layout failed: ${e instanceof Error ? e.message : String(e)}` });
    return;
  }
  if (mine !== generation) return;
  const t2 = performance.now();
  view = built;
  layout = laid;
  drawnPicture = picture;
  draw(canvas, edgesSvg, view, layout);
  wireNodes();
  applyRunState();
  applyHighlight(false);
  applyFit();
  restoreFocus();
  if (state.scroll && mine === 1) {
    viewport.scrollLeft = state.scroll.left;
    viewport.scrollTop = state.scroll.top;
  }
  const t3 = performance.now();
  if (document.body.dataset.direction !== undefined && document.body.dataset.direction !== direction()) viewport.scrollTo(0, 0);
  document.body.dataset.direction = direction();
  document.body.dataset.drawnVersion = String(message.version);
  vscode.postMessage({ type: 'drawn', version: message.version, nodes: message.graph.nodes.length, layoutMs: t2 - t1, renderMs: t1 - t0 + (t3 - t2) });
}

function wireNodes(): void {
  for (const { node, element } of view!.nodes.values()) {
    element.addEventListener('click', () => {
      focusNode(node.id, true);
      vscode.postMessage({ type: 'reveal', nodeId: node.id });
    });
  }
}

function focusNode(id: string, move: boolean): void {
  if (!view || !current) return;
  for (const { node, element } of view.nodes.values()) element.tabIndex = node.id === id ? 0 : -1;
  const target = view.nodes.get(id)?.element;
  if (move && target) {
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }
  state.focused = keyOf(current.graph, id);
  save();
}

function restoreFocus(): void {
  if (!view || !current || !layout) return;
  const graph = current.graph;
  const wanted = graph.nodes.find((n) => keyOf(graph, n.id) === state.focused)?.id ?? readingOrder(layout)[0];
  const hadFocus = document.activeElement !== null && canvas.contains(document.activeElement);
  if (wanted !== undefined) focusNode(wanted, hadFocus);
}

function applyHighlight(scroll: boolean): void {
  if (!view) return;
  for (const { node, element } of view.nodes.values()) element.classList.toggle('highlighted', highlighted.includes(node.id));
  const first = highlighted.map((id) => view!.nodes.get(id)?.element).find((e) => e !== undefined);
  if (scroll && first) first.scrollIntoView({ block: 'nearest', inline: 'nearest' });
}

function applyRunState(): void {
  if (!view) return;
  const rs = runState && runState.runId !== null ? runState : null;
  document.body.classList.toggle('has-run', rs !== null);
  document.body.classList.toggle('run-stale', rs?.stale === true);
  setData(document.body, 'runId', rs?.runId ?? undefined);
  setData(document.body, 'runStatus', rs?.status ?? undefined);
  runLine.textContent = rs === null ? '' : `run ${rs.runId}${rs.status ? ` · ${rs.status}` : ''}${rs.paused ? ` · paused at :${rs.paused}` : ''}${rs.stale ? ' · the file changed since this run started' : ''}`;
  runLine.title = rs?.stale ? 'The states are those of the source the run is pinned to; the file has changed since.' : '';
  for (const { node, element } of view.nodes.values()) {
    const s = rs && node.kind === 'step' && node.stepId ? rs.steps[node.stepId] : undefined;
    for (const c of [...element.classList]) if (c.startsWith('state-')) element.classList.remove(c);
    const paused = rs !== null && node.kind === 'step' && node.stepId === rs.paused;
    element.classList.toggle('paused', paused);
    setData(element, 'paused', paused ? 'true' : undefined);
    if (s !== undefined) element.classList.add(`state-${s}`);
    setData(element, 'state', s);
    const taken = rs && node.kind === 'branch' && node.label != null ? rs.branches.find((b) => b.label === node.label)?.taken : undefined;
    setData(element, 'taken', taken);
    const badge = element.querySelector('.node-state');
    if (badge) badge.textContent = paused ? `${s ?? ''} ⏸` : (s ?? '');
    element.setAttribute('aria-description', [s, taken && `took ${taken}`, paused && 'paused here'].filter(Boolean).join(', '));
  }
  for (const path of edgesSvg.querySelectorAll<SVGPathElement>('path.edge')) {
    path.classList.remove('taken', 'untaken');
    const label = view.labels.get(path.dataset.edgeId ?? '');
    label?.classList.remove('taken', 'untaken');
    const from = view.nodes.get(path.dataset.from ?? '')?.node;
    if (!rs || from?.kind !== 'branch' || from.label == null) continue;
    const taken = rs.branches.find((b) => b.label === from.label)?.taken;
    const kind = [...path.classList].find((c) => c === 'edge-yes' || c === 'edge-no')?.slice(5);
    if (taken === undefined || kind === undefined) continue;
    path.classList.add(kind === taken ? 'taken' : 'untaken');
    label?.classList.add(kind === taken ? 'taken' : 'untaken');
  }
}

function setData(element: HTMLElement, key: string, value: string | undefined): void {
  if (value === undefined) delete element.dataset[key];
  else element.dataset[key] = value;
}

function applyFit(): void {
  if (!layout) return;
  const scale = state.fit ? Math.min(1, viewport.clientWidth / layout.width, viewport.clientHeight / layout.height) : 1;
  // Fitted, the picture sits in the middle of the view rather than against its left edge.
  const dx = state.fit ? Math.max(0, Math.floor((viewport.clientWidth - layout.width * scale) / 2)) : 0;
  canvas.style.transform = scale === 1 && dx === 0 ? '' : `translate(${dx}px, 0) scale(${scale})`;
  fitButton.toggleAttribute('checked', state.fit === true);
}

function showDirection(): void {
  const d = direction();
  directionButton.setAttribute('icon', d === 'down' ? 'arrow-down' : 'arrow-right');
  directionButton.setAttribute('label', d === 'down' ? 'Lay out left to right' : 'Lay out top down');
  directionButton.setAttribute('title', d === 'down' ? 'Top down (click: left to right)' : 'Left to right (click: top down)');
}

directionButton.addEventListener('click', () => {
  state.direction = direction() === 'down' ? 'right' : 'down';
  save();
  showDirection();
  void redraw();
});
fitButton.addEventListener('click', () => {
  state.fit = !state.fit;
  save();
  applyFit();
});

let scrollTimer: number | undefined;
viewport.addEventListener('scroll', () => {
  clearTimeout(scrollTimer);
  scrollTimer = window.setTimeout(() => {
    state.scroll = { left: viewport.scrollLeft, top: viewport.scrollTop };
    save();
  }, 150);
});

canvas.addEventListener('keydown', (event) => {
  if (!layout || !view) return;
  const focused = (event.target as HTMLElement).closest<HTMLElement>('.node')?.dataset.nodeId;
  if (focused === undefined) return;
  let next: string | null | undefined = null;
  if (event.key === 'ArrowLeft' || event.key === 'ArrowRight' || event.key === 'ArrowUp' || event.key === 'ArrowDown') next = nearest(layout, focused, event.key as Arrow);
  else if (event.key === 'Home') next = readingOrder(layout)[0];
  else if (event.key === 'End') next = readingOrder(layout).at(-1);
  else if (event.key === 'Enter' || event.key === ' ') {
    event.preventDefault();
    vscode.postMessage({ type: 'reveal', nodeId: focused });
    return;
  } else return;
  event.preventDefault();
  if (next) focusNode(next, true);
});

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = event.data;
  if (!isToPage(message)) {
    vscode.postMessage({ type: 'error', message: `the graph page ignored a malformed message: ${JSON.stringify(message).slice(0, 200)}` });
    return;
  }
  switch (message.type) {
    case 'graph':
      current = message;
      if (message.uri !== undefined && message.uri !== state.uri) {
        state.uri = message.uri;
        save();
      }
      settingDirection = message.direction;
      showDirection();
      void redraw();
      break;
    case 'direction':
      settingDirection = message.direction;
      delete state.direction;
      save();
      showDirection();
      void redraw();
      break;
    case 'highlight':
      highlighted = message.nodeIds;
      applyHighlight(true);
      break;
    case 'runState':
      runState = message;
      state.runId = message.runId;
      state.pinned = message.pinned === true;
      save();
      applyRunState();
      break;
    case 'exportSvg':
      if (current && layout) vscode.postMessage({ type: 'svg', requestId: message.requestId, svg: exportSvg(current.graph, layout) });
      else vscode.postMessage({ type: 'error', message: 'nothing drawn yet to export' });
      break;
  }
});

window.addEventListener('resize', () => applyFit());
showDirection();
vscode.postMessage({ type: 'ready' });
