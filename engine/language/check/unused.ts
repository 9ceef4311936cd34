// Declarations nothing uses: templates, functions and connection slots (hints, rendered
// faded). A slot counts as used when a step, channel or auth map names it, by id or by its
// `:secret-ref`, or `flow/slot-bound?` tests it.

import type { CheckContext } from './context';
import { msg } from './messages';

export function reportUnused(ctx: CheckContext): void {
  const d = ctx.decls;
  for (const t of d.templates.values()) if (!ctx.used.template.has(t.id)) ctx.report('unused-declaration', 'hint', t.node, msg.unused('template', t.id), { name: ':' + t.id }, ['unnecessary']);
  for (const f of d.functions.values()) if (!ctx.used.function.has(f.id)) ctx.report('unused-declaration', 'hint', f.node, msg.unused('function', f.id), { name: ':' + f.id }, ['unnecessary']);
  for (const s of d.slots.values()) {
    if (ctx.used.connection.has(s.id) || ctx.used.secret.has(s.id)) continue;
    ctx.report('unused-declaration', 'hint', s.node, msg.unused('slot', s.id), { name: ':' + s.id }, ['unnecessary']);
  }
}
