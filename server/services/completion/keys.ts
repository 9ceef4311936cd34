// Keys of a map the catalog knows (the flow map, a step config, a slot, a trigger, an auth
// map, ...): the ones not yet present, required ones first, each with a snippet for its
// value and its docs. Interface categories get their entry shape as the value.

import type { Node } from '../../../engine/edn/nodes';
import type { DocumentAnalysis, MapSchema } from '../../../engine/language/analysis/index';
import { fieldDocs, fieldSummary } from '../docs';
import { snippetEscape, sortKey, type CompletionEntry } from './items';
import { mapValueSnippet } from './shapes';
import { refCandidates } from './field-values';

/** Key entries for `map` (the caret is on key `token`, or at a new key when token is null). */
export function keyItems(analysis: DocumentAnalysis, schema: MapSchema, map: Node, token: Node | null, index: number): CompletionEntry[] {
  const kids = map.kind === 'map' ? map.children : [];
  const present = new Set<string>();
  for (let i = 0; i < kids.length; i += 2) {
    const k = kids[i]!;
    if (k !== token && k.kind === 'keyword' && k.ns === null) present.add(k.name);
  }
  // Retyping a key that already has its value: insert the key alone.
  const valueFollows = token !== null && kids[index + 1] !== undefined && kids.length % 2 === 0;
  const out: CompletionEntry[] = [];
  for (const field of schema.fields) {
    if (present.has(field.key)) continue;
    const label = ':' + field.key;
    let insertText = snippetEscape(label);
    if (!valueFollows) {
      const refs = field.ref ? refCandidates(analysis, field, schema).map((c) => c.id) : [];
      insertText = `${label} ${mapValueSnippet(field, 1, refs)}`;
    }
    const group = field.deprecated ? 9 : field.required ? 0 : 1;
    out.push({
      label,
      kind: 'key',
      detail: fieldSummary(field),
      docs: fieldDocs(field, schema.where),
      insertText,
      snippet: true,
      sortText: sortKey(group, field.key),
      filterText: label,
      ...(field.deprecated ? { deprecated: true } : {}),
    });
  }
  return out;
}
