// Loads a command group's bundle with V8's code cache on Node 20, which has no compile cache
// of its own: the bytecode a run compiled is kept on disk, keyed by a hash of the bundle's text,
// and handed back to V8 on the next run. The cache is an optimisation only: any failure to
// read, check or write it (missing, corrupt, read-only, foreign owner) falls back to compiling.

import { mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { fingerprint } from './fingerprint';

/** A cache file: this magic, the length of the fingerprint of the V8 data (one byte), the fingerprint, then the data. */
const MAGIC = Buffer.from('FEDNV8C1');

/** Bundles loaded through the cache whose data is still to be written (a miss or a rejection). */
const pending: { script: Script; file: string }[] = [];

/**
 * The folder the cache lives in: FLOW_EDN_CACHE_DIR, else a per-user folder in the OS temporary
 * folder; null when caching is off (FLOW_EDN_NO_CACHE=1) or the folder is not safely ours.
 */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.FLOW_EDN_NO_CACHE === '1') return null;
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  const dir = env.FLOW_EDN_CACHE_DIR || join(tmpdir(), `flow-edn-v8-cache${uid === undefined ? '' : `-${uid}`}`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = statSync(dir);
    // Code read from a folder another user can write would run as ours: refuse it.
    if (!st.isDirectory() || (uid !== undefined && (st.uid !== uid || (st.mode & 0o022) !== 0))) return null;
    return dir;
  } catch {
    return null;
  }
}

/**
 * The cache file of a bundle's bytes: its name, their fingerprint, and this Node's version, arch
 * and V8 flags (V8 refuses data made under others; runs with other flags get their own file).
 */
export function cacheFile(dir: string, bundlePath: string, bytes: Uint8Array): string {
  const flags = fingerprint(Buffer.from(process.execArgv.join('\n'))).slice(0, 8);
  return join(dir, `${basename(bundlePath, '.js')}-${fingerprint(bytes)}-${process.version}-${process.arch}-${flags}.v8`);
}

/** The V8 data of a cache file when it is whole (magic and checksum), else undefined. */
function readCache(file: string): Buffer | undefined {
  let raw: Buffer;
  try {
    raw = readFileSync(file);
  } catch {
    return undefined;
  }
  if (raw.length <= MAGIC.length + 1 || !raw.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const header = MAGIC.length + 1 + raw[MAGIC.length]!;
  if (raw.length <= header) return undefined;
  const data = raw.subarray(header);
  return fingerprint(data) === raw.toString('latin1', MAGIC.length + 1, header) ? data : undefined;
}

/** Requires `bundlePath` as CommonJS, compiled from (and later into) the code cache. */
export function requireCached(bundlePath: string): unknown {
  const cached = require.cache[bundlePath];
  if (cached) return cached.exports;
  const dir = cacheDir();
  if (dir === null) return require(bundlePath);
  const bytes = readFileSync(bundlePath);
  const source = bytes.toString('utf8');
  const file = cacheFile(dir, bundlePath, bytes);
  const data = readCache(file);
  const script = new Script(Module.wrap(source), { filename: bundlePath, cachedData: data });
  if (data === undefined || script.cachedDataRejected === true) pending.push({ script, file });
  const mod = new Module(bundlePath, module);
  mod.filename = bundlePath;
  mod.paths = (Module as unknown as { _nodeModulePaths(d: string): string[] })._nodeModulePaths(dirname(bundlePath));
  require.cache[bundlePath] = mod;
  const wrapper = script.runInThisContext() as (e: unknown, r: NodeJS.Require, m: Module, f: string, d: string) => void;
  try {
    wrapper.call(mod.exports, mod.exports, createRequire(bundlePath), mod, bundlePath, dirname(bundlePath));
  } catch (e) {
    delete require.cache[bundlePath];
    throw e;
  }
  mod.loaded = true;
  return mod.exports;
}

/**
 * Writes the code cache of the bundles loaded on a miss, after the command ran (so the data holds
 * the functions the command compiled). Written whole or not at all (a temporary file renamed).
 */
export function saveCodeCache(): void {
  for (const { script, file } of pending.splice(0)) {
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      const data = script.createCachedData();
      const sum = Buffer.from(fingerprint(data), 'latin1');
      writeFileSync(tmp, Buffer.concat([MAGIC, Buffer.from([sum.length]), sum, data]), { mode: 0o600 });
      renameSync(tmp, file);
    } catch {
      try {
        unlinkSync(tmp);
      } catch {
        // nothing written
      }
    }
  }
}
