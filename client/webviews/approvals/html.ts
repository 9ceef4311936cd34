// The Approvals page's HTML: a strict content security policy (only this page's nonce'd
// script and the extension's out/webview files), the notice area and the list. No run value
// is written here; the page script renders every value as text.

import { nonce } from '../graph/html';

export interface PageResources {
  /** `webview.cspSource`. */
  cspSource: string;
  /** Webview URIs of out/webview/approvals.js, approvals.css and codicon.css. */
  script: string;
  style: string;
  codicons: string;
}

export function approvalsPageHtml(r: PageResources, n: string = nonce()): string {
  const csp = ["default-src 'none'", `img-src ${r.cspSource}`, `font-src ${r.cspSource}`, `style-src ${r.cspSource} 'nonce-${n}'`, `script-src 'nonce-${n}'`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${r.codicons}" id="vscode-codicon-stylesheet" nonce="${n}">
<link rel="stylesheet" href="${r.style}" nonce="${n}">
<title>Approvals</title>
</head>
<body data-waits="0">
<div id="notices" role="log" aria-label="Outcomes" aria-live="polite"></div>
<p id="empty">No pending waits in this workspace's store.</p>
<main id="waits" aria-label="Pending waits"></main>
<script nonce="${n}" src="${r.script}"></script>
</body>
</html>`;
}
