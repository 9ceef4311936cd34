// Stops a process and everything it started, by pid: code-server's children can outlive it
// for seconds after SIGTERM (test-vscode.md), so the tree is recorded first from /proc and
// each recorded process is signalled by its own id.

import { readdirSync, readFileSync } from 'node:fs';

/** State letter and parent pid from /proc/PID/stat, or undefined when the process is gone. */
function statOf(pid: number): { state: string; parent: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // `pid (comm) state ppid ...`; comm may hold spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0]!, parent: Number(fields[1]) };
  } catch {
    return undefined;
  }
}

/** `root` and all its live descendants, parents before children. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const parent = statOf(pid)?.parent;
    if (parent === undefined) continue;
    children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const tree: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/** Running, sleeping or stopped; a zombie has exited already. */
function alive(pid: number): boolean {
  const state = statOf(pid)?.state;
  return state !== undefined && state !== 'Z' && state !== 'X';
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/**
 * SIGTERM to every process of the tree, then SIGKILL to those still alive after `graceMs`.
 * Returns the pids that had to be killed.
 */
export async function stopProcessTree(root: number, graceMs = 5000): Promise<number[]> {
  return stopProcesses(processTree(root), graceMs);
}

/** SIGTERM to each of `pids` still alive, SIGKILL after `graceMs`; returns the pids killed. */
export async function stopProcesses(pids: readonly number[], graceMs = 5000): Promise<number[]> {
  const live = pids.filter(alive);
  for (const pid of live) signal(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  // A bounded wait for exits (cleanup, not a test assertion); 50 ms between checks.
  while (live.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const killed = live.filter(alive);
  for (const pid of killed) signal(pid, 'SIGKILL');
  return killed;
}
