// Loads a command group's bundle with V8's code cache on Node 20, which has no compile cache
// of its own: the bytecode a run compiled is kept on disk beside a copy of the bundle it was
// compiled from, and handed back to V8 on the next run. It lives beside the bundles (filled by
// the package's install) or in a per-user folder. The cache is an optimisation only: any
// failure to read, check or write it (missing, damaged, read-only, foreign owner) falls back to
// compiling. docs/cli-cold-start.md says why it is built this way.

import { closeSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writevSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { Script } from 'node:vm';

/** A cache file: this magic, the bundle's length (u32 little-endian), the bundle's bytes, then V8's data. */
const MAGIC = Buffer.from('FEDNV8C2');
const HEADER = MAGIC.length + 4;

/**
 * V8 checks a code cache's checksum only under this flag (release builds skip it, and would run
 * a damaged file's bytecode). The bin's shebang sets it; a process without it does not use the cache.
 */
export const CHECKSUM_FLAG = '--verify-snapshot-checksum';

/** Bundles loaded through the cache whose data is still to be written (a miss or a rejection). */
const pending: { script: Script; file: string; bytes: Buffer; mode: number; bundlePath: string; beside: boolean }[] = [];

/** Entries beside the bundles are readable by all (root's install serves every user); the user's own folder's are private. */
const BESIDE_MODE = 0o644;

const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;

/** A folder a cache entry may be read from; `ours` when this process may write its entries (with `mode`). */
export interface CachePlace {
  dir: string;
  ours: boolean;
  mode: number;
  /** The folder beside the bundles (else the user's own). */
  beside: boolean;
}

/**
 * The folder the cache lives in: FLOW_EDN_CACHE_DIR, else a per-user folder in the OS temporary
 * folder; null when caching is off (FLOW_EDN_NO_CACHE=1) or the folder is not safely ours.
 */
export function cacheDir(env: NodeJS.ProcessEnv = process.env, create = true): string | null {
  if (env.FLOW_EDN_NO_CACHE === '1') return null;
  const dir = env.FLOW_EDN_CACHE_DIR || join(tmpdir(), `flow-edn-v8-cache${uid === undefined ? '' : `-${uid}`}`);
  try {
    if (create) mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = statSync(dir);
    // Code read from a folder another user can write would run as ours: refuse it.
    if (!st.isDirectory() || (uid !== undefined && (st.uid !== uid || (st.mode & 0o022) !== 0))) return null;
    return dir;
  } catch {
    return null;
  }
}

/**
 * The cache beside the bundles (out/.v8-cache), which the package's install fills
 * (`flow-edn --warm-cache`, its postinstall) so that a person's first command finds its code
 * compiled, and which outlives a reboot, unlike the temporary folder. Created where this process
 * may write the bundles' folder. Read when only its owner can write it and that owner is this
 * user or root (root's install, used by everyone: root could change the bundles themselves);
 * written only by its owner. Null when the cache is off or FLOW_EDN_CACHE_DIR names the place.
 */
export function packageCacheDir(bundlePath: string, env: NodeJS.ProcessEnv = process.env): CachePlace | null {
  if (env.FLOW_EDN_NO_CACHE === '1' || env.FLOW_EDN_CACHE_DIR) return null;
  const dir = join(dirname(bundlePath), '.v8-cache');
  try {
    try {
      mkdirSync(dir, { mode: 0o755 });
    } catch {
      // there already, or the bundles' folder is not ours to write
    }
    const st = statSync(dir);
    if (!st.isDirectory()) return null;
    if (uid === undefined) return { dir, ours: true, mode: BESIDE_MODE, beside: true };
    if ((st.mode & 0o022) !== 0 || (st.uid !== uid && st.uid !== 0)) return null;
    return { dir, ours: st.uid === uid, mode: BESIDE_MODE, beside: true };
  } catch {
    return null;
  }
}

/** The user's own folder as a place, if it is usable (made on this call unless `create` is false). */
function ownFolder(create = true): CachePlace | null {
  const own = cacheDir(process.env, create);
  return own === null ? null : { dir: own, ours: true, mode: 0o600, beside: false };
}

/** The user's own folder's entry for a bundle: where data refused or unwritable beside the bundles goes. */
function ownPlace(bundlePath: string): { file: string; place: CachePlace } | undefined {
  const place = ownFolder();
  return place === null ? undefined : { file: cacheFile(place.dir, bundlePath), place };
}

/**
 * Where a bundle's entry is looked for, in order: beside the bundles, then the user's own folder
 * (made only when nothing beside the bundles is ours: where it is, the own folder is read only if
 * it exists, for entries that folder could not take, such as on a read-only file system).
 */
function* cachePlaces(bundlePath: string): Generator<CachePlace> {
  const beside = packageCacheDir(bundlePath);
  if (beside !== null) yield beside;
  const own = ownFolder(beside?.ours !== true);
  if (own !== null) yield own;
}

/** FNV-1a over a short string's UTF-16 units, 8 hex digits: names the entry, checks nothing. */
function nameHash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * The cache file of a bundle: its name, its path, and this Node's version, arch and V8 flags
 * (V8 refuses data made under others; runs with other flags get their own file). One file per
 * bundle path: a rebuilt bundle replaces its entry, whose copy of the bundle tells them apart.
 */
export function cacheFile(dir: string, bundlePath: string): string {
  return join(dir, `${basename(bundlePath, '.js')}-${nameHash(resolve(bundlePath))}-${process.version}-${process.arch}-${nameHash(engineFlags(process.execArgv).join('\n'))}.v8`);
}

/** Node's options less the modules preloaded (`-r X`, `--require X`), which do not change how V8 compiles. */
export function engineFlags(execArgv: readonly string[]): string[] {
  const flags: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const a = execArgv[i]!;
    if (a === '-r' || a === '--require') i++;
    else if (!a.startsWith('--require=')) flags.push(a);
  }
  return flags;
}

/** V8's data of a cache file made from exactly `bytes`, else undefined. */
function readCache(file: string, bytes: Buffer): Buffer | undefined {
  let raw: Buffer;
  try {
    raw = readFileSync(file);
  } catch {
    return undefined;
  }
  if (raw.length <= HEADER || !raw.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const length = raw.readUInt32LE(MAGIC.length);
  if (length !== bytes.length || raw.length <= HEADER + length) return undefined;
  // The bundle the data was compiled from, byte for byte (a memcmp): V8 itself checks only the length.
  if (!raw.subarray(HEADER, HEADER + length).equals(bytes)) return undefined;
  return raw.subarray(HEADER + length);
}

/** Requires `bundlePath` as CommonJS, compiled from (and later into) the code cache. */
export function requireCached(bundlePath: string): unknown {
  const cached = require.cache[bundlePath];
  if (cached) return cached.exports;
  if (!process.execArgv.includes(CHECKSUM_FLAG)) return require(bundlePath);
  const bytes = readFileSync(bundlePath);
  let data: Buffer | undefined;
  /** Where a miss or a refused entry is written: the place it was found, if ours, else the first place that is. */
  let writeTo: { file: string; place: CachePlace } | undefined;
  for (const place of cachePlaces(bundlePath)) {
    const file = cacheFile(place.dir, bundlePath);
    data = readCache(file, bytes);
    if (place.ours && (data !== undefined || writeTo === undefined)) writeTo = { file, place };
    if (data !== undefined) break;
  }
  if (data === undefined && writeTo === undefined) return require(bundlePath);
  const script = new Script(Module.wrap(bytes.toString('utf8')), { filename: bundlePath, cachedData: data });
  // A miss, or data V8 refused (damaged): written where this process may write.
  if (data === undefined || script.cachedDataRejected === true) {
    const target = writeTo ?? ownPlace(bundlePath);
    if (target !== undefined) pending.push({ script, file: target.file, bytes, mode: target.place.mode, bundlePath, beside: target.place.beside });
  }
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
  for (const { script, file, bytes, mode, bundlePath, beside } of pending.splice(0)) {
    let data: Buffer | undefined;
    const serialised = () => (data ??= script.createCachedData());
    if (writeEntry(file, mode, bytes, serialised)) continue;
    // The folder beside the bundles would not take it (a read-only file system): the user's own.
    const own = beside ? ownPlace(bundlePath) : undefined;
    if (own !== undefined) writeEntry(own.file, own.place.mode, bytes, serialised);
  }
}

/**
 * Writes one entry whole or not at all (a temporary file renamed). The file is opened before
 * V8's data is made, so a folder that cannot be written costs no serialising.
 */
function writeEntry(file: string, mode: number, bytes: Buffer, data: () => Buffer): boolean {
  const tmp = `${file}.${process.pid}.tmp`;
  let fd: number;
  try {
    fd = openSync(tmp, 'w', mode);
  } catch {
    return false;
  }
  try {
    try {
      const length = Buffer.alloc(4);
      length.writeUInt32LE(bytes.length);
      // The parts written as they are (no concatenated copy: fresh memory is dear at start).
      const parts: Buffer[] = [MAGIC, length, bytes, data()];
      while (parts.length > 0) {
        let n = writevSync(fd, parts);
        while (parts.length > 0 && n >= parts[0]!.length) n -= parts.shift()!.length;
        if (n > 0) parts[0] = parts[0]!.subarray(n);
      }
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
    return true;
  } catch {
    try {
      unlinkSync(tmp);
    } catch {
      // nothing written
    }
    return false;
  }
}
