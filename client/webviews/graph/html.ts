// The graph page's HTML: the shared page shell (client/webviews/page-html.ts) with the
// toolbar, the banner and the canvas. No value from the flow is written here; the page script
// renders those as text.

import { nonce, webviewPageHtml, type PageResources } from '../page-html';

export { nonce, type PageResources };

export function graphPageHtml(r: PageResources, n: string = nonce()): string {
  return webviewPageHtml(
    r,
    n,
    'Flow graph',
    `<div id="toolbar" role="toolbar" aria-label="Flow graph">
  <span id="title"></span>
  <span id="run" role="status"></span>
  <vscode-toolbar-button id="direction" icon="arrow-right" label="Lay out top down"></vscode-toolbar-button>
  <vscode-toolbar-button id="fit" icon="screen-full" label="Fit to view" toggleable></vscode-toolbar-button>
</div>
<div id="banner" role="status" hidden></div>
<div id="viewport"><div id="canvas" role="group" aria-label="Flow graph nodes; arrow keys move between them, Enter reveals the source"><svg id="edges" aria-hidden="true"></svg></div></div>`,
  );
}
