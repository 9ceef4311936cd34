// The Approvals view's page: one section per pending wait (flow, run, step, key, time left on
// the run's clock, the notification sent) with Approve, Reject (with a reason), Complete (the
// form of what the flow reads off the result, or a raw EDN/JSON value) and Time out now.
// Everything from a run is written with textContent; drafts survive reloads (setState).

import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import { fieldKey, isToPage, type CompletePayload, type FromPage, type PendingWait, type ResolveAction, type ToPage } from '../messages';
import { timeLeft } from './time-left';

interface VsCodeApi {
  postMessage(message: FromPage): void;
  getState(): unknown;
  setState(state: PageState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface Draft {
  reason?: string;
  fields?: Record<string, string>;
  raw?: string;
  format?: 'edn' | 'json';
}
/** What survives a reload: drafts per wait, the last answer per wait. */
interface PageState {
  drafts: Record<string, Draft>;
  answers: Record<string, { ok: boolean; message: string }>;
}

const vscode = acquireVsCodeApi();
const saved = vscode.getState() as Partial<PageState> | null;
const state: PageState = { drafts: saved?.drafts ?? {}, answers: saved?.answers ?? {} };
const save = () => vscode.setState(state);

const list = document.getElementById('waits')!;
const empty = document.getElementById('empty')!;
const notices = document.getElementById('notices')!;

interface Section {
  wait: PendingWait;
  receivedAt: number;
  root: HTMLElement;
  left: HTMLElement;
  answer: HTMLElement;
}
const sections = new Map<string, Section>();
let nextRequest = 1;
const pending = new Map<number, string>();

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}
function custom(tag: string, attrs: Record<string, string> = {}, text?: string): HTMLElement & { value: string } {
  const e = document.createElement(tag) as HTMLElement & { value: string };
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}
const draftOf = (waitId: string): Draft => (state.drafts[waitId] ??= {});

function showAnswer(s: Section, ok: boolean, message: string, reason: string | null = null): void {
  s.answer.textContent = message;
  s.answer.dataset.ok = String(ok);
  if (reason !== null) s.answer.dataset.reason = reason;
  else delete s.answer.dataset.reason;
  s.answer.classList.toggle('error', !ok);
  s.answer.hidden = false;
}

function send(s: Section, action: ResolveAction, payload: CompletePayload | null = null): void {
  const requestId = nextRequest++;
  pending.set(requestId, s.wait.waitId);
  const reason = action === 'reject' ? (draftOf(s.wait.waitId).reason ?? '') : null;
  s.root.classList.add('busy');
  showAnswer(s, true, action === 'timeout' ? 'Timing out...' : `${action[0]!.toUpperCase()}${action.slice(1)}...`);
  vscode.postMessage({ type: 'resolve', requestId, store: s.wait.store, runId: s.wait.runId, waitId: s.wait.waitId, action, reason, payload });
}

function fact(parent: HTMLElement, name: string, value: string, cls = ''): HTMLElement {
  const row = el('div', `fact ${cls}`);
  row.append(el('span', 'name', name), el('span', 'value', value));
  parent.append(row);
  return row.lastElementChild as HTMLElement;
}

function build(wait: PendingWait): Section {
  const root = el('section', 'wait');
  root.dataset.waitId = wait.waitId;
  root.dataset.runId = wait.runId;
  root.setAttribute('aria-label', `Wait :${wait.stepId} of run ${wait.runId}`);
  const head = el('h2', 'title');
  head.append(el('span', 'flow', `:${wait.flow}`), el('span', 'sep', ' / '), el('span', 'step', `:${wait.stepId}`));
  root.append(head);
  const facts = el('div', 'facts');
  const run = fact(facts, 'run', wait.runId, 'run');
  run.setAttribute('role', 'link');
  run.tabIndex = 0;
  run.title = 'Show the run in the Runs view';
  const openRun = () => vscode.postMessage({ type: 'openRun', store: wait.store, runId: wait.runId });
  run.addEventListener('click', openRun);
  run.addEventListener('keydown', (e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), openRun()));
  fact(facts, 'key', wait.key, 'key');
  const left = fact(facts, 'time left', '', 'left');
  root.append(facts);

  if (wait.notification !== null) {
    const n = wait.notification;
    const box = el('div', 'notification');
    box.setAttribute('role', 'group');
    box.setAttribute('aria-label', 'Notification sent');
    box.append(el('div', 'meta', `${n.method} ${n.url} -> ${n.status ?? 'not sent'}${n.mocked ? ' (mocked)' : ''}`));
    if (n.subject !== null) box.append(el('div', 'subject', n.subject));
    if (n.text !== null) box.append(el('pre', 'text', n.text));
    root.append(box);
  }

  const draft = draftOf(wait.waitId);
  const actions = el('div', 'actions');
  const approve = custom('vscode-button', { 'data-action': 'approve' }, 'Approve');
  const reason = custom('vscode-textfield', { 'data-field': 'reason', placeholder: 'Reason for rejecting', 'aria-label': 'Reason for rejecting' });
  reason.value = draft.reason ?? '';
  const reject = custom('vscode-button', { 'data-action': 'reject', secondary: '' }, 'Reject');
  const timeout = custom('vscode-button', { 'data-action': 'timeout', secondary: '' }, 'Time out now');
  actions.append(approve, reason, reject, timeout);
  root.append(actions);

  const complete = custom('vscode-collapsible', { title: 'Complete with a payload', 'data-part': 'complete' });
  const form = el('div', 'form');
  for (const f of wait.fields) {
    const key = fieldKey(f);
    const id = `f-${wait.waitId}-${key}`;
    const label = el('label', 'field-label', f.path.map((p) => (f.keyword ? `:${p}` : JSON.stringify(p))).join(' '));
    label.htmlFor = id;
    const input = custom('vscode-textfield', { id, 'data-field-key': key, 'aria-label': `Field ${label.textContent}`, placeholder: 'EDN value: 250, :yes, "text"' });
    input.value = draft.fields?.[key] ?? '';
    input.addEventListener('input', () => ((draft.fields ??= {})[key] = input.value, save()));
    form.append(label, input);
  }
  if (wait.fields.length === 0) form.append(el('p', 'hint', 'The flow reads no keys off this result; use the raw value below.'));
  const completeForm = custom('vscode-button', { 'data-action': 'complete' }, 'Complete');
  form.append(completeForm);
  const raw = custom('vscode-textarea', { 'data-field': 'raw', rows: '3', 'aria-label': 'Raw payload (EDN or JSON)', placeholder: '{:amount 250} or {"amount": 250}' });
  raw.value = draft.raw ?? '';
  const format = el('select', 'format');
  format.setAttribute('aria-label', 'Raw payload format');
  format.dataset.field = 'format';
  for (const f of ['edn', 'json']) format.append(Object.assign(el('option', '', f.toUpperCase()), { value: f }));
  format.value = draft.format ?? 'edn';
  const completeRaw = custom('vscode-button', { 'data-action': 'complete-raw', secondary: '' }, 'Complete with raw value');
  const rawRow = el('div', 'raw');
  rawRow.append(raw, format, completeRaw);
  complete.append(form, rawRow);
  root.append(complete);

  const answer = el('div', 'answer');
  answer.setAttribute('role', 'status');
  answer.setAttribute('aria-live', 'polite');
  answer.hidden = true;
  root.append(answer);

  const s: Section = { wait, receivedAt: Date.now(), root, left, answer };
  reason.addEventListener('input', () => ((draft.reason = reason.value), save()));
  reason.addEventListener('keydown', (e) => (e as KeyboardEvent).key === 'Enter' && rejectClicked());
  raw.addEventListener('input', () => ((draft.raw = raw.value), save()));
  format.addEventListener('change', () => ((draft.format = format.value === 'json' ? 'json' : 'edn'), save()));
  const rejectClicked = () => {
    if ((draft.reason ?? '').trim() === '') {
      showAnswer(s, false, 'Reject needs a reason: write it here first.', 'no-reason');
      reason.focus();
      return;
    }
    send(s, 'reject');
  };
  approve.addEventListener('click', () => send(s, 'approve'));
  reject.addEventListener('click', rejectClicked);
  timeout.addEventListener('click', () => send(s, 'timeout'));
  completeForm.addEventListener('click', () => send(s, 'complete', { kind: 'form', fields: Object.fromEntries(Object.entries(draft.fields ?? {}).filter(([, v]) => v.trim() !== '')) }));
  completeRaw.addEventListener('click', () => {
    const text = draft.raw ?? '';
    const fmt = draft.format ?? 'edn';
    if (fmt === 'json') {
      // Checked here too, so a typo is answered before the host is asked.
      try {
        JSON.parse(text);
      } catch (error) {
        showAnswer(s, false, `the JSON payload is refused: not JSON: ${(error as Error).message}`, 'bad-payload');
        return;
      }
    }
    send(s, 'complete', { kind: 'raw', format: fmt, text });
  });
  const last = state.answers[wait.waitId];
  if (last !== undefined) showAnswer(s, last.ok, last.message);
  return s;
}

function tick(): void {
  for (const s of sections.values()) s.left.textContent = timeLeft(s.wait, Date.now() - s.receivedAt);
}

function showWaits(waits: PendingWait[]): void {
  const seen = new Set<string>();
  for (const wait of waits) {
    seen.add(wait.waitId);
    const existing = sections.get(wait.waitId);
    if (existing !== undefined) {
      existing.wait = wait;
      existing.receivedAt = Date.now();
      list.append(existing.root);
    } else {
      const s = build(wait);
      sections.set(wait.waitId, s);
      list.append(s.root);
    }
  }
  for (const [id, s] of sections) {
    if (seen.has(id)) continue;
    s.root.remove();
    sections.delete(id);
    delete state.drafts[id];
  }
  empty.hidden = waits.length > 0;
  document.body.dataset.waits = String(waits.length);
  tick();
  save();
}

function notice(message: string, ok: boolean): void {
  const line = el('div', ok ? 'notice' : 'notice error', message);
  notices.prepend(line);
  while (notices.childElementCount > 5) notices.lastElementChild!.remove();
}

window.addEventListener('message', (event: MessageEvent) => {
  const message: unknown = event.data;
  if (!isToPage(message)) {
    console.warn('approvals: ignored a malformed message');
    return;
  }
  const m: ToPage = message;
  switch (m.type) {
    case 'waits':
      showWaits(m.waits);
      break;
    case 'answer': {
      pending.delete(m.requestId);
      state.answers[m.waitId] = { ok: m.ok, message: m.message };
      const s = sections.get(m.waitId);
      if (s !== undefined) {
        s.root.classList.remove('busy');
        showAnswer(s, m.ok, m.message, m.reason);
      }
      // The section goes with the next list; the answer stays readable above it.
      notice(m.message, m.ok);
      save();
      break;
    }
    case 'notice':
      notice(m.message, true);
      break;
  }
});

setInterval(tick, 1000);
vscode.postMessage({ type: 'ready' });
