// The local runtime the editor sends simulated webhooks to: the same `flow-edn serve` as in a
// terminal (engine/runtime), started on demand as a child process `node out/cli.js serve` on
// 127.0.0.1 and the workspace store, or the one already serving that store (its serve lock).
// Imports no `vscode`: the status bar item (runtime-status.ts) only shows `state`.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readServeLock } from '../../engine/runtime/lockfile';

export type RuntimeState =
  | { kind: 'stopped' }
  | { kind: 'starting' }
  | { kind: 'running'; url: string; pid: number; ours: boolean }
  | { kind: 'failed'; reason: string };

export interface LocalRuntimeOptions {
  /** `out/cli.js`. */
  cliPath: string;
  /** The workspace folder: the flows served and the child's working folder. */
  folder: string;
  /** The store (`<folder>/.flow-edn/runs.db`). */
  dbPath: string;
  /** @default process.execPath (the extension host's Node; Electron runs as Node with ELECTRON_RUN_AS_NODE), or `node` on PATH when that file is gone */
  node?: string;
  /** Lines the server prints, for the output channel. */
  log?: (line: string) => void;
  /** @default 20000 */
  startTimeoutMs?: number;
}

const LISTENING = /flow-edn serve listening on (http:\/\/\S+)/;

export class LocalRuntime {
  private child: ChildProcess | null = null;
  private current: RuntimeState = { kind: 'stopped' };
  private starting: Promise<string> | null = null;
  private readonly listeners = new Set<(state: RuntimeState) => void>();

  constructor(private readonly options: LocalRuntimeOptions) {}

  get state(): RuntimeState {
    if (this.current.kind !== 'running' || this.current.ours) return this.current;
    // One started elsewhere (a terminal's `flow-edn serve`) may have gone since.
    return readServeLock(this.options.dbPath) !== null ? this.current : { kind: 'stopped' };
  }

  onState(listener: (state: RuntimeState) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** The runtime's base URL, starting it when none serves the store. */
  ensure(): Promise<string> {
    const lock = readServeLock(this.options.dbPath);
    if (lock?.url) {
      if (this.current.kind !== 'running') this.set({ kind: 'running', url: lock.url, pid: lock.pid, ours: this.child?.pid === lock.pid });
      return Promise.resolve(lock.url);
    }
    this.starting ??= this.start().finally(() => (this.starting = null));
    return this.starting;
  }

  private start(): Promise<string> {
    this.set({ kind: 'starting' });
    const o = this.options;
    const node = o.node ?? (existsSync(process.execPath) ? process.execPath : 'node');
    const child = spawn(node, [o.cliPath, 'serve', o.folder, '--host', '127.0.0.1', '--port', '0', '--db', o.dbPath], {
      cwd: o.folder,
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    let stderr = '';
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => fail(`it did not say where it listens within ${o.startTimeoutMs ?? 20_000} ms`), o.startTimeoutMs ?? 20_000);
      const fail = (reason: string) => {
        clearTimeout(timer);
        child.kill('SIGKILL');
        this.set({ kind: 'failed', reason });
        reject(new Error(`the local runtime (flow-edn serve) did not start: ${reason}`));
      };
      const lines = (stream: NodeJS.ReadableStream, isErr: boolean) => {
        let rest = '';
        stream.on('data', (chunk: Buffer) => {
          rest += chunk.toString('utf8');
          const parts = rest.split('\n');
          rest = parts.pop() ?? '';
          for (const line of parts) {
            o.log?.(line);
            if (isErr) stderr += line + '\n';
            const m = LISTENING.exec(line);
            if (m && this.current.kind === 'starting') {
              clearTimeout(timer);
              this.set({ kind: 'running', url: m[1]!, pid: child.pid!, ours: true });
              resolve(m[1]!);
            }
          }
        });
      };
      lines(child.stdout!, false);
      lines(child.stderr!, true);
      child.on('error', (e) => fail(e.message));
      child.on('exit', (code, signal) => {
        if (this.child === child) this.child = null;
        if (this.current.kind === 'starting') fail(`it exited (${signal ?? code}): ${stderr.trim() || 'no message'}`);
        else if (this.current.kind === 'running' && this.current.pid === child.pid) this.set({ kind: 'stopped' });
      });
    });
  }

  /** Stops the runtime this editor started (one started elsewhere is left alone). */
  async stop(): Promise<boolean> {
    const child = this.child;
    if (child === null || child.exitCode !== null) return false;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    this.set({ kind: 'stopped' });
    return true;
  }

  private set(state: RuntimeState): void {
    this.current = state;
    for (const l of [...this.listeners]) l(state);
  }
}
