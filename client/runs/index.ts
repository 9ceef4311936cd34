// Entry of the `out/runs.js` bundle: the run side of the extension (run service holder,
// views, decorations, webhook simulation), loaded by `Ctx.runs()` on first use so that
// activation never pays for the engine. Export here what `client/context.ts` reaches.

export { WorkspaceRuns, type ChangesListener, type FolderChanges } from './workspace-runs';
export { inlineDebugAdapter } from '../debug/vscode/inline-session';
