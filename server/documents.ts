// Open documents and what the server derives from each version: the parse (once per version),
// the line index, the analysis for editor features and the checker's findings. Each is
// computed on first use, so a completion does not wait for a check it does not need. A new
// version is read incrementally from the last version read (`engine/edn/incremental.ts`) and
// checked from that version's check when it had one (`engine/language/check/incremental.ts`).

import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex } from '../engine/edn/positions';
import { readEdn, type ParsedFile } from '../engine/edn/reader';
import { readEdnIncremental } from '../engine/edn/incremental';
import { DocumentAnalysis } from '../engine/language/analysis/index';
import { fileURLToPath } from 'node:url';
import type { CheckResult } from '../engine/language/check/index';
import { checkParsedIncremental } from '../engine/language/check/incremental';
import { checkSource, type SourceCheck } from '../engine/language/check/source';
import { hasIncludes } from '../engine/language/include';

/** One version of one document, with everything derived from it. */
export class FlowSnapshot {
  private parsedCache: ParsedFile | undefined;
  private linesCache: LineIndex | undefined;
  private analysisCache: DocumentAnalysis | undefined;
  private checkCache: CheckResult | undefined;
  /** Milliseconds the read and the check took. */
  parseMs = 0;
  checkMs = 0;

  constructor(
    readonly uri: string,
    readonly version: number,
    readonly text: string,
    /** The parse of an earlier version, handed over to the first read of this one. */
    private base?: ParsedFile,
    /** The line index of an earlier version, which this one's is derived from. */
    private baseLines?: LineIndex,
    /** The check of `base`, which this version's check starts from (check/incremental.ts). */
    private baseCheck?: CheckResult,
  ) {}

  get parsed(): ParsedFile {
    if (this.parsedCache === undefined) {
      const t0 = performance.now();
      this.parsedCache = this.base === undefined ? readEdn(this.text) : readEdnIncremental(this.base, this.text, { consume: true });
      this.base = undefined;
      this.parseMs = performance.now() - t0;
    }
    return this.parsedCache;
  }

  /** Hands this version's parse (or its base) over to the next version, whose read moves its
   *  nodes in place: this snapshot forgets it and everything built on it (it is no longer
   *  current; asked again, it reads its text afresh). */
  takeParse(): ParsedFile | undefined {
    const parse = this.parsedCache ?? this.base;
    this.parsedCache = undefined;
    this.base = undefined;
    this.handedCheck = this.checkCache?.parsed === parse ? this.checkCache : this.baseCheck?.parsed === parse ? this.baseCheck : undefined;
    this.baseCheck = undefined;
    this.analysisCache = undefined;
    this.checkCache = undefined;
    return parse;
  }

  get lines(): LineIndex {
    if (this.linesCache === undefined) {
      this.linesCache = this.baseLines === undefined ? new LineIndex(this.text) : LineIndex.edited(this.baseLines, this.text);
      this.baseLines = undefined;
    }
    return this.linesCache;
  }

  /** The latest line index to derive the next version's from: this version's, or its base. */
  get latestLines(): LineIndex | undefined {
    return this.linesCache ?? this.baseLines;
  }

  get analysis(): DocumentAnalysis {
    if (this.analysisCache === undefined) this.analysisCache = new DocumentAnalysis(this.parsed);
    return this.analysisCache;
  }

  get checked(): boolean {
    return this.checkCache !== undefined;
  }

  get check(): CheckResult {
    if (this.checkCache === undefined) {
      const parsed = this.parsed;
      const t0 = performance.now();
      this.checkCache = checkParsedIncremental(parsed, this.baseCheck);
      this.baseCheck = undefined;
      this.checkMs = performance.now() - t0;
    }
    return this.checkCache;
  }

  /** The check handed over with the parse by `takeParse` (read once, by the next version). */
  takeCheck(): CheckResult | undefined {
    const check = this.handedCheck;
    this.handedCheck = undefined;
    return check;
  }

  private handedCheck: CheckResult | undefined;
}

/** The findings of a flow with `#flow/include`s, checked expanded as the platform does:
 *  the root document's own and each included file's (by uri). Null without includes. */
export function includeFindings(snapshot: FlowSnapshot): SourceCheck['files'] | null {
  if (!snapshot.uri.startsWith('file:') || !hasIncludes(snapshot.text)) return null;
  return checkSource(fileURLToPath(snapshot.uri), snapshot.text).files;
}

/** Snapshots of the open documents, one per uri, replaced when the version changes. */
export class FlowDocuments {
  private readonly snapshots = new Map<string, FlowSnapshot>();

  constructor(private readonly documents: TextDocuments<TextDocument>) {}

  /** The snapshot of the document's current version, or undefined when it is not open. */
  get(uri: string): FlowSnapshot | undefined {
    const doc = this.documents.get(uri);
    if (doc === undefined) {
      this.snapshots.delete(uri);
      return undefined;
    }
    const cached = this.snapshots.get(uri);
    if (cached !== undefined && cached.version === doc.version) return cached;
    const base = cached?.takeParse();
    const snapshot = new FlowSnapshot(uri, doc.version, doc.getText(), base, cached?.latestLines, cached?.takeCheck());
    this.snapshots.set(uri, snapshot);
    return snapshot;
  }

  forget(uri: string): void {
    this.snapshots.delete(uri);
  }

  uris(): string[] {
    return this.documents.keys();
  }
}
