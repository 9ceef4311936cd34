// The Approvals page in headless Chromium under its real content security policy, with a
// stubbed `acquireVsCodeApi`: run values are text (an `<img src=x onerror=alert(1)>` in a
// notification, key or flow stays text), buttons named exactly Approve / Reject, Reject asks
// a reason first, Complete sends the form's fields, a bad raw JSON value is refused on the
// page, answers are shown, drafts survive a reload, malformed messages are ignored.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { approvalsPageHtml } from '../../client/webviews/approvals/html';
import type { PendingWait, ToPage } from '../../client/webviews/approvals/messages';
import { cannotRunPages, ROOT, startPageHost, type PageHost, type TestPage } from './support';

const XSS = '<img src=x onerror=alert(1)>';
const html = (origin: string) => approvalsPageHtml({ cspSource: origin, script: `${origin}/webview/approvals.js`, style: `${origin}/webview/approvals.css`, codicons: `${origin}/webview/codicon.css` });

function wait(extra: Partial<PendingWait> = {}): PendingWait {
  return {
    store: '/ws/.flow-edn/runs.db', waitId: 'w-1', runId: 'r-1', flow: 'approval-demo', flowPath: '/ws/flows/approval.flow.edn', stepId: 'approval', stepKey: 'approval#0',
    key: `approval:${XSS}`, createdAt: 1_000, expiresAt: 1_000 + 3600_000, clock: { virtual: true, now: 1_000 + 600_000 },
    notification: { method: 'POST', url: 'http://mail.mock.invalid/send', status: 202, mocked: true, subject: `Approve ${XSS}`, text: `Order needs review: ${XSS}` },
    fields: [{ path: ['amount'], keyword: true }, { path: ['reason'], keyword: true }],
    ...extra,
  };
}
const waits = (...ws: PendingWait[]): ToPage => ({ type: 'waits', waits: ws, sentAt: Date.now() });

const reason = cannotRunPages() ?? (existsSync(join(ROOT, 'out/webview/approvals.js')) ? undefined : 'out/webview/approvals.js is missing (run npm run build)');
describe('approvals page (headless Chromium)', { skip: reason }, () => {
  let host: PageHost;
  before(async () => {
    host = await startPageHost();
  });
  after(async () => {
    await host?.close();
  });

  async function shown(state?: unknown): Promise<TestPage> {
    const p = await host.open(html, state);
    await p.waitPosted('ready');
    await p.send(waits(wait()));
    await p.page.waitForSelector('section.wait[data-wait-id="w-1"]');
    return p;
  }
  const resolves = async (p: TestPage) => (await p.posted()).filter((m) => m.type === 'resolve');

  test('run values are text: no <img> element, no alert, no CSP violation; the facts and time left show', async () => {
    const p = await shown();
    assert.equal(await p.page.locator('img').count(), 0, 'no element made from a run value');
    assert.equal(await p.page.locator('.notification .text', { hasText: `Order needs review: ${XSS}` }).count(), 1);
    assert.equal(await p.page.locator('.notification .subject').textContent(), `Approve ${XSS}`);
    assert.equal(await p.page.locator('.fact.key .value').textContent(), `approval:${XSS}`);
    assert.equal(await p.page.locator('.fact.left .value').textContent(), '50m 0s (virtual clock)');
    assert.equal(await p.page.locator('.notification .meta').textContent(), 'POST http://mail.mock.invalid/send -> 202 (mocked)');
    assert.deepEqual(p.problems, []);
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    await p.page.screenshot({ path: join(ROOT, 'test-results/approvals-page.png') });
    await p.page.close();
  });

  test('buttons have the accessible names Approve and Reject; Approve posts a resolve for its wait', async () => {
    const p = await shown();
    assert.equal(await p.page.getByRole('button', { name: 'Approve', exact: true }).count(), 1);
    assert.equal(await p.page.getByRole('button', { name: 'Reject', exact: true }).count(), 1);
    await p.page.getByRole('button', { name: 'Approve', exact: true }).click();
    const [r] = await resolves(p);
    assert.deepEqual({ ...r, requestId: 0 }, { type: 'resolve', requestId: 0, store: '/ws/.flow-edn/runs.db', runId: 'r-1', waitId: 'w-1', action: 'approve', reason: null, payload: null });
    await p.send({ type: 'answer', requestId: r!.requestId, waitId: 'w-1', ok: false, message: 'wait :approval (key k) is already approved by cli; nothing changed', reason: 'already-resolved' });
    await p.page.waitForSelector('.answer.error:has-text("already approved by cli")');
    await p.page.close();
  });

  test('Reject asks a reason first (keyboard only), then sends it', async () => {
    const p = await shown();
    await p.page.getByRole('button', { name: 'Reject', exact: true }).focus();
    await p.page.keyboard.press('Enter');
    await p.page.waitForSelector('.answer.error:has-text("Reject needs a reason")');
    assert.equal((await resolves(p)).length, 0, 'nothing sent without a reason');
    await p.page.locator('[data-field="reason"] input').fill('over budget');
    await p.page.keyboard.press('Enter');
    await p.page.waitForFunction(() => (globalThis as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'resolve'));
    const [r] = await resolves(p);
    assert.equal(r!.action, 'reject');
    assert.equal(r!.reason, 'over budget');
    await p.page.close();
  });

  test("Complete sends the form's fields; a bad raw JSON value is refused on the page", async () => {
    const p = await shown();
    await p.page.locator('vscode-collapsible[data-part="complete"]').click({ position: { x: 20, y: 10 } });
    await p.page.locator('[data-field-key="amount"] input').fill('250');
    await p.page.getByRole('button', { name: 'Complete', exact: true }).click();
    const [r] = await resolves(p);
    assert.equal(r!.action, 'complete');
    assert.deepEqual(r!.payload, { kind: 'form', fields: { amount: '250' } });
    await p.page.locator('select[data-field="format"]').selectOption('json');
    await p.page.locator('[data-field="raw"] textarea').fill('{"amount": 25,}');
    await p.page.getByRole('button', { name: 'Complete with raw value', exact: true }).click();
    await p.page.waitForSelector('.answer.error:has-text("the JSON payload is refused: not JSON")');
    assert.equal((await resolves(p)).length, 1, 'the bad value was not sent');
    await p.page.close();
  });

  test('drafts survive a reload (getState/setState); a wait resolved elsewhere leaves the list; malformed messages are ignored', async () => {
    const p = await shown();
    await p.page.locator('[data-field="reason"] input').fill('draft reason');
    const saved = await p.state();
    await p.page.close();
    const again = await shown(saved);
    await again.page.waitForFunction("document.querySelector('[data-field=\"reason\"]')?.value === 'draft reason'");
    await again.send({ type: 'waits', waits: [{ waitId: 'w-2' }], sentAt: 0 });
    await again.send({ type: 'evil', html: XSS });
    assert.equal(await again.page.locator('section.wait').count(), 1, 'malformed lists change nothing');
    await again.send({ type: 'notice', waitId: 'w-1', message: `wait :approval was approved by cli ${XSS}` });
    await again.send(waits());
    await again.page.waitForSelector('body[data-waits="0"]');
    assert.equal(await again.page.locator('section.wait').count(), 0);
    assert.equal(await again.page.locator('#empty').isVisible(), true);
    assert.equal(await again.page.locator('.notice', { hasText: `approved by cli ${XSS}` }).count(), 1);
    assert.equal(await again.page.locator('img').count(), 0);
    await again.page.close();
  });
});
