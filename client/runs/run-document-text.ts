// The text of a `flow-edn-run:` document (client/runs/run-documents.ts), free of `vscode`:
// a step's result or a `res://` artifact of a store, printed as pretty EDN (engine/edn/pretty.ts);
// a missing run, step or artifact gives one comment line saying so.

import { prettyValue } from '../../engine/edn/pretty';
import { decodeValue, jsonToValue } from '../../engine/run/codec';
import type { RunStore } from '../../engine/store/port';

/** The document text for a `flow-edn-run:` uri, or a line saying why there is none. */
export function runDocumentText(uri: { path: string; query: string }, stores: ReadonlyMap<string, RunStore>): string {
  const storeKey = new URLSearchParams(uri.query).get('store') ?? '';
  const store = stores.get(storeKey);
  if (store === undefined) return `;; the store ${storeKey} is not open in this window\n`;
  const parts = uri.path.replace(/\.edn$/, '').split('/').filter((p) => p !== '');
  if (parts[0] === 'res' && parts.length === 2) {
    const resUri = decodeURIComponent(parts[1]!);
    const blob = store.getBlob(resUri);
    if (blob === undefined) return `;; no artifact ${resUri} in ${storeKey}\n`;
    const text = new TextDecoder().decode(blob.content);
    const header = `;; ${resUri} (${blob.contentType}, ${blob.size} bytes)${blob.runId ? ` of run ${blob.runId}` : ''}\n`;
    try {
      if (/json/.test(blob.contentType)) return header + prettyValue(jsonToValue(JSON.parse(text))) + '\n';
      if (/edn/.test(blob.contentType)) return header + prettyValue(decodeValue(text)) + '\n';
    } catch {
      // Not what it says it is: shown as stored.
    }
    return header + text;
  }
  const [runId, key] = parts;
  if (runId === undefined || key === undefined) return `;; ${uri.path} names no run step\n`;
  const stepKey = key.replace('~', '#');
  const record = store.journal(runId).find((r) => r.stepKey === stepKey);
  if (record === undefined) return `;; run ${runId} has no journaled step ${stepKey}\n`;
  const header = `;; result of ${stepKey} (${record.stepType}, ${record.status}${record.edited ? ', edited' : ''}) in run ${runId}\n`;
  if (record.status === 'failed') return `${header};; failed: ${record.error ?? ''}\n`;
  return header + (record.result === null ? 'nil' : prettyValue(decodeValue(record.result))) + '\n';
}

