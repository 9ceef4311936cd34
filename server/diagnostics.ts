// Diagnostics as the user types: each change (re)starts a debounce timer per document; when
// it fires, the current version is checked (once: the snapshot keeps the result) and the
// findings are published. The debounce counts the check's own expected time, so diagnostics
// land about `flowEdn.diagnostics.debounceMs` after the last keystroke; closing clears them.

import type { Connection } from 'vscode-languageserver';
import { pathToFileURL } from 'node:url';
import { LineIndex } from '../engine/edn/positions';
import { includeFindings, type FlowDocuments } from './documents';
import { toDiagnostic } from './convert';
import type { Settings } from './settings';
import { defaultSettings } from './protocol';

export class DiagnosticsPublisher {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Last known debounce and check time per document (so scheduling stays synchronous). */
  private readonly debounce = new Map<string, number>();
  private readonly lastCheckMs = new Map<string, number>();
  /** Uris of included files each flow last published findings for (to clear them later). */
  private readonly includedBy = new Map<string, Set<string>>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: FlowDocuments,
    private readonly settings: Settings,
    private readonly log: (message: string) => void,
  ) {}

  /** A document was opened: publish right away. */
  opened(uri: string): void {
    this.schedule(uri, 0);
    void this.settings.for(uri).then((s) => this.debounce.set(uri, s.diagnostics.debounceMs));
  }

  /** A document changed: publish once the user pauses. */
  changed(uri: string): void {
    const debounceMs = this.debounce.get(uri) ?? defaultSettings.diagnostics.debounceMs;
    const expected = this.lastCheckMs.get(uri) ?? 0;
    this.schedule(uri, Math.max(debounceMs / 2, debounceMs - expected));
  }

  /** A document was closed: forget it and clear its diagnostics. */
  closed(uri: string): void {
    const t = this.timers.get(uri);
    if (t !== undefined) clearTimeout(t);
    this.timers.delete(uri);
    this.debounce.delete(uri);
    this.lastCheckMs.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    this.clearIncluded(uri, new Set());
  }

  /** Settings changed: republish every open document. */
  refreshAll(): void {
    for (const uri of this.documents.uris()) {
      void this.settings.for(uri).then((s) => this.debounce.set(uri, s.diagnostics.debounceMs));
      this.schedule(uri, 0);
    }
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private schedule(uri: string, delayMs: number): void {
    const previous = this.timers.get(uri);
    if (previous !== undefined) clearTimeout(previous);
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        this.publish(uri).catch((e: unknown) => this.log(`diagnostics for ${uri} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));
      }, delayMs),
    );
  }

  private async publish(uri: string): Promise<void> {
    const settings = await this.settings.for(uri);
    this.debounce.set(uri, settings.diagnostics.debounceMs);
    const snapshot = this.documents.get(uri);
    if (snapshot === undefined) return;
    if (!settings.validation.enable) {
      await this.connection.sendDiagnostics({ uri, version: snapshot.version, diagnostics: [] });
      return;
    }
    // With `#flow/include`s the flow is checked expanded, each finding in its own file.
    const included = includeFindings(snapshot);
    const findings = included === null ? snapshot.check.findings : included[0]!.findings;
    this.lastCheckMs.set(uri, snapshot.parseMs + snapshot.checkMs);
    // A newer version may have arrived while settings were read; its own timer publishes it.
    if (this.documents.get(uri)?.version !== snapshot.version) return;
    const diagnostics = findings.map((f) => toDiagnostic(snapshot.lines, f));
    await this.connection.sendDiagnostics({ uri, version: snapshot.version, diagnostics });
    const publishedIncluded = new Set<string>();
    for (const file of included?.slice(1) ?? []) {
      const lines = new LineIndex(file.text);
      const fileUri = pathToFileURL(file.file!).toString();
      publishedIncluded.add(fileUri);
      await this.connection.sendDiagnostics({ uri: fileUri, diagnostics: file.findings.map((f) => toDiagnostic(lines, f)) });
    }
    this.clearIncluded(uri, publishedIncluded);
  }

  /**
   * An include was removed (or its flow closed): clear the findings published for included
   * files the flow no longer reaches, unless another open flow still includes them.
   */
  private clearIncluded(uri: string, now: Set<string>): void {
    const before = this.includedBy.get(uri) ?? new Set<string>();
    if (now.size > 0) this.includedBy.set(uri, now);
    else this.includedBy.delete(uri);
    for (const fileUri of before) {
      if (now.has(fileUri)) continue;
      const stillIncluded = [...this.includedBy.values()].some((set) => set.has(fileUri));
      if (!stillIncluded && this.documents.get(fileUri) === undefined) void this.connection.sendDiagnostics({ uri: fileUri, diagnostics: [] });
    }
  }
}
