// Entry of the `out/runs.js` bundle: the run side of the extension (run service holder,
// views, decorations, webhook simulation), loaded by `Ctx.runs()` on first use so that
// activation never pays for the engine. Export here what `client/context.ts` reaches.

export { WorkspaceRuns, type ChangesListener, type FolderChanges } from './workspace-runs';
export { newFlow } from './new-flow';
export { openExample } from './open-example';
export { GraphLive, slugOf, type GraphSink } from './graph-live';
export { RunViews } from './run-views';
export type { RunsNode } from './runs-model';
export { EditorActions, type ActionsHost } from './editor-actions';
export type { AppliedDecorations } from './decorations';
