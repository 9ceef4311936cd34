// The flows a runtime serves: read from files and folders, each with its default simulation
// file, checked and compiled; watched, so an edit reloads the flow (runs already started stay
// on their snapshot). A flow that stops checking keeps its last good version and says why.

import { watch, type FSWatcher } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { collectFlowFiles, readTextFile } from '../run/flow-files';
import { FlowLoadError, loadProgram, sha256, type FlowProgram } from '../run/program';
import { defaultSimulationPath, emptySimulation, parseSimulation, type Simulation } from '../run/simulation';
import { readEntryPoints, type EntryPoints } from './entry-points';

export interface LoadedFlow {
  slug: string;
  path: string;
  program: FlowProgram;
  sim: Simulation;
  entry: EntryPoints;
  /** The flow version: its source's sha256 (a simulation change is not a new version). */
  version: string;
  /** sha256 of flow text + simulation text: what a reload compares. */
  fingerprint: string;
}

export type RegistryChange =
  | { type: 'loaded'; flow: LoadedFlow; previous: LoadedFlow | null }
  | { type: 'removed'; flow: LoadedFlow }
  | { type: 'error'; path: string; message: string };

export class FlowRegistry {
  private readonly byPath = new Map<string, LoadedFlow>();
  private readonly failed = new Map<string, string>();
  private watchers = new Map<string, FSWatcher>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly roots: string[],
    private readonly onChange: (change: RegistryChange) => void,
  ) {}

  get(slug: string): LoadedFlow | undefined {
    for (const f of this.byPath.values()) if (f.slug === slug) return f;
    return undefined;
  }

  all(): LoadedFlow[] {
    return [...this.byPath.values()];
  }

  /** Loads (or reloads) every flow under the roots; reports each change. */
  scan(): void {
    const { files, errors } = collectFlowFiles(this.roots);
    for (const e of errors) this.report(e.path, e.message);
    const seen = new Set(files.map((f) => resolve(f)));
    for (const [path, flow] of [...this.byPath]) {
      if (!seen.has(path)) {
        this.byPath.delete(path);
        this.onChange({ type: 'removed', flow });
      }
    }
    for (const file of files) this.loadFile(resolve(file));
  }

  /** Starts watching the roots and the folders of every flow; edits are picked up ~50 ms later. */
  watch(): void {
    const dirs = new Set<string>();
    for (const root of this.roots) dirs.add(resolve(root));
    for (const path of this.byPath.keys()) dirs.add(dirname(path));
    for (const path of this.failed.keys()) dirs.add(dirname(path));
    for (const dir of dirs) {
      if (this.watchers.has(dir)) continue;
      try {
        const w = watch(dir, () => this.changed());
        w.on('error', () => undefined);
        this.watchers.set(dir, w);
      } catch {
        // a file root: its folder is watched instead (added above through byPath)
      }
    }
  }

  close(): void {
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
    if (this.timer) clearTimeout(this.timer);
  }

  private changed(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.scan();
      this.watch();
    }, 50);
    this.timer.unref();
  }

  private report(path: string, message: string): void {
    if (this.failed.get(path) === message) return;
    this.failed.set(path, message);
    this.onChange({ type: 'error', path, message });
  }

  private loadFile(path: string): void {
    const read = readTextFile(path);
    if ('error' in read) return this.report(path, read.error);
    const simPath = defaultSimulationPath(path);
    let simText = '';
    if (simPath !== null) {
      const s = readTextFile(simPath);
      if ('error' in s) return this.report(simPath, s.error);
      simText = s.text;
    }
    const fingerprint = sha256(read.text + '\0' + simText);
    const previous = this.byPath.get(path) ?? null;
    if (previous?.fingerprint === fingerprint) {
      this.failed.delete(path);
      return;
    }
    let flow: LoadedFlow;
    try {
      const program = loadProgram(read.text, path);
      const sim = simPath !== null ? parseSimulation(simText, simPath) : emptySimulation();
      const other = this.get(program.slug);
      if (other !== undefined && other.path !== path) return this.report(path, `slug :${program.slug} is already served from ${other.path}; this file is not served`);
      flow = { slug: program.slug, path, program, sim, entry: readEntryPoints(program), version: program.sourceHash, fingerprint };
    } catch (e) {
      const message = e instanceof FlowLoadError ? e.message : (e as Error).message;
      return this.report(path, previous ? `${message}\n  (still serving the previous version)` : message);
    }
    this.failed.delete(path);
    this.byPath.set(path, flow);
    this.onChange({ type: 'loaded', flow, previous });
  }
}
