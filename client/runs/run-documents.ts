// The `flow-edn-run:` read-only documents: a step's result (`flow-edn-run:/<run>/<step-key>.edn`)
// or a `res://` artifact (`flow-edn-run:/res/<encoded uri>.edn`) of a store (`?store=<path>`),
// printed as pretty EDN (engine/edn/pretty.ts). Virtual documents are read-only by nature.

import * as vscode from 'vscode';
import type { RunStore } from '../../engine/store/port';
import { runDocumentText } from './run-document-text';

export const RUN_SCHEME = 'flow-edn-run';

export function stepResultUri(store: string, runId: string, stepKey: string): vscode.Uri {
  return vscode.Uri.from({ scheme: RUN_SCHEME, path: `/${runId}/${stepKey.replace('#', '~')}.edn`, query: new URLSearchParams({ store }).toString() });
}

export function artifactUri(store: string, resUri: string): vscode.Uri {
  return vscode.Uri.from({ scheme: RUN_SCHEME, path: `/res/${encodeURIComponent(resUri)}.edn`, query: new URLSearchParams({ store }).toString() });
}

export class RunDocuments implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly stores: () => ReadonlyMap<string, RunStore>) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    return runDocumentText(uri, this.stores());
  }

  dispose(): void {
    this.changed.dispose();
  }
}
