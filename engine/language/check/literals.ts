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
      const seen = new Map<string, Node>();
      for (let i = 0; i < node.children.length; i += step) {
        const key = node.children[i]!;
        if (node.kind === 'map' && i + 1 >= node.children.length) break;
        const text = printNode(key);
        const prev = seen.get(text);
        if (prev) ctx.report('duplicate-key', 'error', key, node.kind === 'map' ? msg.duplicateKey(text, ctx.text, prev.start) : msg.duplicateSetItem(text));
        else seen.set(text, key);
      }
    } else if (node.kind === 'string') {
      if (node.value.length > LARGE_STRING) ctx.report('large-inline-string', 'warning', { start: node.start, end: node.start + 1 }, msg.largeString(node.value.length));
      else if (workspaceId.test(node.value)) ctx.report('hardcoded-workspace-id', 'warning', node, msg.workspaceId(node.value));
    }
    return true;
  });
}
