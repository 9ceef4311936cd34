// What `activate` returns (`vscode.extensions.getExtension(EXTENSION_ID).exports`): the
// activation timing and a way to wait for the language server. Tests and the bench read it.

/** `publisher.name` from package.json. */
export const EXTENSION_ID = 'flow-edn.flow-edn';

/** Milliseconds, measured with `performance.now()` in the extension host. */
export interface ActivationTiming {
  /** Evaluating the extension's bundle, from its first module to the end of extension.ts. */
  moduleLoadMs: number;
  /**
   * From the end of the module to the `activate` call: VS Code preparing the ExtensionContext
   * (storage over RPC). Not the extension's own work; recorded to explain wall-clock totals.
   */
  contextWaitMs: number;
  /** The `activate` call itself (commands registered; the server is started in the background). */
  activateMs: number;
  /**
   * The extension host thread's CPU time over `moduleLoadMs` and `activateMs`: the work the
   * extension itself costs. Wall time exceeds it by the time the thread waited for a core
   * (other processes, a loaded machine); on an idle machine the two agree.
   */
  moduleLoadCpuMs: number;
  activateCpuMs: number;
  /** `thread`: `process.threadCpuUsage` (Node >= 23.9) or the main thread's schedstat (Linux); `process`: the whole host process (errs high). */
  cpuClock: 'thread' | 'process';
  /** From the start of `activate` to the language server answering `initialize`; unset until then. */
  serverReadyMs?: number;
}

export interface FlowEdnApi {
  timing: ActivationTiming;
  /** Resolves when the current language server is running; rejects with the reason it is not. */
  serverReady(): Promise<void>;
  /** The workspace's run services and their change feed (loads the run bundle on first use). */
  runs(): import('./runs/workspace-runs').WorkspaceRuns;
  /**
   * The graph views (after the language server started): `showRun(uri, runId)` for the Runs
   * view, `showRunState(uri, state)` for a debug session, `restore(panel, state)` the serializer's path.
   */
  graphs(): Promise<import('./webviews/graph/host').GraphPanels>;
  /** The Runs tree, the Approvals view and the run documents (loads the run bundle on first use). */
  runViews(): import('./runs/run-views').RunViews;
  /** Run Flow, decorations (`decorations.applied`), webhook simulation, lenses (loads the run bundle). */
  editorActions(): import('./runs/editor-actions').EditorActions;
}
