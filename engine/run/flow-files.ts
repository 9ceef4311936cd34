// Finding flow files (for the CLI and the local runtime): named files are taken as they are; folders
// are searched for `*.flow.edn`/`*.flow.clj`, and for `.edn`/`.clj` files that hold a flow
// map (simulation files and dependency folders are skipped). Folder walks follow symbolic
// links at most once per real path, so loops end (each reported once) and no file is found
// twice. Reading refuses binary files.

import { isUtf8 } from 'node:buffer';
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface InputError {
  path: string;
  message: string;
  /** A note that changes no exit status (a symbolic link loop that was not followed). */
  warning?: boolean;
}

/** Why a path cannot be statted, in words (ELOOP is a link loop, not a missing file). */
export function statError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ELOOP') return 'symbolic link loop (the link points back to itself)';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'ENOTDIR') return 'a part of the path is not a folder';
  return 'no such file or folder';
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
  const visited = new Set<string>();
  const seenFiles = new Set<string>();
  const loopsReported = new Set<string>();
  const real = (p: string): string => {
    try {
      return realpathSync(p);
    } catch {
      return p;
    }
  };
  const addFile = (p: string) => {
    const r = real(p);
    if (seenFiles.has(r)) return;
    seenFiles.add(r);
    files.push(p);
  };
  // `ancestors`: real paths of the folders on the way down (a link to one of them is a loop).
  const visitDir = (dir: string, ancestors: Set<string>) => {
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
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ELOOP' && !loopsReported.has(full)) {
          loopsReported.add(full);
          errors.push({ path: full, message: `${statError(e)}; not followed`, warning: true });
        }
        continue;
      }
      if (st.isDirectory()) {
        if (skipDirs.has(name) || name.startsWith('.')) continue;
        const r = real(full);
        if (ancestors.has(r)) {
          if (!loopsReported.has(r)) {
            loopsReported.add(r);
            errors.push({ path: full, message: `symbolic link loop: it leads back to ${displayPath(r)}; not followed`, warning: true });
          }
          continue;
        }
        if (visited.has(r)) continue; // reached before through another link
        visited.add(r);
        visitDir(full, new Set([...ancestors, r]));
      } else if (isFlowFileName(name) || maybeFlowSource(full)) addFile(full);
    }
  };
  const walk = (root: string) => {
    const r = real(root);
    if (visited.has(r)) return;
    visited.add(r);
    visitDir(root, new Set([r]));
  };
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch (e) {
      errors.push({ path: p, message: statError(e) });
      continue;
    }
    if (st.isDirectory()) walk(p);
    else addFile(p);
  }
  return { files, errors };
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
  // Native validation and decoding (simdutf): TextDecoder's fatal mode loads Node's encoding
  // module and decodes through ICU, a few ms of a cold `check` on a large flow.
  if (!isUtf8(buf)) return { error: 'not valid UTF-8 text' };
  const text = buf.toString('utf8');
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}

export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}
