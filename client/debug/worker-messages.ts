// What crosses between the extension host and the debug worker (worker-main.ts): DAP messages
// as they are, and the worker's word that its session is loaded. Declared once for both sides.

import type { DebugProtocol } from '@vscode/debugprotocol';

export type ToDebugWorker = { dap: DebugProtocol.ProtocolMessage };
/** `store`: the session opened a run service on this store file (its leases are the worker's). */
export type FromDebugWorker = { dap: DebugProtocol.ProtocolMessage } | { ready: true } | { store: string };

/** What the host gives the worker at its start (`workerData`). */
export interface DebugWorkerData {
  /** The lease owner id of the session's run service. */
  leaseOwner: string;
  /** One Int32 the host sets when a `pause` request passes (the worker's thread may be busy
   *  computing a step's function code and read the request only after). */
  interrupt?: Int32Array;
}
