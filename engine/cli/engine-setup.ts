// What the run commands share: the store they open (`--db`, default .flow-edn/runs.db in
// the current folder), the engine options, and reading `--input`/`--payload` as EDN or JSON.

import { nodeToValue } from '../edn/convert';
import { readEdn } from '../edn/reader';
import type { Value } from '../edn/values';
import { jsonToValue } from '../run/codec';
import type { EngineOptions } from '../run/runner';
import { defaultStorePath, openStore } from '../store/index';
import type { RunStore } from '../store/port';
import { UsageError } from './io';

export function openCliStore(db: string | undefined): RunStore {
  const path = db ?? defaultStorePath(process.cwd());
  try {
    return openStore(path);
  } catch (e) {
    throw new Error(`cannot open the run store ${path}: ${(e as Error).message}`);
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
