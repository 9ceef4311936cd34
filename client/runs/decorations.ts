// Inline decorations of a run in its flow's editors (design §8.3): the model of
// decoration-model.ts turned into VS Code decorations, for the run selected (`showRun`, the
// Runs tree) or else the flow's latest, live from the change feed while it goes. Shown only
// while the document's text is the run's source. No gutter icons. The last applied options
// per document are kept in `applied` for tests (api.editorActions().decorations.applied).

import * as vscode from 'vscode';
import type { RunRecord } from '../../engine/store/port';
import type { RunService } from '../../engine/service/index';
import { decorationModel, type NoteState } from './decoration-model';
import { flowLensSites } from './lens-model';
import type { FolderChanges, WorkspaceRuns } from './workspace-runs';

/** What was last applied to a document, in plain data. */
export interface AppliedDecorations {
  runId: string;
  notes: { line: number; character: number; text: string; state: NoteState }[];
  dims: { text: string; startLine: number; endLine: number }[];
}

const noteColour: Record<NoteState, string> = {
  completed: 'testing.iconPassed',
  failed: 'errorForeground',
  waiting: 'editorWarning.foreground',
  running: 'descriptionForeground',
  branch: 'editorCodeLens.foreground',
};

export class RunDecorations implements vscode.Disposable {
  /** Per document uri: the run shown and what was applied. */
  readonly applied = new Map<string, AppliedDecorations>();
  private readonly pinned = new Map<string, string>();
  private readonly noteTypes = new Map<NoteState, vscode.TextEditorDecorationType>();
  private readonly dimType = vscode.window.createTextEditorDecorationType({ opacity: '0.45' });
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly listening = new WeakSet<RunService>();

  constructor(private readonly runs: WorkspaceRuns) {
    for (const state of Object.keys(noteColour) as NoteState[]) {
      this.noteTypes.set(state, vscode.window.createTextEditorDecorationType({
        after: { color: new vscode.ThemeColor(noteColour[state]), margin: '0 0 0 2em', fontStyle: state === 'branch' ? 'italic' : 'normal' },
        rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
      }));
    }
    this.subscriptions.push(
      runs.onChanges((batch) => this.onChanges(batch)),
      vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((e) => this.schedule(e.document))),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, 0)),
    );
    for (const editor of vscode.window.visibleTextEditors) this.schedule(editor.document);
  }

  /** Shows `runId` on `uri`'s editors (the Runs tree's selection), and keeps it there live. */
  showRun(uri: vscode.Uri, runId: string): AppliedDecorations | undefined {
    this.pinned.set(uri.toString(), runId);
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    return document !== undefined ? this.refresh(document) : undefined;
  }

  /** Follows a run just started for `uri` (Run Flow), unless the user pinned another meanwhile. */
  follow(uri: vscode.Uri, runId: string): void {
    this.showRun(uri, runId);
  }

  /** Recomputes the decorations of `document` now; returns what was applied. */
  refresh(document: vscode.TextDocument): AppliedDecorations | undefined {
    const key = document.uri.toString();
    const editors = vscode.window.visibleTextEditors.filter((e) => e.document.uri.toString() === key);
    if (document.languageId !== 'flow-edn' || document.uri.scheme !== 'file') return undefined;
    let service: RunService;
    try {
      service = this.runs.service(document.uri);
    } catch {
      return undefined;
    }
    this.listen(service);
    const text = document.getText();
    const run = this.runOf(service, key, text);
    if (run === undefined || run.source !== text) {
      this.applied.delete(key);
      for (const editor of editors) this.clear(editor);
      return undefined;
    }
    const model = decorationModel(run.source, service.events(run.id).map((e) => e.event));
    const byState = new Map<NoteState, vscode.DecorationOptions[]>();
    const applied: AppliedDecorations = { runId: run.id, notes: [], dims: [] };
    for (const note of model.notes) {
      const at = document.positionAt(note.anchor);
      const list = byState.get(note.state) ?? [];
      list.push({ range: new vscode.Range(at, at), renderOptions: { after: { contentText: note.text } }, hoverMessage: `Flow EDN run ${run.id}` });
      byState.set(note.state, list);
      applied.notes.push({ line: at.line, character: at.character, text: note.text, state: note.state });
    }
    const dims = model.dims.map((d) => new vscode.Range(document.positionAt(d.start), document.positionAt(d.end)));
    for (const r of dims) applied.dims.push({ text: document.getText(r), startLine: r.start.line, endLine: r.end.line });
    for (const editor of editors) {
      for (const [state, type] of this.noteTypes) editor.setDecorations(type, byState.get(state) ?? []);
      editor.setDecorations(this.dimType, dims);
    }
    this.applied.set(key, applied);
    return applied;
  }

  /** The pinned run, else the latest run of the flow whose source is this text, else the latest. */
  private runOf(service: RunService, key: string, text: string): RunRecord | undefined {
    const pinned = this.pinned.get(key);
    if (pinned !== undefined) {
      const run = service.store.getRun(pinned);
      if (run !== undefined) return run;
      this.pinned.delete(key);
    }
    const slug = flowLensSites(text).slug;
    if (slug === null) return undefined;
    const latest = service.store.listRuns({ flow: slug, limit: 20 });
    return latest.find((r) => r.source === text) ?? latest[0];
  }

  /** Live events of runs this host executes arrive before the feed's next poll. */
  private listen(service: RunService): void {
    if (this.listening.has(service)) return;
    this.listening.add(service);
    const sub = service.onEvent((event) => {
      for (const editor of vscode.window.visibleTextEditors) {
        if (this.applied.get(editor.document.uri.toString())?.runId === event.runId) this.schedule(editor.document);
      }
    });
    this.subscriptions.push(new vscode.Disposable(() => sub.dispose()));
  }

  private clear(editor: vscode.TextEditor): void {
    for (const type of this.noteTypes.values()) editor.setDecorations(type, []);
    editor.setDecorations(this.dimType, []);
  }

  /** Coalesces refreshes of one document (a run's events arrive in bursts). */
  private schedule(document: vscode.TextDocument, delayMs = 30): void {
    if (document.languageId !== 'flow-edn') return;
    const key = document.uri.toString();
    if (this.pending.has(key)) return;
    this.pending.set(key, setTimeout(() => {
      this.pending.delete(key);
      this.refresh(document);
    }, delayMs));
  }

  private onChanges(batch: FolderChanges): void {
    const touched = new Set(batch.changes.map((c) => c.runId));
    for (const editor of vscode.window.visibleTextEditors) {
      const shown = this.applied.get(editor.document.uri.toString())?.runId;
      // A change to the run shown, or a new run (maybe of this flow: runOf decides).
      if ((shown !== undefined && touched.has(shown)) || batch.changes.some((c) => c.kind === 'run' && c.status === 'running')) this.schedule(editor.document);
    }
  }

  dispose(): void {
    for (const t of this.pending.values()) clearTimeout(t);
    for (const d of this.subscriptions) d.dispose();
    for (const t of this.noteTypes.values()) t.dispose();
    this.dimType.dispose();
  }
}
