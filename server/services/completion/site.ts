// Where the caret is, for completion: the word being typed (with its range), the form around
// it, the caret's index among that form's children, and what the catalog says belongs there.

import type { Node } from '../../../engine/edn/nodes';
import { childrenOf } from '../../../engine/edn/nodes';
import { childContext, type DocumentAnalysis, type Location, type NodeContext } from '../../../engine/language/analysis/index';

export interface CompletionSite {
  loc: Location;
  /** The word at the caret, in `loc.text` offsets: `[start, end)`; `prefix` is the part before the caret. */
  start: number;
  end: number;
  prefix: string;
  /** The atom being typed, if the caret is on one. */
  token: Node | null;
  /** The form holding the caret (a map, list, vector, ...), or null at the top level. */
  container: Node | null;
  containerCtx: NodeContext | null;
  /** Index of the caret's position among the container's children. */
  index: number;
  /** What belongs at the caret. */
  ctx: NodeContext;
  /** The string the caret is inside (not function code), if any. */
  string: (Node & { kind: 'string' }) | null;
}

/** Characters that end a word: whitespace, commas, delimiters and reader macro characters. */
export function isWordChar(code: number): boolean {
  if (code <= 32) return false;
  switch (code) {
    case 40: // (
    case 41: // )
    case 91: // [
    case 93: // ]
    case 123: // {
    case 125: // }
    case 34: // "
    case 59: // ;
    case 44: // ,
    case 64: // @
    case 94: // ^
    case 96: // `
    case 126: // ~
    case 92: // \
    case 39: // '
      return false;
    default:
      return true;
  }
}

const atomKinds = new Set(['keyword', 'symbol', 'number', 'nil', 'boolean', 'char', 'error', 'symbolic']);

export function completionSite(analysis: DocumentAnalysis, offset: number): CompletionSite {
  const loc = analysis.locate(offset, true);
  const { text, path, contexts } = loc;
  const o = loc.offset;
  let start = o;
  while (start > 0 && isWordChar(text.charCodeAt(start - 1))) start--;
  let end = o;
  while (end < text.length && isWordChar(text.charCodeAt(end))) end++;
  const prefix = text.slice(start, o);

  let i = path.length - 1;
  let token: Node | null = null;
  let string: CompletionSite['string'] = null;
  const last = path[i];
  if (last !== undefined && atomKinds.has(last.kind)) {
    token = last;
    i--;
  } else if (last?.kind === 'string') {
    string = last;
    i--;
  }
  const container = i >= 0 ? path[i]! : null;
  const containerCtx = i >= 0 ? contexts[i]! : null;
  let index = 0;
  let ctx: NodeContext = { kind: 'data' };
  if (container !== null && containerCtx !== null) {
    const kids = childrenOf(container);
    const at = token ?? string;
    if (at !== null) index = kids.indexOf(at);
    else {
      index = 0;
      while (index < kids.length && kids[index]!.end <= o) index++;
    }
    ctx = at !== null ? contexts[i + 1]! : childContext(containerCtx, container, index, undefined);
  } else if (loc.region !== null) {
    ctx = { kind: 'code', mode: 'function' };
  }
  return { loc, start: token ? Math.min(start, token.start) : start, end: token ? Math.max(end, token.end) : end, prefix, token, container, containerCtx, index, ctx, string };
}
