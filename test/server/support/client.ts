// A test client for the language server over its real protocol: spawns `node out/server.js
// --stdio`, talks JSON-RPC through vscode-jsonrpc, answers the server's own requests
// (workspace/configuration, client/registerCapability), and lets tests wait on
// publishDiagnostics for a given document version instead of sleeping.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, InitializeResult, Position, PublishDiagnosticsParams, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { LineIndex } from '../../../engine/edn/positions';
import { parseMarkers } from '../../support/markers';
import { serverExecArgv } from '../../../server/protocol';

export const serverPath = join(__dirname, '..', '..', '..', '..', 'out', 'server.js');

export interface ClientOptions {
  /** What `workspace/configuration` answers for the `flowEdn` section. */
  settings?: Record<string, unknown>;
  /** Advertise workspace/configuration support (default true). */
  configuration?: boolean;
}

interface Waiter {
  uri: string;
  version: number | null;
  accept: (p: PublishDiagnosticsParams) => boolean;
  resolve: (p: PublishDiagnosticsParams) => void;
}

export class LspClient {
  readonly stderr: string[] = [];
  /** Every publishDiagnostics received, in order. */
  readonly published: PublishDiagnosticsParams[] = [];
  exitCode: number | null = null;
  exited = false;
  private waiters: Waiter[] = [];
  private readonly latest = new Map<string, PublishDiagnosticsParams>();
  private readonly versions = new Map<string, number>();
  private readonly texts = new Map<string, string>();
  initializeResult: InitializeResult | null = null;

  private constructor(
    readonly proc: ChildProcess,
    readonly connection: MessageConnection,
    private settings: Record<string, unknown>,
  ) {}

  static async start(options: ClientOptions = {}): Promise<LspClient> {
    if (!existsSync(serverPath)) throw new Error(`${serverPath} is missing: run \`node scripts/build.mjs\` first`);
    const proc = spawn(process.execPath, [...serverExecArgv, serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    const client = new LspClient(proc, connection, options.settings ?? {});
    proc.stderr!.on('data', (d: Buffer) => client.stderr.push(d.toString()));
    proc.on('exit', (code) => {
      client.exited = true;
      client.exitCode = code;
    });
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => client.onDiagnostics(p));
    connection.onNotification('window/logMessage', (p: { message: string }) => {
      client.stderr.push(p.message);
    });
    connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map(() => client.settings));
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.listen();
    client.initializeResult = await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {
        workspace: { configuration: options.configuration ?? true, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: {
          completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown'] } },
          hover: { contentFormat: ['markdown'] },
          rename: { prepareSupport: true },
          publishDiagnostics: { versionSupport: true },
          inlayHint: {},
        },
      },
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  private onDiagnostics(p: PublishDiagnosticsParams): void {
    this.published.push(p);
    this.latest.set(p.uri, p);
    const still: Waiter[] = [];
    for (const w of this.waiters) {
      if (w.uri === p.uri && (w.version === null || (p.version ?? -1) >= w.version) && w.accept(p)) w.resolve(p);
      else still.push(w);
    }
    this.waiters = still;
  }

  /**
   * Resolves on a publishDiagnostics for `uri` that `accept` takes: for a `version`, the one
   * already received for that version (or a later one) or the next; without, the next one.
   */
  waitForDiagnostics(uri: string, version: number | null = null, accept: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 10_000): Promise<PublishDiagnosticsParams> {
    const seen = this.latest.get(uri);
    if (version !== null && seen !== undefined && (seen.version ?? -1) >= version && accept(seen)) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${version} within ${timeoutMs} ms; stderr:\n${this.stderr.join('')}`)), timeoutMs);
      this.waiters.push({ uri, version, accept, resolve: (p) => (clearTimeout(timer), resolve(p)) });
    });
  }

  setSettings(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    return this.connection.sendNotification('workspace/didChangeConfiguration', { settings: { flowEdn: settings } });
  }

  /** Opens a document; returns a promise of its first diagnostics. */
  open(uri: string, text: string): Promise<PublishDiagnosticsParams> {
    const version = 1;
    this.versions.set(uri, version);
    this.texts.set(uri, text);
    const diagnostics = this.waitForDiagnostics(uri, version);
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'flow-edn', version, text } });
    return diagnostics;
  }

  /** Replaces the whole text; returns the new version. */
  replace(uri: string, text: string): number {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    this.texts.set(uri, text);
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  /** An incremental edit at offsets of the current text; returns the new version. */
  edit(uri: string, start: number, end: number, newText: string): number {
    const text = this.texts.get(uri) ?? '';
    const lines = new LineIndex(text);
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    this.texts.set(uri, text.slice(0, start) + newText + text.slice(end));
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: lines.range(start, end), text: newText }] });
    return version;
  }

  close(uri: string): Promise<void> {
    this.latest.delete(uri);
    this.versions.delete(uri);
    this.texts.delete(uri);
    return this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  text(uri: string): string {
    return this.texts.get(uri) ?? '';
  }

  position(uri: string, offset: number): Position {
    return new LineIndex(this.text(uri)).position(offset);
  }

  offset(uri: string, position: Position): number {
    return new LineIndex(this.text(uri)).offset(position);
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  /** A request at an offset of a document: `textDocument` and `position` filled in. */
  at<R>(method: string, uri: string, offset: number, extra: Record<string, unknown> = {}): Promise<R> {
    return this.request<R>(method, { textDocument: { uri }, position: this.position(uri, offset), ...extra });
  }

  async stop(): Promise<void> {
    if (!this.exited) {
      try {
        await this.connection.sendRequest('shutdown');
        await this.connection.sendNotification('exit');
      } catch {
        // the process may already be gone
      }
    }
    await new Promise<void>((resolve) => {
      if (this.exited) return resolve();
      const t = setTimeout(() => {
        this.proc.kill();
        resolve();
      }, 2000);
      this.proc.on('exit', () => {
        clearTimeout(t);
        resolve();
      });
    });
    this.connection.dispose();
  }
}

/** Unique document uris per test. */
let counter = 0;
export function docUri(name = 'test'): string {
  return `file:///work/flows/${name}-${++counter}.flow.edn`;
}

/** Text with one `|` caret: the text and the caret's offset. */
export function caret(source: string): { text: string; offset: number } {
  const { text, carets } = parseMarkers(source);
  if (carets.length !== 1) throw new Error(`expected one | caret, found ${carets.length}`);
  return { text, offset: carets[0]! };
}

/** Text with `|` markers: the text and every marker's offset. */
export function markers(source: string): { text: string; at: number[] } {
  const { text, carets } = parseMarkers(source);
  return { text, at: carets };
}

export function codes(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => String(d.code)).sort();
}

/** A workspace edit's changes to one document, applied to its text. */
export function applyEdit(text: string, uri: string, edit: WorkspaceEdit): string {
  const lines = new LineIndex(text);
  const edits = (edit.changes?.[uri] ?? []).map((e) => ({ start: lines.offset(e.range.start), end: lines.offset(e.range.end), newText: e.newText })).sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}
