// The files a run's text came from: the flow file and the files it `#flow/include`s. A run runs
// the expanded text; this takes a span of it back to its file (line, column) and a line of a
// file to the stretches of the expanded text copied from it, so timelines, run errors,
// breakpoints and frames speak of the file the person edits.

import { readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { LineIndex } from '../edn/positions';
import { expandIncludes, hasIncludes, locate, type ExpandedSource } from '../language/include';
import type { FlowProgram } from './program';

/** A stretch of the expanded text: [start, end). */
export interface TextRange {
  start: number;
  end: number;
}

/** A span in one file: `file` null for the flow file itself; lines and columns 1-based. */
export interface FilePlace {
  file: string | null;
  line: number;
  endLine: number;
  column: number;
  endColumn: number;
}

function readNow(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function real(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
}

export class FlowFiles {
  private readonly lineIndex = new Map<string | null, LineIndex>();
  private readonly root: string | null;

  /** `text` is what the run runs; `expansion` the includes it was expanded from (null: none). */
  constructor(
    readonly text: string,
    readonly path: string | null,
    readonly expansion: ExpandedSource | null,
    /** Files the flow file includes now that the run's text could not be taken back to (changed since it started). */
    readonly unmatched: readonly string[] = [],
  ) {
    this.root = expansion !== null ? [...expansion.files.keys()][0]! : path !== null ? resolve(path) : null;
    this.lineIndex.set(null, new LineIndex(expansion !== null ? expansion.files.get(this.root!)! : text));
  }

  /** The included files (absolute paths), in the order they were read. */
  get included(): string[] {
    return this.expansion === null ? [] : [...this.expansion.files.keys()].slice(1);
  }

  /** The text of a file as the run read it (null: the flow file). */
  launchedText(file: string | null): string {
    return file === null ? this.lines(null).text : this.expansion!.files.get(file)!;
  }

  /** The path of a file (null: the flow file's). */
  pathOf(file: string | null): string | null {
    return file ?? this.root;
  }

  /** True when the file on disk is no longer the text the run runs (edited since it started, or
   *  gone). Read again only when its size or modification time moved (frames ask at every stop). */
  changedOnDisk(file: string | null, read?: (path: string) => string | null): boolean {
    const path = this.pathOf(file);
    if (path === null) return false;
    if (read !== undefined) return read(path) !== this.launchedText(file);
    let stamp = 'gone';
    try {
      const st = statSync(path);
      stamp = `${st.mtimeMs}:${st.size}`;
    } catch {
      // gone: changed
    }
    const seen = this.checked.get(path);
    if (seen?.stamp === stamp) return seen.changed;
    const changed = readNow(path) !== this.launchedText(file);
    this.checked.set(path, { stamp, changed });
    return changed;
  }

  private readonly checked = new Map<string, { stamp: string; changed: boolean }>();

  /** The key of a path: null for the flow file, the included file's path, undefined for a file the flow does not include. */
  fileOf(path: string | null): string | null | undefined {
    if (path === null || this.root === null) return null;
    const abs = resolve(path);
    if (abs === this.root || real(abs) === real(this.root)) return null;
    if (this.expansion === null) return undefined;
    const r = real(abs);
    return [...this.expansion.files.keys()].slice(1).find((f) => f === abs || f === r);
  }

  /** A short name for messages: the path relative to the flow's folder. */
  name(file: string | null): string {
    if (file === null) return this.root !== null ? basename(this.root) : 'the flow';
    return this.root !== null ? relative(dirname(this.root), file) : file;
  }

  lines(file: string | null): LineIndex {
    let index = this.lineIndex.get(file);
    if (index === undefined) {
      index = new LineIndex(this.expansion!.files.get(file!)!);
      this.lineIndex.set(file, index);
    }
    return index;
  }

  /** Where a span of the expanded text is: its file (a span across files: the flow file's include directive), lines and columns. */
  place(start: number, end: number): FilePlace {
    let file: string | null = null;
    let s = start;
    let e = end;
    if (this.expansion !== null) {
      const at = locate(this.expansion, start, end);
      file = at.file === this.root ? null : at.file;
      s = at.start;
      e = at.end;
    }
    const index = this.lines(file);
    const a = index.position(s);
    const b = index.position(e);
    return { file, line: a.line + 1, endLine: b.line + 1, column: a.character + 1, endColumn: b.character + 1 };
  }

  /** The stretches of the expanded text copied from 0-based `line` of `file` (several when the
   *  file is included more than once or the line holds an include directive; none when the
   *  line is only a directive, or past the file's end). */
  rangesOf(file: string | null, line: number): TextRange[] {
    const index = this.lines(file);
    if (line < 0 || line >= index.lineCount) return [];
    const from = index.offset({ line, character: 0 });
    const to = line + 1 < index.lineCount ? index.offset({ line: line + 1, character: 0 }) : index.text.length + 1;
    if (this.expansion === null) return [{ start: from, end: to }];
    const key = file ?? this.root!;
    const out: TextRange[] = [];
    for (const seg of this.expansion.segments) {
      if (seg.file !== key) continue;
      const a = Math.max(from, seg.fileStart);
      const b = Math.min(to, seg.fileStart + (seg.end - seg.start));
      if (a < b) out.push({ start: seg.start + (a - seg.fileStart), end: seg.start + (b - seg.fileStart) });
    }
    return out;
  }
}

/** The files of a program: its expansion when it has includes; for a run whose pinned text is
 *  already expanded (attach), the flow file expanded again when that gives the same text. */
export function flowFilesOf(program: FlowProgram): FlowFiles {
  let expansion = program.includes ?? null;
  let unmatched: string[] = [];
  if (expansion === null && program.path !== null) {
    try {
      const disk = readFileSync(program.path, 'utf8');
      if (disk !== program.source && hasIncludes(disk)) {
        const again = expandIncludes(program.path, disk);
        if (again.text === program.source && again.problems.length === 0) expansion = again;
        else unmatched = [...again.files.keys()].slice(1);
      }
    } catch {
      // the flow file is gone: the run's text stands alone
    }
  }
  return new FlowFiles(program.source, program.path, expansion, unmatched);
}

/** Where a form of a run's text is, for people: `file` the included file's path relative to the
 *  flow's folder (absent for the flow file itself), `line` 1-based in that file. */
export interface SourceLine {
  file?: string;
  line: number;
}

const filesOfRuns = new WeakMap<FlowProgram, FlowFiles>();

/** The file and line of offset `start` of a program's (expanded) text. */
export function sourceLineOf(program: FlowProgram, start: number): SourceLine {
  const expansion = program.includes ?? null;
  if (expansion === null) return { line: program.lines.position(start).line + 1 };
  let files = filesOfRuns.get(program);
  if (files === undefined) {
    files = new FlowFiles(program.source, program.path, expansion);
    filesOfRuns.set(program, files);
  }
  const at = files.place(start, start);
  return at.file === null ? { line: at.line } : { file: files.name(at.file), line: at.line };
}

