// Node navigation: the path of nodes enclosing an offset, map lookups by keyword, and a
// walk over every node. Used by the checker, the language server and the engine.

import { childrenOf, isKeyword, unwrapMeta, type CollNode, type Node } from './nodes';

/** Nodes from the outermost form down to the innermost one containing `offset`
 *  (start <= offset <= end, so a caret right after a token still finds it). */
export function pathAt(forms: Node[], offset: number): Node[] {
  const path: Node[] = [];
  let level: Node[] = forms;
  for (;;) {
    const hit = findContaining(level, offset);
    if (hit === undefined) return path;
    path.push(hit);
    level = childrenOf(hit);
  }
}

function findContaining(nodes: Node[], offset: number): Node | undefined {
  let lo = 0;
  let hi = nodes.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const n = nodes[mid]!;
    if (offset < n.start) hi = mid - 1;
    else if (offset > n.end) lo = mid + 1;
    else {
      // Prefer a node that starts exactly at the offset over one that ends there.
      const next = nodes[mid + 1];
      if (next !== undefined && next.start === offset) return next;
      return n;
    }
  }
  return undefined;
}

/** The innermost node containing `offset`, if any. */
export function nodeAt(forms: Node[], offset: number): Node | undefined {
  const path = pathAt(forms, offset);
  return path[path.length - 1];
}

export interface MapEntry {
  key: Node;
  value: Node;
}

/** Key/value pairs of a map node (a dangling key is left out). */
export function mapEntries(map: CollNode): MapEntry[] {
  const out: MapEntry[] = [];
  const c = map.children;
  for (let i = 0; i + 1 < c.length; i += 2) out.push({ key: c[i]!, value: c[i + 1]! });
  return out;
}

/** The value under the plain keyword `:name` in a map node. */
export function mapGet(map: Node | null | undefined, name: string): Node | undefined {
  const m = unwrapMeta(map ?? null);
  if (m === null || m.kind !== 'map') return undefined;
  const c = m.children;
  for (let i = 0; i + 1 < c.length; i += 2) if (isKeyword(c[i], name)) return c[i + 1];
  return undefined;
}

/** The key node for `:name` in a map node. */
export function mapKey(map: Node | null | undefined, name: string): Node | undefined {
  const m = unwrapMeta(map ?? null);
  if (m === null || m.kind !== 'map') return undefined;
  const c = m.children;
  for (let i = 0; i + 1 < c.length; i += 2) if (isKeyword(c[i], name)) return c[i];
  return undefined;
}

/** Visits every node depth-first, parents before children; return false to skip children. */
export function walk(nodes: Node[], visit: (node: Node, parent: Node | null) => boolean | void, parent: Node | null = null): void {
  for (const node of nodes) {
    if (visit(node, parent) === false) continue;
    const kids = childrenOf(node);
    if (kids.length > 0) walk(kids, visit, node);
  }
}
