// Completion by cursor context: finds what belongs at the caret (completion/site.ts) and asks
// the matching provider — keys, values, entry shapes, step types, code, template variables.
// Pure: (analysis, offset) -> entries and the source range they replace.

import type { DocumentAnalysis } from '../../../engine/language/analysis/index';
import { codeItems, resolveLocalDocs, stepSnippets, stepTypeItems } from './code';
import type { CompletionEntry, CompletionResult } from './items';
import { keyItems } from './keys';
import { authSnippets, entrySnippets, flowSkeleton, mapValueSnippet } from './shapes';
import { completionSite, type CompletionSite } from './site';
import { inPlaceholder, templateVariableItems } from './template-vars';
import { valueItems } from './field-values';

export type { CompletionEntry, CompletionResult } from './items';

/** Entries at `site`; sets `answer.incomplete` when a list was cut (the editor asks again as the user types). */
function itemsAt(analysis: DocumentAnalysis, site: CompletionSite, answer: { incomplete: boolean }): CompletionEntry[] {
  if (site.string !== null) {
    if (inPlaceholder(site)) return templateVariableItems(analysis, site);
    const ctx = site.ctx;
    if (ctx.kind === 'value' && (ctx.field.values !== undefined || ctx.field.cron || ctx.field.duration)) return valueItems(analysis, ctx.field, ctx.owner, true);
    return [];
  }
  const ctx = site.ctx;
  switch (ctx.kind) {
    case 'key':
      return site.container ? keyItems(analysis, ctx.schema, site.container, site.token, site.index) : [];
    case 'value': {
      const values = valueItems(analysis, ctx.field, ctx.owner);
      if (values.length > 0 || !ctx.code) return values;
      if (site.prefix.startsWith(':')) return [];
      const code = codeItems(site, 'body');
      answer.incomplete = code.cut;
      return code.items;
    }
    case 'step-type':
      return stepTypeItems(analysis, site);
    case 'code': {
      if (site.prefix.startsWith(':')) return [];
      const code = codeItems(site, ctx.mode);
      answer.incomplete = code.cut;
      const items = code.items;
      if (ctx.mode === 'body' && site.container?.kind === 'list' && site.index === 0) items.push(...stepSnippets(site));
      return items;
    }
    case 'map':
      // A map is expected here but not yet written: offer its shape.
      if (ctx.schema.role === 'auth') return authSnippets(ctx.schema.authPlace ?? 'webhook');
      if (site.containerCtx?.kind === 'entries') return entrySnippets(site.containerCtx.role, site.containerCtx.field, site.containerCtx.owner);
      return [];
    case 'entries':
      if (site.containerCtx?.kind === 'map') {
        const field = ctx.field;
        return [{ label: `:${field.key} [...]`, kind: 'snippet', detail: `:${field.key}`, docs: field.docs, insertText: mapValueSnippet(field, 1), snippet: true, sortText: '0', filterText: '[' }];
      }
      return [];
    case 'data':
      if (site.container === null && site.loc.region === null && analysis.parsed.forms.length === 0) return [flowSkeleton()];
      return [];
    default:
      return [];
  }
}

/** Completion entries at a source offset. Never throws on any text. */
export function complete(analysis: DocumentAnalysis, offset: number): CompletionResult {
  const site = completionSite(analysis, offset);
  const answer = { incomplete: false };
  const items = itemsAt(analysis, site, answer);
  const toSource = site.loc.region?.toSource ?? ((o: number) => o);
  return { items, start: toSource(site.start), end: toSource(site.end), incomplete: answer.incomplete };
}

/** The documentation of a resolvable entry (a local) offered at `offset`, or undefined. */
export function resolveDocs(analysis: DocumentAnalysis, offset: number, label: string): string | undefined {
  return resolveLocalDocs(completionSite(analysis, offset), label);
}
