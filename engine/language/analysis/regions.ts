// Code regions: the `:flow` body and every piece of function code (a `:functions` entry or
// a `:function` step's inline `:code`). Code inside a string is read on its own, so a region
// carries its own text and maps offsets to the source and back through the string's escapes.

import type { CollNode, Node, StringNode } from '../../edn/nodes';
import { readEdn } from '../../edn/reader';
import { stringOffsets } from '../../edn/string-offsets';
import type { CodeMode } from '../check/analyzer';
import { indexLocals, type LocalIndex } from './locals';

export interface CodeRegion {
  mode: CodeMode;
  /** The `:functions` id whose code this is, for function code in `:functions`. */
  functionId: string | null;
  /** The step config holding inline `:code`, for a `:function` step's own code. */
  stepConfig: CollNode | null;
  /** The region's text: the source for the body and quoted code, a code string's value otherwise. */
  text: string;
  /** The code's top-level forms, in the region's offsets. */
  forms: Node[];
  /** The string holding the code, when it is a string. */
  string: StringNode | null;
  /** Source offset of an offset in the region's text. */
  toSource(offset: number): number;
  /** Offset in the region's text of a source offset inside the region, or null. */
  fromSource(offset: number): number | null;
  /** The locals of the region (computed on first use). */
  locals(): LocalIndex;
}

function makeLocals(forms: Node[], mode: CodeMode, text: string): () => LocalIndex {
  let cached: LocalIndex | undefined;
  return () => {
    if (cached === undefined) {
      cached = { bindings: [], bindingOf: new Map() };
      for (const form of forms) {
        const part = indexLocals(form, mode, text);
        cached.bindings.push(...part.bindings);
        for (const [k, v] of part.bindingOf) cached.bindingOf.set(k, v);
      }
    }
    return cached;
  };
}

/** Code written directly in the source (the body, or a quoted `'(fn ...)`). */
export function sourceRegion(form: Node, mode: CodeMode, source: string, owner: { functionId?: string | null; stepConfig?: CollNode | null } = {}): CodeRegion {
  return {
    mode,
    functionId: owner.functionId ?? null,
    stepConfig: owner.stepConfig ?? null,
    text: source,
    forms: [form],
    string: null,
    toSource: (o) => o,
    fromSource: (o) => (o >= form.start && o <= form.end ? o : null),
    locals: makeLocals([form], mode, source),
  };
}

/** Function code held in a string: read on its own, offsets mapped through escapes. */
export function stringRegion(node: StringNode, source: string, owner: { functionId?: string | null; stepConfig?: CollNode | null } = {}): CodeRegion {
  const parsed = readEdn(node.value);
  const at = stringOffsets(source, node);
  const length = node.value.length;
  const contentEnd = node.closed ? node.end - 1 : node.end;
  return {
    mode: 'function',
    functionId: owner.functionId ?? null,
    stepConfig: owner.stepConfig ?? null,
    text: node.value,
    forms: parsed.forms,
    string: node,
    toSource: at,
    fromSource: (o) => {
      if (o <= node.start || o > contentEnd) return null;
      // The largest index whose source offset is <= o (`at` is monotonic).
      let lo = 0;
      let hi = length;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (at(mid) <= o) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    },
    locals: makeLocals(parsed.forms, 'function', node.value),
  };
}
