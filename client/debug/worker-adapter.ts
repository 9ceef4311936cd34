// The inline adapter's host side: a debug adapter (the shape of `vscode.DebugAdapter`, no
// `vscode` import) that only passes DAP messages to the session in its worker thread
// (worker-main.ts, out/debugWorker.js) and back. `DebugWorkers` keeps one worker loaded ahead,
// so a session does not wait for the engine bundle to load before its launch.

import { Worker } from 'node:worker_threads';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { leaseOwnerId } from '../../engine/run/lease';
import type { DebugWorkerData, FromDebugWorker, ToDebugWorker } from './worker-messages';

type Listener = (message: DebugProtocol.ProtocolMessage) => void;

export interface DebugWorkerOptions {
  /** out/debugWorker.js */
  script: string;
  env?: NodeJS.ProcessEnv;
  /**
   * Frees the run leases `owner` holds in the store at `dbPath`: called when the worker is gone
   * without its session having ended (it died, or was disposed before `disconnect` was answered).
   * A worker thread's death leaves its process alive, so other processes cannot tell its leases
   * are free (engine/run/lease.ts) and would wait for them to expire (30 s).
   */
  releaseLeases?: (dbPath: string, owner: string) => void;
}

export class WorkerDebugAdapter {
  private readonly worker: Worker;
  private readonly listeners = new Set<Listener>();
  /** Messages the session sent before anyone listened (VS Code subscribes after construction). */
  private early: DebugProtocol.ProtocolMessage[] = [];
  private disposed = false;
  /** Why the worker is gone, once it died under a live session. */
  private gone: string | null = null;
  private seq = 1_000_000;
  /** Settles when the worker has loaded the session (or failed to). */
  readonly ready: Promise<void>;
  /** True once the worker has loaded the session. */
  loaded = false;
  /** The lease owner id of the session's run service (given to the worker). */
  readonly leaseOwner = leaseOwnerId();
  /** Store files the session opened a service on. */
  private readonly stores = new Set<string>();
  /** True once the session answered `disconnect` (it released what it held). */
  private ended = false;
  /** Set by the host as a `pause` request passes: function code the worker is computing stops
   *  at once (RunServiceOptions.interrupt), where the request itself is read only after. */
  private readonly interrupt = new Int32Array(new SharedArrayBuffer(4));

  constructor(private readonly options: DebugWorkerOptions) {
    const workerData: DebugWorkerData = { leaseOwner: this.leaseOwner, interrupt: this.interrupt };
    this.worker = new Worker(options.script, { workerData, ...(options.env !== undefined ? { env: options.env } : {}) });
    let loaded!: () => void;
    let failed!: (e: Error) => void;
    this.ready = new Promise<void>((resolve, reject) => ((loaded = resolve), (failed = reject)));
    this.ready.catch(() => undefined);
    this.worker.on('message', (m: FromDebugWorker) => {
      if ('store' in m) return void this.stores.add(m.store);
      if ('dap' in m) {
        if (m.dap.type === 'response' && (m.dap as DebugProtocol.Response).command === 'disconnect') this.ended = true;
        return this.deliver(m.dap);
      }
      this.loaded = true;
      loaded();
    });
    this.worker.on('error', (e) => {
      failed(e);
      this.died(`the debug session's worker failed: ${e.message}`);
    });
    this.worker.on('exit', (code) => {
      failed(new Error(`the debug worker exited (code ${code}) before loading`));
      this.died(`the debug session's worker stopped (exit code ${code})`);
    });
  }

  /** `vscode.DebugAdapter.onDidSendMessage`: an event function returning a disposable. */
  readonly onDidSendMessage = (listener: Listener): { dispose(): void } => {
    this.listeners.add(listener);
    const early = this.early;
    this.early = [];
    for (const m of early) listener(m);
    return { dispose: () => this.listeners.delete(listener) };
  };

  handleMessage(message: DebugProtocol.ProtocolMessage): void {
    if (this.gone !== null && message.type === 'request') {
      // The worker died: every request (the client's disconnect too) gets its answer at once.
      const request = message as DebugProtocol.Request;
      const disconnect = request.command === 'disconnect';
      this.deliver({ seq: this.seq++, type: 'response', request_seq: request.seq, command: request.command, success: disconnect, ...(disconnect ? {} : { message: this.gone }) } as DebugProtocol.Response);
    }
    if (this.disposed) return;
    if (message.type === 'request' && (message as DebugProtocol.Request).command === 'pause') Atomics.store(this.interrupt, 0, 1);
    this.worker.postMessage({ dap: message } satisfies ToDebugWorker);
  }

  /** Whether the worker keeps this process alive (a spare does not; a session's does until disposed). */
  keepAlive(on: boolean): void {
    if (on) this.worker.ref();
    else this.worker.unref();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.listeners.clear();
    // The session closed its run service on `disconnect` (sent before VS Code disposes an adapter);
    // without that answer, what it held is let go from here.
    void this.worker.terminate().then(() => {
      if (!this.ended) this.releaseLeases();
    });
  }

  /** Frees the leases of the session's service (its thread is gone; this process lives on). */
  private releaseLeases(): void {
    for (const dbPath of this.stores) {
      try {
        this.options.releaseLeases?.(dbPath, this.leaseOwner);
      } catch {
        // the store cannot be opened: the leases expire on their own
      }
    }
    this.stores.clear();
  }

  private deliver(message: DebugProtocol.ProtocolMessage): void {
    if (this.listeners.size === 0) this.early.push(message);
    for (const l of this.listeners) l(message);
  }

  /** The worker is gone while the session lives: say so and end the session (nothing hangs). */
  private died(why: string): void {
    if (this.disposed) return;
    this.disposed = true;
    this.gone = why;
    this.releaseLeases();
    const event = (event: string, body: unknown) => this.deliver({ seq: this.seq++, type: 'event', event, body } as DebugProtocol.Event);
    event('output', { category: 'stderr', output: `${why}; the run is resumable (flow-edn resume)\n` });
    event('terminated', {});
  }
}

/** Debug workers, one kept loaded ahead (warm) for the next session. */
export class DebugWorkers {
  private spare: WorkerDebugAdapter | null = null;

  constructor(private readonly options: DebugWorkerOptions) {}

  /** Starts loading a worker for the next session, unless one is loaded or loading. */
  warm(): void {
    if (this.spare !== null) return;
    this.spare = new WorkerDebugAdapter(this.options);
    this.spare.keepAlive(false);
  }

  /** The spare worker (loaded, or loading), else a new one; the caller owns it. */
  take(): WorkerDebugAdapter {
    const taken = this.spare ?? new WorkerDebugAdapter(this.options);
    this.spare = null;
    taken.keepAlive(true);
    return taken;
  }

  dispose(): void {
    this.spare?.dispose();
    this.spare = null;
  }
}
