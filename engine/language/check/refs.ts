// Resolves references to declared things (templates, functions, connection slots, secret
// refs, invocations) against the declarations of the whole file, marks them used, and
// reports unknown ids with did-you-mean and the list of what is declared.

import type { Node } from '../../edn/nodes';
import { unwrapMeta } from '../../edn/nodes';
import type { FieldSpec } from '../catalog/types';
import { suggest } from '../suggest';
import type { CheckContext } from './check-context';
import { msg } from './messages';

/** The id a reference names: a keyword's name, or a string (for templates and functions). */
export function refId(node: Node): { id: string; keyword: boolean } | null {
  const v = unwrapMeta(node);
  if (v === null) return null;
  if (v.kind === 'keyword') return { id: v.ns === null ? v.name : v.ns + '/' + v.name, keyword: true };
  if (v.kind === 'string') return { id: v.value, keyword: false };
  return null;
}

function unknown(ctx: CheckContext, code: string, severity: 'error' | 'warning', node: Node, kindName: string, id: string, declared: Iterable<string>, extra = ''): void {
  const names = [...declared];
  const suggestions = suggest(id, names);
  ctx.report(code, severity, node, msg.unknownRef(kindName, id, suggestions, names, extra), { name: ':' + id, suggestions: suggestions.map((s) => ':' + s), kind: kindName });
}

export function resolveRef(ctx: CheckContext, field: FieldSpec, value: Node, where: string): void {
  const ref = refId(value);
  if (ref === null) return;
  const { id } = ref;
  const d = ctx.decls;
  switch (field.ref) {
    case 'template': {
      ctx.used.template.add(id);
      const t = d.templates.get(id);
      if (t === undefined) return unknown(ctx, 'unknown-template', 'error', value, 'template', id, d.templates.keys());
      if (field.templateTypes && t.type !== null && !field.templateTypes.includes(t.type)) {
        ctx.report('template-type-mismatch', 'error', value, msg.templateTypeMismatch(id, t.type, field.templateTypes, where));
      }
      return;
    }
    case 'function': {
      ctx.used.function.add(id);
      if (!d.functions.has(id)) unknown(ctx, 'unknown-function', 'error', value, 'function', id, d.functions.keys());
      return;
    }
    case 'connection': {
      if (!ref.keyword) return; // a string is a connection id, bound outside the file
      ctx.used.connection.add(id);
      const slot = d.slots.get(id);
      if (slot === undefined) {
        if (d.hasRequires) unknown(ctx, 'unknown-connection', 'error', value, 'connection slot', id, d.slots.keys(), ' Add it to `:requires`.');
        else ctx.report('unknown-connection', 'warning', value, msg.workspaceConnection(id), { name: ':' + id });
        return;
      }
      if (field.slotTypes && slot.type !== null && !field.slotTypes.includes(slot.type)) {
        ctx.report('invalid-value', 'error', value, msg.slotTypeMismatch(id, slot.type, field.slotTypes, where));
      }
      return;
    }
    case 'secret':
      resolveSecretRef(ctx, value, id);
      return;
    case 'invocation': {
      ctx.used.invocation.add(id);
      if (!d.invocations.has(id)) unknown(ctx, 'unknown-invocation', 'error', value, 'invocation', id, d.invocations.keys(), ' Declare it under `:invocations`.');
      return;
    }
    case 'step':
      ctx.used.step.add(id);
      return;
  }
}

/** A `:secret-ref` resolves against slot ids and slots' own `:secret-ref` values. */
export function resolveSecretRef(ctx: CheckContext, value: Node, id: string): void {
  let found = false;
  for (const slot of ctx.decls.slots.values()) {
    if (slot.id === id || slot.secretRef === id) {
      ctx.used.secret.add(slot.id);
      found = true;
    }
  }
  if (!found) {
    const names = [...ctx.decls.slots.values()].filter((s) => s.type === 'secret').map((s) => s.id);
    const suggestions = suggest(id, names);
    ctx.report('unknown-secret-ref', 'warning', value, msg.unknownSecretRef(id, suggestions), { name: ':' + id, suggestions: suggestions.map((s) => ':' + s) });
  }
}
