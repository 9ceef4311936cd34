// Completion entries as plain data (the handler turns them into LSP items), and the value
// snippets shared by key, entry and top-level completions.

import type { FieldSpec } from '../../../engine/language/catalog/types';

export type EntryKind = 'key' | 'value' | 'enum' | 'reference' | 'function' | 'special-form' | 'local' | 'snippet' | 'step-type' | 'variable' | 'section';

export interface CompletionEntry {
  label: string;
  kind: EntryKind;
  /** One line beside the label (type, signature, ...). */
  detail?: string;
  /** Markdown documentation. */
  docs?: string;
  /** Text that replaces the word at the caret. */
  insertText: string;
  /** `insertText` uses snippet syntax (`${1:..}`). */
  snippet: boolean;
  sortText: string;
  /** What the typed word is matched against, e.g. `:on-timeout` (colon and dashes included). */
  filterText?: string;
  deprecated?: boolean;
  /** `docs` left out: `completionItem/resolve` fills them in. */
  resolvable?: boolean;
}

export interface CompletionResult {
  items: CompletionEntry[];
  /** The source range the entries replace. */
  start: number;
  end: number;
  /** The list was cut (too many locals): the editor must ask again as the user types. */
  incomplete: boolean;
}

/** Escapes text for a snippet (outside placeholders). */
export function snippetEscape(s: string): string {
  return s.replace(/[$}\\]/g, (c) => '\\' + c);
}

/** Escapes a choice inside `${1|a,b|}`. */
function choiceEscape(s: string): string {
  return s.replace(/[,|\\$}]/g, (c) => '\\' + c);
}

/**
 * A placeholder for a field's value: choices for enums (`${1|:get,:post|}`), a quoted string,
 * `{}` for maps, `[]` for vectors, `true`/`false` for booleans, the default when there is one.
 * `refs` are ids the value may name (declared templates, slots, ...).
 */
export function valueSnippet(field: FieldSpec, n: number, refs: string[] = []): string {
  const kinds = field.kinds;
  const keywordish = kinds.includes('keyword');
  if (field.values && field.values.length > 0) {
    const shown = field.values.map((v) => (keywordish ? ':' + v : JSON.stringify(v)));
    return `\${${n}|${shown.map(choiceEscape).join(',')}|}`;
  }
  if (field.ref && refs.length > 0) return `\${${n}|${refs.map((r) => choiceEscape(':' + r)).join(',')}|}`;
  const def = field.default;
  if (field.duration) return `"\${${n}:${def ? snippetEscape(def.replace(/^"|"$/g, '')) : '5m'}}"`;
  if (field.cron) return `"\${${n}:0 * * * *}"`;
  switch (kinds[0]) {
    case 'string':
      return `"\${${n}${def ? ':' + snippetEscape(def.replace(/^"|"$/g, '')) : ''}}"`;
    case 'keyword':
      return `:\${${n}${def ? ':' + snippetEscape(def.replace(/^:/, '')) : ''}}`;
    case 'boolean':
      return `\${${n}|${def === 'false' ? 'false,true' : 'true,false'}|}`;
    case 'int':
    case 'number':
      return `\${${n}:${def ? snippetEscape(def) : '0'}}`;
    case 'map':
      return `{\${${n}}}`;
    case 'vector':
      return `[\${${n}}]`;
    case 'set':
      return `#{\${${n}}}`;
    case 'list':
      return `'(\${${n}})`;
    default:
      return `\${${n}}`;
  }
}

/** `:key value` entries for the required fields of a map, as one snippet body (no braces). */
export function requiredFieldsSnippet(fields: readonly FieldSpec[], first = 1, fixed: Record<string, string> = {}, skip: ReadonlySet<string> = new Set()): { text: string; next: number } {
  const parts: string[] = [];
  let n = first;
  for (const [k, v] of Object.entries(fixed)) parts.push(`:${k} ${v}`);
  for (const f of fields) {
    if (!f.required || f.key in fixed || skip.has(f.key) || f.deprecated) continue;
    parts.push(`:${f.key} ${valueSnippet(f, n++)}`);
  }
  return { text: parts.join(' '), next: n };
}

/** Sort keys: a group digit then the label, so groups stay together and labels sort inside. */
export function sortKey(group: number, label: string): string {
  return `${group}${label}`;
}
