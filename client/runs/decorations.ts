// Inline decorations of a run in its flow's editors (design §8.3): the model of
// decoration-model.ts turned into VS Code decorations, for the run selected (`showRun`, the
// Runs tree) or else the flow's latest, live from the change feed while it goes. Shown only
// while the document's text is the run's source (or expands to it: a flow's `#flow/include`d
// files get their own part, run-source.ts, decoration-places.ts; an included file open alone
// gets its part from the flow's text on disk). No gutter icons. The last applied options
// per document are kept in `applied` for tests (api.editorActions().decorations.applied).

import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import * as vscode from 'vscode';
import type { RunRecord } from '../../engine/store/port';
import type { RunService } from '../../engine/service/index';
import { decorationModel, type NoteState } from './decoration-model';
import { placeDecorations, type PlacedDecorations } from './decoration-places';
import { matchRunSource } from './run-source';
import { flowLensSites } from './lens-model';
import type { FolderChanges, WorkspaceRuns } from './workspace-runs';

/** What was last applied to a document, in plain data. */
export interface AppliedDecorations {
  runId: string;
  notes: { line: number; character: number; text: string; state: NoteState }[];
  dims: { text: string; startLine: number; endLine: number }[];
}

/** Files a `#flow/include` may name (engine/language/include.ts): Clojure and EDN sources. */
const INCLUDABLE = /\.(clj|cljc|edn)$/i;

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
  /** Per flow document uri: the included files' uris it last decorated. */
  private readonly includedOf = new Map<string, Set<string>>();
  /** Per included file's uri: the flow document that includes it (the last one decorated). */
  private readonly includer = new Map<string, string>();
  /** Files open alone that no recent run includes: not searched again until a run starts. */
  private readonly notIncluded = new Set<string>();

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
      // An included file saved: the run may no longer match the files on disk.
      vscode.workspace.onDidSaveTextDocument((d) => this.schedule(d, 0)),
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

  /** Recomputes the decorations of `document` now (and of the files it includes); returns what was applied to it. */
  refresh(document: vscode.TextDocument): AppliedDecorations | undefined {
    if (document.languageId !== 'flow-edn' || document.uri.scheme !== 'file') return undefined;
    return this.refreshFlow(document.uri, document.getText());
  }

  /** The same for a flow given by its uri and text: an open document's, or the file's on disk when
   *  only a file it includes is open. */
  private refreshFlow(uri: vscode.Uri, text: string): AppliedDecorations | undefined {
    const key = uri.toString();
    const editorsOf = (uri: string) => vscode.window.visibleTextEditors.filter((e) => e.document.uri.toString() === uri);
    let service: RunService;
    try {
      service = this.runs.service(uri);
    } catch {
      return undefined;
    }
    this.listen(service);
    const run = this.runOf(service, key, text);
    const match = run !== undefined ? matchRunSource(run.source, text, uri.fsPath) : undefined;
    const before = this.includedOf.get(key) ?? new Set<string>();
    if (run === undefined || match === undefined) {
      for (const uri of [key, ...before]) {
        this.applied.delete(uri);
        for (const editor of editorsOf(uri)) this.clear(editor);
      }
      this.includedOf.delete(key);
      return undefined;
    }
    const model = decorationModel(run.source, service.events(run.id).map((e) => e.event));
    const placed = placeDecorations(model, run.source, match === 'same' ? null : match);
    const now = new Set<string>();
    for (const [file, decorations] of placed) {
      const uri = file === null ? key : vscode.Uri.file(file).toString();
      if (file !== null) {
        now.add(uri);
        this.includer.set(uri, key);
      }
      this.apply(uri, run.id, decorations, editorsOf(uri));
    }
    for (const uri of before) {
      if (now.has(uri)) continue;
      this.applied.delete(uri);
      for (const editor of editorsOf(uri)) this.clear(editor);
    }
    if (!placed.has(null)) {
      this.applied.set(key, { runId: run.id, notes: [], dims: [] });
      for (const editor of editorsOf(key)) this.clear(editor);
    }
    this.includedOf.set(key, now);
    return this.applied.get(key);
  }

  /**
   * A file open without the flow that includes it: the flow is the one that last decorated it,
   * else the flow of a recent run of its folder whose source holds the file's text and which
   * includes it on disk now. Its decorations come from the flow's text on disk.
   */
  private refreshIncluded(document: vscode.TextDocument): void {
    if (document.uri.scheme !== 'file') return;
    const uri = document.uri.toString();
    const known = this.includer.get(uri);
    const fromDisk = (flow: vscode.Uri): boolean => {
      let text: string;
      try {
        text = readFileSync(flow.fsPath, 'utf8');
      } catch {
        return false;
      }
      this.refreshFlow(flow, text);
      return this.applied.get(uri) !== undefined;
    };
    if (known !== undefined && fromDisk(vscode.Uri.parse(known))) return;
    let service: RunService;
    try {
      service = this.runs.service(document.uri);
    } catch {
      return;
    }
    // The file's text before any include of its own is copied into the run's source as it is.
    const text = document.getText();
    const nested = text.indexOf('#flow/include');
    const probe = text.slice(0, Math.min(nested < 0 ? text.length : nested, 4000));
    const tried = new Set<string>(known !== undefined ? [vscode.Uri.parse(known).fsPath] : []);
    // A run's flow path is as its process named it: the CLI's is relative to where it ran
    // (mostly the workspace folder, whose store this is).
    const folder = vscode.workspace.getWorkspaceFolder(document.uri)?.uri.fsPath ?? dirname(document.uri.fsPath);
    for (const run of service.store.listRuns({ limit: 50 })) {
      if (run.flowPath === null || !run.source.includes(probe)) continue;
      const flowPath = isAbsolute(run.flowPath) ? run.flowPath : resolve(folder, run.flowPath);
      if (tried.has(flowPath)) continue;
      tried.add(flowPath);
      if (tried.size > 10) break;
      if (fromDisk(vscode.Uri.file(flowPath))) return;
    }
    if (this.applied.get(uri) === undefined) this.notIncluded.add(uri);
  }

  /** Puts one file's part of a run's decorations on its editors (visible now; the rest when shown). */
  private apply(uri: string, runId: string, placed: PlacedDecorations, editors: vscode.TextEditor[]): void {
    const document = editors[0]?.document ?? vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    const byState = new Map<NoteState, vscode.DecorationOptions[]>();
    const applied: AppliedDecorations = { runId, notes: [], dims: [] };
    if (document === undefined) return;
    for (const note of placed.notes) {
      if (note.line >= document.lineCount) continue;
      const at = document.lineAt(note.line).range.end;
      const list = byState.get(note.state) ?? [];
      list.push({ range: new vscode.Range(at, at), renderOptions: { after: { contentText: note.text } }, hoverMessage: `Flow EDN run ${runId}` });
      byState.set(note.state, list);
      applied.notes.push({ line: at.line, character: at.character, text: note.text, state: note.state });
    }
    const dims = placed.dims.map((d) => document.validateRange(new vscode.Range(d.start.line, d.start.character, d.end.line, d.end.character)));
    for (const r of dims) applied.dims.push({ text: document.getText(r), startLine: r.start.line, endLine: r.end.line });
    for (const editor of editors) {
      for (const [state, type] of this.noteTypes) editor.setDecorations(type, byState.get(state) ?? []);
      editor.setDecorations(this.dimType, dims);
    }
    this.applied.set(uri, applied);
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

  /** Coalesces refreshes of one document (a run's events arrive in bursts); an included file refreshes its flow (from disk when it is not open). */
  private schedule(document: vscode.TextDocument, delayMs = 30): void {
    if (document.languageId !== 'flow-edn') {
      const flow = this.includer.get(document.uri.toString());
      const flowDocument = flow !== undefined ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === flow) : undefined;
      if (flowDocument !== undefined) return this.schedule(flowDocument, delayMs);
      // The flow is not open: read it from disk (only for files a flow may include).
      if (!INCLUDABLE.test(document.uri.path) || (flow === undefined && this.notIncluded.has(document.uri.toString()))) return;
    }
    const key = document.uri.toString();
    if (this.pending.has(key)) return;
    this.pending.set(key, setTimeout(() => {
      this.pending.delete(key);
      if (document.languageId === 'flow-edn') this.refresh(document);
      else this.refreshIncluded(document);
    }, delayMs));
  }

  private onChanges(batch: FolderChanges): void {
    const touched = new Set(batch.changes.map((c) => c.runId));
    if (batch.changes.some((c) => c.kind === 'run' && c.status === 'running')) this.notIncluded.clear();
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
