// The graph page's HTML: a strict content security policy (nothing but this page's own
// nonce'd script and the extension's out/webview files), the toolbar, the banner and the
// canvas. No value from the flow is written here; the page script renders those as text.

import { randomBytes } from 'node:crypto';

export interface PageResources {
  /** `webview.cspSource`. */
  cspSource: string;
  /** Webview URIs (as strings) of out/webview/graph.js, graph.css and codicon.css. */
  script: string;
  style: string;
  codicons: string;
}

export function nonce(): string {
  return randomBytes(18).toString('base64url');
}

export function graphPageHtml(r: PageResources, n: string = nonce()): string {
  const csp = [
    "default-src 'none'",
    `img-src ${r.cspSource}`,
    `font-src ${r.cspSource}`,
    `style-src ${r.cspSource} 'nonce-${n}'`,
    `script-src 'nonce-${n}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${r.codicons}" id="vscode-codicon-stylesheet" nonce="${n}">
<link rel="stylesheet" href="${r.style}" nonce="${n}">
<title>Flow graph</title>
</head>
<body>
<div id="toolbar" role="toolbar" aria-label="Flow graph">
  <span id="title"></span>
  <span id="run" role="status"></span>
  <vscode-toolbar-button id="direction" icon="arrow-right" label="Lay out top down"></vscode-toolbar-button>
  <vscode-toolbar-button id="fit" icon="screen-full" label="Fit to view" toggleable></vscode-toolbar-button>
</div>
<div id="banner" role="status" hidden></div>
<div id="viewport"><div id="canvas" role="group" aria-label="Flow graph nodes; arrow keys move between them, Enter reveals the source"><svg id="edges" aria-hidden="true"></svg></div></div>
<script nonce="${n}" src="${r.script}"></script>
</body>
</html>`;
}
