// Declarations nothing uses: templates, functions and connection slots (hints, rendered
// faded). A slot counts as used when a step, channel or auth map names it, by id or by its
// `:secret-ref`, or `flow/slot-bound?` tests it. A packaged step nothing calls or exposes
// through `:tools {:steps [...]}` is a warning, as the platform's lint says.

import type { CollNode, Node } from '../../edn/nodes';
import { childrenOf, unwrapMeta } from '../../edn/nodes';
import { mapGet } from '../../edn/navigate';
import type { CheckContext } from './check-context';
import { msg } from './messages';

export function reportUnused(ctx: CheckContext, top: CollNode): void {
  const d = ctx.decls;
  for (const t of d.templates.values()) if (!ctx.used.template.has(t.id)) ctx.report('unused-declaration', 'hint', t.node, msg.unused('template', t.id), { name: ':' + t.id }, ['unnecessary']);
  for (const f of d.functions.values()) if (!ctx.used.function.has(f.id)) ctx.report('unused-declaration', 'hint', f.node, msg.unused('function', f.id), { name: ':' + f.id }, ['unnecessary']);
  for (const s of d.slots.values()) {
    if (ctx.used.connection.has(s.id) || ctx.used.secret.has(s.id)) continue;
    ctx.report('unused-declaration', 'hint', s.node, msg.unused('slot', s.id), { name: ':' + s.id }, ['unnecessary']);
  }
  if (ctx.stepUsageUnknowable || d.steps.length === 0) return;
  const exposed = toolsExposed(top);
  if (exposed === null) return;
  for (const step of d.steps) {
    if (ctx.used.step.has(step.id) || exposed.has(step.id)) continue;
    ctx.report('unused-declaration', 'warning', step.node, msg.unreferencedPackagedStep(step.id), { name: ':' + step.id }, ['unnecessary']);
  }
}

/** Qualified ids in every `:tools {:steps [...]}` anywhere in the file; null when one such
 *  vector holds something other than keywords (what it exposes is then unknown). */
function toolsExposed(top: Node): Set<string> | null {
  const ids = new Set<string>();
  const stack: Node[] = [top];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.kind === 'map') {
      for (let i = 0; i + 1 < node.children.length; i += 2) {
        const k = node.children[i]!;
        if (k.kind !== 'keyword' || k.ns !== null || k.name !== 'tools') continue;
        let tools = unwrapMeta(node.children[i + 1]!);
        if (tools?.kind === 'quote') tools = unwrapMeta(tools.form);
        if (tools?.kind !== 'map') return null;
        let steps = unwrapMeta(mapGet(tools, 'steps') ?? null);
        if (steps?.kind === 'quote') steps = unwrapMeta(steps.form);
        if (steps === null) continue;
        if (steps.kind !== 'vector') return null;
        for (const s of steps.children) {
          if (s.kind !== 'keyword' || s.ns === null) return null;
          ids.add(`${s.ns}/${s.name}`);
        }
      }
    }
    stack.push(...childrenOf(node));
  }
  return ids;
}
