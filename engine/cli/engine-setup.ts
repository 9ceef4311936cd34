// What the run commands share: the store they open (`--db`, default .flow-edn/runs.db in
// the current folder), the engine options, and reading `--input`/`--payload` as EDN or JSON.

import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { nodeToValue } from '../edn/convert';
import { readEdn } from '../edn/reader';
import type { Value } from '../edn/values';
import { jsonToValue } from '../run/codec';
import type { EngineOptions } from '../run/runner';
import { defaultStorePath, openStore } from '../store/index';
import type { RunStore } from '../store/port';
import { InputError, UsageError } from './io';

const SQLITE_HEADER = 'SQLite format 3\0';

/**
 * Opens the run store for a command. `existing` (read-only commands, and those that act on
 * runs already made) never creates folders or a database. Every problem is one line
 * (`InputError`), never a stack trace.
 */
export function openCliStore(db: string | undefined, mode: 'create' | 'existing' = 'create'): RunStore {
  const path = db ?? defaultStorePath(process.cwd());
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') throw new InputError(`cannot open the run store ${path}: a part of the path is a file, not a folder`);
    if (code === 'ELOOP') throw new InputError(`cannot open the run store ${path}: symbolic link loop`);
    if (mode === 'existing') throw new InputError(`no run store at ${path}: nothing has run with this store yet (flow-edn run creates it)${db === undefined ? '' : '; check --db'}`);
  }
  if (st?.isDirectory()) throw new InputError(`cannot open the run store ${path}: it is a folder; --db takes a file path, e.g. ${join(path, 'runs.db')}`);
  if (st !== undefined && st.size > 0) {
    const head = Buffer.alloc(16);
    try {
      const fd = openSync(path, 'r');
      try {
        readSync(fd, head, 0, 16, 0);
      } finally {
        closeSync(fd);
      }
    } catch (e) {
      throw new InputError(`cannot open the run store ${path}: ${(e as NodeJS.ErrnoException).code === 'EACCES' ? 'permission denied' : (e as Error).message}`);
    }
    if (head.toString('latin1') !== SQLITE_HEADER) throw new InputError(`cannot open the run store ${path}: it is not a flow-edn run store (not a SQLite database); pass --db a new path or an existing store`);
  }
  try {
    return openStore(path);
  } catch (e) {
    throw new InputError(`cannot open the run store ${path}: ${(e as Error).message.split('\n')[0]}`);
  }
}

export function engineFor(store: RunStore): EngineOptions {
  return { store, env: process.env, user: process.env.FLOW_EDN_USER ?? process.env.USER ?? 'local-user' };
}

/** `--input`/`--payload`: JSON when it parses as JSON, else EDN. */
export function parseData(text: string, option: string): Value {
  const trimmed = text.trim();
  if (/^[[{"]/.test(trimmed) || /^-?\d/.test(trimmed)) {
    try {
      return jsonToValue(JSON.parse(trimmed));
    } catch {
      // not JSON: read it as EDN
    }
  }
  const parsed = readEdn(trimmed);
  if (parsed.findings.length > 0 || parsed.forms.length !== 1) {
    throw new UsageError(`${option} is neither JSON nor one EDN value: ${parsed.findings[0]?.message ?? 'expected exactly one value'}`);
  }
  return nodeToValue(parsed.forms[0]!);
}

export function requireFormat(format: string | undefined): 'text' | 'json' {
  const f = format ?? 'text';
  if (f !== 'text' && f !== 'json') throw new UsageError(`--format must be text or json, not '${f}'`);
  return f;
}
