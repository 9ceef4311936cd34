// `flow-edn serve` as a child process (the tsc-compiled CLI entry, so it is always current),
// for tests that kill it with SIGKILL and start it again on the same store.

import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const CLI = join(__dirname, '..', '..', 'engine', 'cli', 'main.js');

export interface Child {
  proc: ChildProcess;
  url: string;
  lines: string[];
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
  waitForLine(re: RegExp, timeoutMs?: number): Promise<string>;
}

export async function spawnServe(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Child> {
  const proc = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--no-watch', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters: { re: RegExp; resolve: (l: string) => void }[] = [];
  let buffer = '';
  const onData = (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let i;
    while ((i = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      lines.push(line);
      for (const w of [...waiters]) if (w.re.test(line)) (waiters.splice(waiters.indexOf(w), 1), w.resolve(line));
    }
  };
  proc.stdout!.on('data', onData);
  proc.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const waitForLine = (re: RegExp, timeoutMs = 20_000) => {
    const seen = lines.find((l) => re.test(l));
    if (seen) return Promise.resolve(seen);
    return new Promise<string>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`serve printed no line matching ${re}; it printed:\n${lines.slice(-20).join('\n')}`)), timeoutMs);
      waiters.push({ re, resolve: (l) => (clearTimeout(t), resolve(l)) });
      void exited.then(() => setTimeout(() => reject(new Error(`serve exited before printing ${re}:\n${lines.slice(-20).join('\n')}`)), 50));
    });
  };
  const listening = await waitForLine(/listening on (http:\/\/\S+)/);
  return { proc, url: /listening on (http:\/\/\S+)/.exec(listening)![1]!, lines, exited, waitForLine };
}
