// Definition, references and document highlights for templates, functions, slots, secrets,
// invocations and locals. Pure: (analysis, offset) -> source spans.

import type { Span } from '../../engine/edn/nodes';
import { entityAt, localEntityAt, type DocumentAnalysis, type Occurrence } from '../../engine/language/analysis/index';

export interface NavigationTarget extends Span {
  declaration: boolean;
}

function spanOf(o: Occurrence): NavigationTarget {
  return { start: o.node.start, end: o.node.end, declaration: o.declaration };
}

/** Where the thing at `offset` is declared (bound, for a local). Empty when nothing is. */
export function definition(analysis: DocumentAnalysis, offset: number): NavigationTarget[] {
  const local = localEntityAt(analysis, offset);
  if (local !== null) return [{ ...local.declaration, declaration: true }];
  const entity = entityAt(analysis, offset);
  if (entity === null) return [];
  return entity.occurrences.filter((o) => o.declaration).map(spanOf);
}

/** Every occurrence of the thing at `offset`; the declaration only when asked for. */
export function references(analysis: DocumentAnalysis, offset: number, includeDeclaration: boolean): NavigationTarget[] {
  const local = localEntityAt(analysis, offset);
  if (local !== null) {
    const uses = local.uses.map((u) => ({ ...u, declaration: false }));
    return includeDeclaration ? [{ ...local.declaration, declaration: true }, ...uses] : uses;
  }
  const entity = entityAt(analysis, offset);
  if (entity === null) return [];
  return entity.occurrences.filter((o) => includeDeclaration || !o.declaration).map(spanOf);
}
