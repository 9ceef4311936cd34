// Keyboard navigation between nodes: one node is in the tab order at a time (roving
// tabindex); arrow keys move to the nearest node in that direction, Home/End to the first
// and last, Enter or Space reveals the node's source.

import type { Layout } from './layout';

export type Arrow = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown';

/** The node nearest to `from` in the arrow's direction (favouring nodes straight ahead), or null. */
export function nearest(layout: Layout, from: string, arrow: Arrow): string | null {
  const a = layout.nodes.get(from);
  if (!a) return null;
  const ax = a.x + a.width / 2;
  const ay = a.y + a.height / 2;
  let best: string | null = null;
  let bestScore = Infinity;
  for (const [id, b] of layout.nodes) {
    if (id === from) continue;
    const dx = b.x + b.width / 2 - ax;
    const dy = b.y + b.height / 2 - ay;
    const ahead = arrow === 'ArrowRight' ? dx : arrow === 'ArrowLeft' ? -dx : arrow === 'ArrowDown' ? dy : -dy;
    const side = arrow === 'ArrowRight' || arrow === 'ArrowLeft' ? Math.abs(dy) : Math.abs(dx);
    if (ahead <= 1) continue;
    const score = ahead + 2 * side;
    if (score < bestScore) {
      bestScore = score;
      best = id;
    }
  }
  return best;
}

/** Nodes in reading order (top to bottom, left to right). */
export function readingOrder(layout: Layout): string[] {
  return [...layout.nodes.entries()].sort(([, a], [, b]) => a.y - b.y || a.x - b.x).map(([id]) => id);
}
