// The analysis of one version of a flow file, for editor features: declarations, the
// document index (references, steps, code regions, branches), and `locate`, which says what
// the node at an offset means — following the caret into function code held in strings.
// Each part is computed on first use and kept for the version.

import type { CollNode, Node, StringNode } from '../../edn/nodes';
import { unwrapMeta } from '../../edn/nodes';
import { pathAt } from '../../edn/navigate';
import { LineIndex } from '../../edn/positions';
import type { ParsedFile } from '../../edn/reader';
import { CheckContext, type Declarations } from '../check/check-context';
import { collectDeclarations } from '../check/declarations';
import { contextsAlong, contextsFrom, functionCodeContext, type NodeContext } from './node-meaning';
import { indexDocument, type DocumentIndex } from './document-index';
import { stringRegion, type CodeRegion } from './regions';

export * from './node-meaning';
export * from './document-index';
export * from './regions';
export * from './locals';
export * from './scope-at';
export * from './entities';

/** What the caret (or a node) is on. */
export interface Location {
  /** Null for the file itself; a region when the offset is inside function code held in a string. */
  region: CodeRegion | null;
  /** The text `path` refers to (the source, or the code string's value). */
  text: string;
  /** The offset in `text`. */
  offset: number;
  /** Nodes from the outermost form down to the innermost one at the offset. */
  path: Node[];
  /** The meaning of each node of `path`. */
  contexts: NodeContext[];
  /** For a region: the path and contexts in the file, down to the code string. */
  outer: { path: Node[]; contexts: NodeContext[] } | null;
}

export class DocumentAnalysis {
  private declsCache: Declarations | undefined;
  private linesCache: LineIndex | undefined;
  private indexCache: DocumentIndex | undefined;
  private readonly stringRegions = new Map<StringNode, CodeRegion>();

  /** The flow map, when the file holds one (its first form, as the checker reads it). */
  readonly flow: CollNode | null;

  /** Built from a parse alone, so editor features need not wait for the checker. */
  constructor(readonly parsed: ParsedFile) {
    const first = unwrapMeta(parsed.forms[0] ?? null);
    this.flow = first?.kind === 'map' ? first : null;
  }

  get text(): string {
    return this.parsed.text;
  }

  /** Lines of the source (for messages that name a line). */
  get lines(): LineIndex {
    if (this.linesCache === undefined) this.linesCache = new LineIndex(this.text);
    return this.linesCache;
  }

  /** The 1-based line of a source offset. */
  lineOf(offset: number): number {
    return this.lines.position(offset).line + 1;
  }

  /** Templates, functions, slots, invocations and packaged steps the file declares. */
  get decls(): Declarations {
    if (this.declsCache === undefined) {
      const scratch = new CheckContext(this.text);
      if (this.flow !== null) collectDeclarations(scratch, this.flow);
      this.declsCache = scratch.decls;
    }
    return this.declsCache;
  }

  get index(): DocumentIndex {
    if (this.indexCache === undefined) this.indexCache = indexDocument(this.flow, this.text);
    return this.indexCache;
  }

  /** The region of function code held in `node` (created once per string). */
  regionOfString(node: StringNode): CodeRegion {
    let region = this.index.regions.find((r) => r.string === node) ?? this.stringRegions.get(node);
    if (region === undefined) {
      region = stringRegion(node, this.text);
      this.stringRegions.set(node, region);
    }
    return region;
  }

  /** The region (body or function code) containing a source offset, if any. */
  regionAt(offset: number): CodeRegion | undefined {
    let best: CodeRegion | undefined;
    for (const r of this.index.regions) {
      const span = r.string ?? r.forms[0];
      if (span && span.start <= offset && offset <= span.end && (best === undefined || (best.string ?? best.forms[0])!.start <= span.start)) best = r;
    }
    return best;
  }

  /**
   * What is at `offset`. With `caret`, nodes the caret only touches from outside (right
   * after a closing delimiter or quote, or right before an opening one) are left out.
   */
  locate(offset: number, caret = false): Location {
    let path = pathAt(this.parsed.forms, offset);
    if (caret) path = trimForCaret(path, offset);
    const contexts = contextsAlong(path);
    const last = path[path.length - 1];
    const lastCtx = contexts[contexts.length - 1];
    if (last?.kind === 'string' && lastCtx?.kind === 'code-string' && offset > last.start && (!last.closed || offset < last.end)) {
      const region = this.regionOfString(last);
      const inner = region.fromSource(offset);
      if (inner !== null) {
        let innerPath = pathAt(region.forms, inner);
        if (caret) innerPath = trimForCaret(innerPath, inner);
        return { region, text: region.text, offset: inner, path: innerPath, contexts: contextsFrom(functionCodeContext, innerPath), outer: { path, contexts } };
      }
    }
    return { region: null, text: this.text, offset, path, contexts, outer: null };
  }
}

/** Drops the innermost nodes a caret at `offset` is outside of (it only touches their edges). */
export function trimForCaret(path: Node[], offset: number): Node[] {
  let n = path.length;
  while (n > 0) {
    const node = path[n - 1]!;
    const delimited = node.kind === 'string' || node.kind === 'regex' || node.kind === 'list' || node.kind === 'vector' || node.kind === 'map' || node.kind === 'set' || node.kind === 'fn' || node.kind === 'reader-cond';
    const wrapper = node.kind === 'quote' || node.kind === 'syntax-quote' || node.kind === 'meta' || node.kind === 'tagged' || node.kind === 'deref' || node.kind === 'var' || node.kind === 'unquote' || node.kind === 'unquote-splicing';
    if (delimited) {
      const closed = 'closed' in node ? node.closed : true;
      if (offset <= node.start || (closed && offset >= node.end)) n--;
      else break;
    } else if (wrapper && (offset <= node.start || (offset >= node.end && n < path.length))) {
      n--;
    } else break;
  }
  return n === path.length ? path : path.slice(0, n);
}

/** Analysis of a parsed file (one per document version). */
export function analyze(parsed: ParsedFile): DocumentAnalysis {
  return new DocumentAnalysis(parsed);
}
