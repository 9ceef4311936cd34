// Values of a field: the catalog's allowed values (methods, operations, `:on-timeout`, auth
// and template types, ...), ids the file declares for reference fields (templates of the
// right type, functions, slots of a fitting type, secrets, invocations), booleans, and
// common cron and duration strings.

import { printNode } from '../../../engine/edn/printer';
import type { DocumentAnalysis, MapSchema } from '../../../engine/language/analysis/index';
import { templateTypeByName } from '../../../engine/language/catalog/index';
import type { FieldSpec } from '../../../engine/language/catalog/types';
import { describeCron } from '../../../engine/language/cron-words';
import { fieldDocs, valueDocs } from '../docs';
import { sortKey, type CompletionEntry } from './items';

export interface RefCandidate {
  id: string;
  detail: string;
  docs: string;
}

/** Template types a field accepts, with legacy names resolved (`:sql` counts as `:db-query`). */
function acceptsTemplate(field: FieldSpec, schema: MapSchema, type: string | null): boolean {
  const wanted = field.templateTypes ?? (schema.step?.templateType ? [schema.step.templateType] : undefined);
  if (wanted === undefined || type === null) return true;
  const resolved = templateTypeByName.get(type)?.aliasOf ?? type;
  return wanted.includes(type) || wanted.includes(resolved);
}

function source(analysis: DocumentAnalysis, node: { start: number; end: number }, max = 600): string {
  const s = analysis.text.slice(node.start, node.end);
  return s.length > max ? s.slice(0, max) + ' ...' : s;
}

/** Declared ids a reference field may name, filtered by what fits there. */
export function refCandidates(analysis: DocumentAnalysis, field: FieldSpec, schema: MapSchema): RefCandidate[] {
  const d = analysis.decls;
  switch (field.ref) {
    case 'template':
      return [...d.templates.values()]
        .filter((t) => acceptsTemplate(field, schema, t.type))
        .map((t) => ({ id: t.id, detail: `${t.type ? ':' + t.type + ' ' : ''}template`, docs: '```clojure\n' + source(analysis, t.entry) + '\n```' }));
    case 'function':
      return [...d.functions.values()].map((f) => ({ id: f.id, detail: 'function', docs: '```clojure\n' + source(analysis, f.entry) + '\n```' }));
    case 'connection':
      return [...d.slots.values()]
        .filter((s) => field.slotTypes === undefined || s.type === null || field.slotTypes.includes(s.type))
        .map((s) => ({ id: s.id, detail: `${s.type ? ':' + s.type + ' ' : ''}slot`, docs: '```clojure\n' + source(analysis, s.entry) + '\n```' }));
    case 'secret': {
      const out: RefCandidate[] = [];
      const seen = new Set<string>();
      for (const s of d.slots.values()) {
        const id = s.secretRef ?? (s.type === 'secret' ? s.id : null);
        if (id === null || seen.has(id)) continue;
        seen.add(id);
        out.push({ id, detail: `secret (slot :${s.id})`, docs: '```clojure\n' + source(analysis, s.entry) + '\n```' });
      }
      return out;
    }
    case 'invocation':
      return [...d.invocations.values()].map((i) => ({ id: i.id, detail: 'invocation', docs: '```clojure\n' + printNode(i.node) + ' ' + source(analysis, i.entry) + '\n```' }));
    default:
      return [];
  }
}

const cronExamples = ['*/15 * * * *', '0 * * * *', '0 9 * * 1-5', '0 2 * * *', '0 0 1 * *'];
const durationExamples = ['30s', '5m', '1h', '24h', '7d'];

/** Completion entries for a field's value. `quoted`: the caret is inside a string already. */
export function valueItems(analysis: DocumentAnalysis, field: FieldSpec, schema: MapSchema, quoted = false): CompletionEntry[] {
  const out: CompletionEntry[] = [];
  if (field.ref !== undefined) {
    for (const c of refCandidates(analysis, field, schema)) {
      out.push({ label: ':' + c.id, kind: 'reference', detail: c.detail, docs: c.docs, insertText: ':' + c.id, snippet: false, sortText: sortKey(0, c.id), filterText: ':' + c.id });
    }
  }
  if (field.values !== undefined) {
    const keyword = field.kinds.includes('keyword');
    for (const v of field.values) {
      const text = keyword ? ':' + v : quoted ? v : JSON.stringify(v);
      out.push({ label: text, kind: 'enum', detail: `:${field.key}${field.default === ':' + v ? ' (default)' : ''}`, docs: valueDocs(field, v, schema.role), insertText: text, snippet: false, sortText: sortKey(field.default === ':' + v ? 0 : 1, v), filterText: text });
    }
  }
  if (field.kinds.includes('boolean') && field.values === undefined) {
    for (const b of ['true', 'false']) out.push({ label: b, kind: 'value', detail: `:${field.key}`, docs: fieldDocs(field), insertText: b, snippet: false, sortText: sortKey(field.default === b ? 0 : 1, b) });
  }
  if (field.cron) {
    for (const c of cronExamples) {
      out.push({ label: JSON.stringify(c), kind: 'value', detail: describeCron(c) ?? 'cron', docs: fieldDocs(field), insertText: quoted ? c : JSON.stringify(c), snippet: false, sortText: sortKey(2, c), filterText: quoted ? c : JSON.stringify(c) });
    }
  }
  if (field.duration) {
    for (const d of durationExamples) {
      out.push({ label: JSON.stringify(d), kind: 'value', detail: 'duration', docs: fieldDocs(field), insertText: quoted ? d : JSON.stringify(d), snippet: false, sortText: sortKey(2, d), filterText: quoted ? d : JSON.stringify(d) });
    }
  }
  return out;
}
