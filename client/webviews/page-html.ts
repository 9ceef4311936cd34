// The HTML every Flow EDN webview page starts from: a strict content security policy (only
// the page's own nonce'd script and the extension's out/webview files), the codicons and the
// page's stylesheet. Pages put their own body in it; no flow or run value is written here.

import { randomBytes } from 'node:crypto';

export interface PageResources {
  /** `webview.cspSource`. */
  cspSource: string;
  /** Webview URIs (as strings) of the page's script and stylesheet (out/webview/) and codicon.css. */
  script: string;
  style: string;
  codicons: string;
}

export function nonce(): string {
  return randomBytes(18).toString('base64url');
}

/** A page titled `title` whose `<body{bodyAttributes}>` holds `body`, then the page script. */
export function webviewPageHtml(r: PageResources, n: string, title: string, body: string, bodyAttributes = ''): string {
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
<title>${title}</title>
</head>
<body${bodyAttributes}>
${body}
<script nonce="${n}" src="${r.script}"></script>
</body>
</html>`;
}
