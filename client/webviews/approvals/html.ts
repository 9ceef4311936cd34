// The Approvals page's HTML: the shared page shell (client/webviews/page-html.ts) with the
// notice area and the list. No run value is written here; the page script renders every value
// as text.

import { nonce, webviewPageHtml, type PageResources } from '../page-html';

export type { PageResources };

export function approvalsPageHtml(r: PageResources, n: string = nonce()): string {
  return webviewPageHtml(
    r,
    n,
    'Approvals',
    `<div id="notices" role="log" aria-label="Outcomes" aria-live="polite"></div>
<p id="empty">No pending waits in this workspace's store.</p>
<main id="waits" aria-label="Pending waits"></main>`,
    ' data-waits="0"',
  );
}
