// Helpers for the run service tests: a temp workspace with flow files, the built CLI as
// "another process" on the same store, and waiting for a condition.

import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { RunService, type FeedChange, type RunServiceOptions } from '../../engine/service/index';

export const root = join(__dirname, '..', '..', '..');
export const cli = join(root, 'out', 'cli.js');

export interface Workspace {
  dir: string;
  db: string;
  /** Writes `<name>.flow.edn` (and `<name>.sim.edn` when `sim` is given); returns the flow's path. */
  flow(name: string, body: string, sim?: string): string;
}

export function workspace(): Workspace {
  const dir = mkdtempSync(join(tmpdir(), 'flow-edn-service-'));
  return {
    dir,
    db: join(dir, '.flow-edn', 'runs.db'),
    flow(name, body, sim) {
      const path = join(dir, `${name}.flow.edn`);
      writeFileSync(
        path,
        `{:slug :${name} :name "${name}"
 :concurrency {:type :singleton :on-new-version :supersede}
 :invocations {:default {:inputs []}}
 :interfaces {:manual [{:id :run :invocation :default}]}
 :flow '${body}}`,
      );
      if (sim !== undefined) writeFileSync(join(dir, `${name}.sim.edn`), sim);
      return path;
    },
  };
}

/** Runs the built `flow-edn` in another process on the workspace's store. */
export function cliRun(ws: Workspace, args: string[]): Promise<{ code: number; stdout: string; stderr: string; exitedAt: number }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [cli, ...args, '--db', ws.db], { cwd: ws.dir, env: { ...process.env, NO_COLOR: '1', FLOW_EDN_USER: 'cli' } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr, exitedAt: Date.now() }));
  });
}

export async function until(what: string, fn: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Collects feed changes with the time each batch arrived. */
export class Collected {
  readonly changes: FeedChange[] = [];
  readonly arrivedAt = new Map<number, number>();
  readonly listener = (batch: readonly FeedChange[]) => {
    const now = Date.now();
    for (const c of batch) {
      this.changes.push(c);
      this.arrivedAt.set(c.seq, now);
    }
  };
  of(runId: string): FeedChange[] {
    return this.changes.filter((c) => c.runId === runId);
  }
}

/** A short label per change, for comparing sequences. */
export function label(c: FeedChange): string {
  switch (c.kind) {
    case 'run':
      return `run:${c.status}`;
    case 'step':
      return `step:${c.stepKey}:${c.status}`;
    case 'wait':
      return `wait:${c.status}`;
    case 'branch':
      return `branch:${c.branch.label}:${c.branch.taken}`;
    case 'event':
      return `event:${c.event.type}`;
  }
}

/**
 * A run service closed when the test file ends, even when an assertion failed before the
 * test's own `close()` (an open worker or feed poll would keep the file's process alive).
 */
const opened = new Set<RunService>();
after(() => Promise.all([...opened].map((s) => s.close())));
export function openService(options: RunServiceOptions): RunService {
  const service = new RunService(options);
  opened.add(service);
  return service;
}
