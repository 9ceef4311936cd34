// Lints on string literals the platform's lint warns about: a large inline string
// (`large_inline_string`) and a workspace id anywhere inside a string (`hardcoded_workspace_id`,
// the platform's `\bws-...\b` pattern). One walk over every string of the file, when the text
// can hold such a string at all (check/literals-possible.ts).

import type { Node, StringNode } from '../../edn/nodes';
import { limitValue } from '../catalog/limits';
import { stringOffsets } from '../../edn/string-offsets';
import type { CheckContext } from './check-context';
import { literalFindingPossible } from './literals-possible';
import { msg } from './messages';

/** Strings longer than this draw the platform lint's large_inline_string (the catalog's limits table). */
const largeInlineString = limitValue('large-inline-string');

const workspaceId = /\bws-[A-Za-z0-9_-]+\b/g;

/** Checks every string in `forms`, except inside the nodes of `skip` (checked on their own). */
export function checkLiterals(ctx: CheckContext, forms: Node[], skip?: { has(node: Node): boolean }): void {
  if ((ctx.literalsPossible ??= literalFindingPossible(ctx.text, largeInlineString)) === false) return;
  const stack: Node[] = [...forms];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (skip?.has(node) === true) continue;
    switch (node.kind) {
      case 'string':
        checkString(ctx, node);
        break;
      case 'list':
      case 'vector':
      case 'map':
      case 'set':
      case 'fn':
      case 'reader-cond':
        pushKids(stack, node.children);
        break;
      case 'meta':
        if (node.form !== null) stack.push(node.form);
        stack.push(node.meta);
        break;
      case 'quote':
      case 'syntax-quote':
      case 'unquote':
      case 'unquote-splicing':
      case 'deref':
      case 'var':
      case 'tagged':
        if (node.form !== null) stack.push(node.form);
        break;
      default:
        break; // other atoms hold no string
    }
  }
}

/** Children in reverse, so they come off the stack in source order; names and numbers,
 *  most of the leaves, hold no string and are not pushed at all. */
function pushKids(stack: Node[], kids: Node[]): void {
  for (let i = kids.length - 1; i >= 0; i--) {
    const k = kids[i]!;
    if (k.kind !== 'keyword' && k.kind !== 'symbol' && k.kind !== 'number') stack.push(k);
  }
}

function checkString(ctx: CheckContext, node: StringNode): void {
  const value = node.value;
  if (value.length > largeInlineString) {
    ctx.report('large-inline-string', 'warning', { start: node.start, end: node.start + 1 }, msg.largeInlineString(value.length));
    return;
  }
  if (!value.includes('ws-')) return;
  const at = stringOffsets(ctx.text, node);
  for (const m of value.matchAll(workspaceId)) {
    ctx.report('hardcoded-workspace-id', 'warning', { start: at(m.index), end: at(m.index + m[0].length) }, msg.workspaceId(m[0]));
  }
}
