// What crosses between the extension host and the debug worker (worker-main.ts): DAP messages
// as they are, and the worker's word that its session is loaded. Declared once for both sides.

import type { DebugProtocol } from '@vscode/debugprotocol';

export type ToDebugWorker = { dap: DebugProtocol.ProtocolMessage };
export type FromDebugWorker = { dap: DebugProtocol.ProtocolMessage } | { ready: true };
