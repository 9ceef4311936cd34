// Checks that look at every literal in the file whatever its place: duplicate keys in map
// literals and duplicate set members (Clojure's reader refuses both), hard-coded workspace
// ids, and very large inline strings.

import type { Node } from '../../edn/nodes';
import { walk } from '../../edn/navigate';
import { printNode } from '../../edn/printer';
import type { CheckContext } from './context';
import { msg } from './messages';

/** Quoted strings longer than this are flagged (the platform's lint: large_inline_string). */
export const LARGE_STRING = 4000;
const workspaceId = /^ws-[A-Za-z0-9]{6,}$/;

export function checkLiterals(ctx: CheckContext, forms: Node[]): void {
  walk(forms, (node) => {
    if (node.kind === 'map' || node.kind === 'set') {
      const step = node.kind === 'map' ? 2 : 1;
      const c = node.children;
      const n = node.kind === 'map' ? c.length - (c.length % 2) : c.length;
      if (n <= 16 * step) {
        // Small maps (nearly all): compare keys pairwise on their source text, no allocation.
        for (let i = step; i < n; i += step) {
          for (let j = 0; j < i; j += step) {
            if (sameKey(ctx.text, c[i]!, c[j]!)) {
              reportDuplicate(ctx, node.kind, c[i]!, c[j]!);
              break;
            }
          }
        }
      } else {
        const seen = new Map<string, Node>();
        for (let i = 0; i < n; i += step) {
          const text = printNode(c[i]!);
          const prev = seen.get(text);
          if (prev) reportDuplicate(ctx, node.kind, c[i]!, prev);
          else seen.set(text, c[i]!);
        }
      }
    } else if (node.kind === 'string') {
      if (node.value.length > LARGE_STRING) ctx.report('large-inline-string', 'warning', { start: node.start, end: node.start + 1 }, msg.largeString(node.value.length));
      else if (workspaceId.test(node.value)) ctx.report('hardcoded-workspace-id', 'warning', node, msg.workspaceId(node.value));
    }
    return true;
  });
}

function reportDuplicate(ctx: CheckContext, kind: 'map' | 'set', key: Node, first: Node): void {
  const text = printNode(key);
  ctx.report('duplicate-key', 'error', key, kind === 'map' ? msg.duplicateKey(text, ctx.text, first.start) : msg.duplicateSetItem(text));
}

/** Same key when the printed forms match; atoms compare their source text directly. */
function sameKey(text: string, a: Node, b: Node): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'keyword':
    case 'symbol': {
      const la = a.end - a.start;
      if (la !== b.end - b.start) return false;
      for (let k = 0; k < la; k++) if (text.charCodeAt(a.start + k) !== text.charCodeAt(b.start + k)) return false;
      return true;
    }
    case 'string':
      return a.value === (b as typeof a).value;
    case 'number':
      return a.value === (b as typeof a).value && a.numberKind === (b as typeof a).numberKind;
    default:
      return printNode(a) === printNode(b);
  }
}
