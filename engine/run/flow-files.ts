// Finding flow files (for the CLI and the local runtime): named files are taken as they are; folders
// are searched for `*.flow.edn`/`*.flow.clj`, and for `.edn`/`.clj` files that hold a flow
// map (simulation files and dependency folders are skipped). Reading refuses binary files.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface InputError {
  path: string;
  message: string;
}

const skipDirs = new Set(['node_modules', '.git', '.flow-edn', 'out', 'build', '.cache']);

export function isFlowFileName(name: string): boolean {
  return /\.flow\.(edn|clj)$/.test(name);
}

function maybeFlowSource(path: string): boolean {
  if (/\.sim\.edn$/.test(path)) return false;
  if (!/\.(edn|clj)$/.test(path)) return false;
  try {
    const head = readFileSync(path, 'utf8').slice(0, 200_000);
    return /:flow\b/.test(head) && /:slug\b/.test(head);
  } catch {
    return false;
  }
}

/** Expands files and folders into flow file paths, in a stable order. */
export function collectFlowFiles(paths: string[]): { files: string[]; errors: InputError[] } {
  const files: string[] = [];
  const errors: InputError[] = [];
  const visitDir = (dir: string) => {
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch (e) {
      errors.push({ path: dir, message: `cannot read folder: ${(e as Error).message}` });
      return;
    }
    for (const name of entries) {
      const full = join(dir, name);
      let st;
      try {
        st = statSync(full);
      } catch {
        continue;
      }
      if (st.isDirectory()) {
        if (!skipDirs.has(name) && !name.startsWith('.')) visitDir(full);
      } else if (isFlowFileName(name) || maybeFlowSource(full)) files.push(full);
    }
  };
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      errors.push({ path: p, message: 'no such file or folder' });
      continue;
    }
    if (st.isDirectory()) visitDir(p);
    else files.push(p);
  }
  return { files: [...new Set(files)], errors };
}

/** Reads a text file; a file with NUL bytes or invalid UTF-8 is refused as binary. */
export function readTextFile(path: string): { text: string } | { error: string } {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { error: code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : code === 'EACCES' ? 'permission denied' : (e as Error).message };
  }
  if (buf.includes(0)) return { error: 'binary file (it contains NUL bytes), not a flow' };
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  } catch {
    return { error: 'not valid UTF-8 text' };
  }
}

export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}
